import { Arg, Ctx, FieldResolver, Query, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { UnknownCheckError } from "../../health/check-items.js";
import { currentFindings, UnknownClusterError, type ClusterHealthEvent as HealthEvent } from "../../health/service.js";
import { glooInstanceType } from "../../clusters/kinds.js";
import { attributesOf, authorize, authorizedEvents, may, type Verb } from "../authorize.js";
import type { GraphQLContext } from "../context.js";
import { badInput, notFound } from "../errors.js";
import { FederatedResource } from "../federation/types.js";
import { delivered, live, Overflow } from "../live.js";
import { checkReport, CheckReport, ClusterHealthEvent, clusterHealthEvent, DestinationHealth, destinationHealth, GlooInstance, glooInstance } from "./types.js";

function asInputError(e: unknown): never {
  if (e instanceof UnknownCheckError) throw badInput("exclude", e.message);
  if (e instanceof UnknownClusterError) throw badInput("clusters", `${e.message}; query clusters for the registered ones`);
  throw e;
}

const instanceAttributes = (ctx: GraphQLContext, verb: Verb) => attributesOf(glooInstanceType, verb, ctx.services.info.federationNamespace);

@Resolver()
export class HealthResolver {
  @Query(() => CheckReport, {
    description:
      "glooctl check for every registered cluster (or those named) and each Gloo installation in it, served from " +
      "fedplane's watch caches: no API server is called. exclude takes glooctl's -x keys (upstreams, pods, " +
      "virtual-services, ...); namespaces restricts the resources checked (glooctl's --resource-namespaces).",
  })
  async check(
    @Ctx() ctx: GraphQLContext,
    @Arg("clusters", () => [String], { nullable: true }) clusters?: string[] | null,
    @Arg("exclude", () => [String], { nullable: true }) exclude?: string[] | null,
    @Arg("namespaces", () => [String], { nullable: true }) namespaces?: string[] | null,
  ): Promise<CheckReport> {
    // Health is what GlooInstances report: reading it is reading them.
    await authorize(ctx, instanceAttributes(ctx, "list"));
    try {
      return checkReport(ctx.services.health.check({ clusters: clusters ?? undefined, exclude: exclude ?? undefined, namespaces: namespaces ?? undefined }));
    } catch (e) {
      asInputError(e);
    }
  }

  @Query(() => [GlooInstance], { description: "Gloo installations discovered in the registered clusters (as the GlooInstance objects say)." })
  async glooInstances(@Ctx() ctx: GraphQLContext, @Arg("cluster", () => String, { nullable: true }) cluster?: string | null): Promise<GlooInstance[]> {
    if (!(await may(ctx, instanceAttributes(ctx, "list")))) return [];
    if (cluster && !ctx.services.clusters.get(cluster)) throw notFound(`cluster "${cluster}" is not registered`);
    return ctx.services.health.glooInstances(cluster ?? undefined).map(glooInstance);
  }

  @Subscription(() => ClusterHealthEvent, {
    description:
      "Health per cluster: first one event per cluster with its current findings (as appeared), then an event " +
      "whenever a finding appears or clears. Optionally for one cluster.",
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { cluster?: string | null }, GraphQLContext>) => {
      const { health } = context.services;
      const watch = instanceAttributes(context, "watch");
      await authorize(context, watch);
      const events = live<HealthEvent>({
        subscribe: (emit) => health.onHealthChanged(emit),
        current: () =>
          health.check().map((check): HealthEvent => ({ cluster: check.cluster, check, appeared: currentFindings(check), cleared: [] })),
        filter: (e) => !args.cluster || e.cluster === args.cluster,
      });
      return authorizedEvents(context, events, (e) => (e instanceof Overflow ? undefined : watch));
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

