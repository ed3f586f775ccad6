import type { Command } from "commander";
import { stringify } from "yaml";
import type { FederatedKind } from "../../federation/kinds.js";
import type { FedplaneClient } from "../../sdk/client.js";
import type { FederatedKind as KindEnum } from "../../sdk/generated/graphql.js";
import { parseKind } from "../kinds.js";
import { oneOf } from "../options.js";
import { placedCount, stateColour } from "../render/placement.js";
import { age, table } from "../render/table.js";
import { withServer, withServerOption } from "../server.js";
import { styleFor } from "../style.js";
import type { RegisterCommand } from "./index.js";

type Output = "table" | "json" | "yaml";

interface GetFlags {
  server?: string;
  namespace?: string;
  output: Output;
}

const PAGE = 500;

export const registerGet: RegisterCommand = (program: Command) => {
  withServerOption(
    program
      .command("get")
      .description(
        "Show federated resources with their placement. With a name: each destination's placement state next to " +
          "what Gloo in that cluster says about the placed object (ACCEPTED, REJECTED, ...).",
      )
      .argument("<kind>", "federated kind: federatedupstreams, FederatedVirtualService, upstream, ...", parseKind)
      .argument("[name]", "one resource (in --namespace)")
      .option("-n, --namespace <namespace>", "namespace (default: all for lists, gloo-system for a name)")
      .option("-o, --output <format>", "table, json or yaml", oneOf(["table", "json", "yaml"] as const), "table"),
  ).action((kind: FederatedKind, name: string | undefined, flags: GetFlags) =>
    withServer(flags.server, (client) => (name ? getOne(client, kind, name, flags) : getList(client, kind, flags))),
  );
};

function print(value: unknown, output: Output) {
  process.stdout.write(output === "yaml" ? stringify(value) : `${JSON.stringify(value, null, 2)}\n`);
}

async function getList(client: FedplaneClient, kind: FederatedKind, flags: GetFlags): Promise<void> {
  const nodes = [];
  let after: string | null | undefined;
  do {
    const { federatedResources: page } = await client.federatedResources({ kind: kind.name as KindEnum, namespace: flags.namespace, first: PAGE, after });
    nodes.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
  } while (after);
  if (flags.output !== "table") return print(nodes, flags.output);
  if (nodes.length === 0) {
    process.stdout.write(`No ${kind.type.plural} found${flags.namespace ? ` in namespace ${flags.namespace}` : ""}.\n`);
    return;
  }
  const style = styleFor();
  const rows = nodes.map((r) => [
    r.metadata.namespace ?? "",
    r.metadata.name,
    r.placementStatus ? stateColour(r.placementStatus.state, style) : style.warn("UNKNOWN"),
    placedCount(r.placementStatus),
    age(r.metadata.creationTimestamp),
    r.placementStatus?.message ?? "",
  ]);
  process.stdout.write(table(["NAMESPACE", "NAME", "STATE", "PLACED", "AGE", "MESSAGE"], rows));
}

async function getOne(client: FedplaneClient, kind: FederatedKind, name: string, flags: GetFlags): Promise<void> {
  const namespace = flags.namespace ?? "gloo-system";
  const vars = { kind: kind.name as KindEnum, namespace, name };
  const notFound = () => new Error(`${kind.name} ${namespace}/${name} not found; \`fedplane get ${kind.type.plural}\` lists them`);
  if (flags.output !== "table") {
    const [{ federatedResource }, health] = await Promise.all([client.federatedResource(vars), client.federatedResourceHealth(vars)]);
    if (!federatedResource) throw notFound();
    return print({ ...federatedResource, glooHealth: health.federatedResource?.glooHealth ?? [] }, flags.output);
  }
  const { federatedResource: r } = await client.federatedResourceHealth(vars);
  if (!r) throw notFound();
  const style = styleFor();
  const overall = r.placementStatus;
  process.stdout.write(
    `${style.bold(`${kind.name} ${namespace}/${name}`)}   ${overall ? stateColour(overall.state, style) : style.warn("UNKNOWN")}` +
      `${overall?.message ? `   ${overall.message}` : ""}\n`,
  );
  if (r.glooHealth.length === 0) return;
  const rows = r.glooHealth.map((d) => [
    d.cluster,
    d.namespace,
    stateColour(d.placement, style),
    stateColour(d.gloo, style),
    [d.placementMessage, d.reason].filter(Boolean).join("; "),
  ]);
  process.stdout.write(table(["CLUSTER", "NAMESPACE", "PLACEMENT", "GLOO", "MESSAGE"], rows));
}
