import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";
import { Counter, Histogram, type Registry } from "prom-client";

/** Operation names are chosen by clients: past this many distinct ones, further names are counted as "other". */
const MAX_NAMES = 200;

/**
 * GraphQL operations over HTTP (an Apollo plugin): graphql_operations_total{type,name,outcome} and
 * graphql_operation_duration_seconds{type,name}. outcome: success; error (the operation ran and reported errors);
 * invalid (it did not parse or validate, so type and name may be "unknown" and "anonymous").
 */
export function graphqlMetricsPlugin(registers: Registry[]): ApolloServerPlugin {
  const total = new Counter({
    name: "graphql_operations_total",
    help: "GraphQL operations over HTTP by operation type, operation name and outcome (success, error, invalid)",
    labelNames: ["type", "name", "outcome"],
    registers,
  });
  const duration = new Histogram({
    name: "graphql_operation_duration_seconds",
    help: "Time from receiving a GraphQL operation over HTTP to sending its response",
    labelNames: ["type", "name"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const names = new Set<string>();
  const nameLabel = (name: string | null | undefined): string => {
    if (!name) return "anonymous";
    if (names.has(name)) return name;
    if (names.size >= MAX_NAMES) return "other";
    names.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let resolved = false;
      return {
        async didResolveOperation() {
          resolved = true;
        },
        async willSendResponse(ctx) {
          // An operation that did not validate has no resolved operation, but its document parsed: label it by that.
          const operations = ctx.document?.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION) ?? [];
          const op = ctx.operation ?? (operations.length === 1 ? operations[0] : undefined);
          const type = op?.operation ?? "unknown";
          const name = nameLabel(ctx.operationName ?? op?.name?.value);
          const failed = ctx.errors?.length || (ctx.response.body.kind === "single" && ctx.response.body.singleResult.errors?.length);
          const outcome = !resolved ? "invalid" : failed ? "error" : "success";
          total.inc({ type, name, outcome });
          duration.observe({ type, name }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}
