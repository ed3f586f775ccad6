import { Arg, Ctx, FieldResolver, Query, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { UnknownCheckError } from "../../health/check-items.js";
import { currentFindings, UnknownClusterError, type ClusterHealthEvent as HealthEvent } from "../../health/service.js";
import type { GraphQLContext } from "../context.js";
import { badInput, notFound } from "../errors.js";
import { FederatedResource } from "../federation/types.js";
import { delivered, live, type Overflow } from "../live.js";
import { checkReport, CheckReport, ClusterHealthEvent, clusterHealthEvent, DestinationHealth, destinationHealth, GlooInstance, glooInstance } from "./types.js";

function asInputError(e: unknown): never {
  if (e instanceof UnknownCheckError) throw badInput("exclude", e.message);
  if (e instanceof UnknownClusterError) throw badInput("clusters", `${e.message}; query clusters for the registered ones`);
  throw e;
}

@Resolver()
export class HealthResolver {
  @Query(() => CheckReport, {
    description:
      "glooctl check for every registered cluster (or those named) and each Gloo installation in it, served from " +
      "fedplane's watch caches: no API server is called. exclude takes glooctl's -x keys (upstreams, pods, " +
      "virtual-services, ...); namespaces restricts the resources checked (glooctl's --resource-namespaces).",
  })
  check(
    @Ctx() ctx: GraphQLContext,
    @Arg("clusters", () => [String], { nullable: true }) clusters?: string[] | null,
    @Arg("exclude", () => [String], { nullable: true }) exclude?: string[] | null,
    @Arg("namespaces", () => [String], { nullable: true }) namespaces?: string[] | null,
  ): CheckReport {
    try {
      return checkReport(ctx.services.health.check({ clusters: clusters ?? undefined, exclude: exclude ?? undefined, namespaces: namespaces ?? undefined }));
    } catch (e) {
      asInputError(e);
    }
  }

  @Query(() => [GlooInstance], { description: "Gloo installations discovered in the registered clusters (as the GlooInstance objects say)." })
  glooInstances(@Ctx() ctx: GraphQLContext, @Arg("cluster", () => String, { nullable: true }) cluster?: string | null): GlooInstance[] {
    if (cluster && !ctx.services.clusters.get(cluster)) throw notFound(`cluster "${cluster}" is not registered`);
    return ctx.services.health.glooInstances(cluster ?? undefined).map(glooInstance);
  }

  @Subscription(() => ClusterHealthEvent, {
    description:
      "Health per cluster: first one event per cluster with its current findings (as appeared), then an event " +
      "whenever a finding appears or clears. Optionally for one cluster.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { cluster?: string | null }, GraphQLContext>) => {
      const { health } = context.services;
      return live<HealthEvent>({
        subscribe: (emit) => health.onHealthChanged(emit),
        current: () =>
          health.check().map((check): HealthEvent => ({ cluster: check.cluster, check, appeared: currentFindings(check), cleared: [] })),
        filter: (e) => !args.cluster || e.cluster === args.cluster,
      });
    },
  })
  clusterHealthChanged(
    @Root() event: HealthEvent | Overflow,
    @Arg("cluster", () => String, { nullable: true }) _cluster?: string | null,
  ): ClusterHealthEvent {
    return clusterHealthEvent(delivered(event));
  }
}

@Resolver(() => FederatedResource)
export class FederatedResourceHealthResolver {
  @FieldResolver(() => [DestinationHealth], {
    description:
      "For each destination, what Gloo in that cluster says about the placed object (from fedplane's caches): " +
      "so a destination PLACED but REJECTED by Gloo shows here.",
  })
  glooHealth(@Root() resource: FederatedResource, @Ctx() ctx: GraphQLContext): DestinationHealth[] {
    return ctx.services.health.placementHealth(resource.row, resource.source).map(destinationHealth);
  }
}

