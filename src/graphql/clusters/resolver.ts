import { Arg, Ctx, UseMiddleware, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import type { ClusterEvent as RegistryEvent, ClusterRegistry, RegisteredCluster } from "../../clusters/registry.js";
import { dns1123LabelError } from "../../federation/names.js";
import { kubernetesClusterType } from "../../clusters/kinds.js";
import { core } from "../../cluster/resource-type.js";
import { attributesOf, authorize, authorizedEvents, may, type Verb } from "../authorize.js";
import { audited } from "../audit.js";
import type { GraphQLContext } from "../context.js";
import { apiError, badInput, notFound } from "../errors.js";
import { delivered, live, Overflow } from "../live.js";
import { RegisterClusterInput } from "./inputs.js";
import { Cluster, cluster, ClusterStatusEvent, clusterStatusEvent } from "./types.js";

const REGISTRATION_WAIT_MS = 30_000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

@Resolver()
export class ClustersResolver {
  @Query(() => [Cluster], { description: "Every registered cluster, sorted by name." })
  async clusters(@Ctx() ctx: GraphQLContext): Promise<Cluster[]> {
    // Every KubernetesCluster is in the federation namespace: the caller may list them all, or sees none.
    if (!(await may(ctx, clusterAttributes(ctx, "list")))) return [];
    return ctx.services.clusters.list().map(cluster);
  }

  @Query(() => Cluster, { nullable: true, description: "One registered cluster; null when none has this name." })
  async cluster(@Arg("name") name: string, @Ctx() ctx: GraphQLContext): Promise<Cluster | null> {
    await authorize(ctx, clusterAttributes(ctx, "get", name));
    const found = ctx.services.clusters.get(name);
    return found ? cluster(found) : null;
  }

  @Mutation(() => Cluster, {
    description:
      "Registers a member cluster and returns it once fedplane knows it (it may not be ready yet): a real one by its " +
      "kubeconfig, or in the embedded default a new embedded cluster.",
  })
  @UseMiddleware(audited)
  async registerCluster(@Arg("input") input: RegisterClusterInput, @Ctx() ctx: GraphQLContext): Promise<Cluster> {
    const { clusters, registrations } = ctx.services;
    // What `glooctl cluster register` writes on the admin cluster: the KubernetesCluster and its kubeconfig Secret.
    await authorize(ctx, clusterAttributes(ctx, "create", input.name));
    await authorize(ctx, secretAttributes(ctx, "create", input.name));
    const nameError = dns1123LabelError(input.name);
    if (nameError) throw badInput("input.name", `cluster name "${input.name}" ${nameError}`);
    for (const ns of input.namespaces ?? []) {
      const nsError = dns1123LabelError(ns);
      if (nsError) throw badInput("input.namespaces", `namespace "${ns}" ${nsError}`);
    }
    if (input.tokenExpiresAt != null && (!RFC3339.test(input.tokenExpiresAt) || Number.isNaN(Date.parse(input.tokenExpiresAt))))
      throw badInput("input.tokenExpiresAt", `"${input.tokenExpiresAt}" is not an RFC 3339 time; give e.g. 2030-01-31T12:00:00Z`);
    if (clusters.get(input.name)) throw apiError("CONFLICT", `cluster "${input.name}" is already registered`);
    await registrations.register({ ...input });
    return cluster(await registered(clusters, input.name));
  }

  @Mutation(() => Boolean, {
    description:
      "Deregisters a member cluster after fedplane removed what it placed there (the KubernetesCluster's finalizer), " +
      "then drops its credentials. An embedded cluster is deleted too.",
  })
  @UseMiddleware(audited)
  async deregisterCluster(@Arg("name") name: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const { clusters, registrations } = ctx.services;
    await authorize(ctx, clusterAttributes(ctx, "delete", name));
    await authorize(ctx, secretAttributes(ctx, "delete", name));
    const found = clusters.get(name);
    if (!found) throw notFound(`cluster "${name}" is not registered`);
    if (found.local) throw badInput("name", `"${name}" is the admin cluster itself; start fedplane with --no-local-cluster to leave it out`);
    await registrations.deregister(name);
    return true;
  }

  @Subscription(() => ClusterStatusEvent, {
    description:
      "Registered clusters (ADDED for each one first), then every registration, change of labels, credentials or " +
      "readiness, and deregistration. Optionally for one cluster.",
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { cluster?: string | null }, GraphQLContext>) => {
      const { clusters } = context.services;
      const watch = clusterAttributes(context, "watch");
      await authorize(context, watch);
      const events = live<RegistryEvent>({
        subscribe: (emit) => clusters.onEvent(emit),
        current: () => clusters.list().map((c): RegistryEvent => ({ type: "added", cluster: c })),
        filter: (e) => !args.cluster || e.cluster.name === args.cluster,
      });
      return authorizedEvents(context, events, (e) => (e instanceof Overflow ? undefined : watch));
    },
  })
  clusterStatusChanged(
    @Root() event: RegistryEvent | Overflow,
    @Arg("cluster", () => String, { nullable: true }) _cluster?: string | null,
  ): ClusterStatusEvent {
    return clusterStatusEvent(delivered(event));
  }
}

const clusterAttributes = (ctx: GraphQLContext, verb: Verb, name?: string) =>
  attributesOf(kubernetesClusterType, verb, ctx.services.info.federationNamespace, name);
const secretAttributes = (ctx: GraphQLContext, verb: Verb, name?: string) => attributesOf(core.secrets, verb, ctx.services.info.federationNamespace, name);

/** Resolves once the registry has picked the new registration up. */
function registered(clusters: ClusterRegistry, name: string): Promise<RegisteredCluster> {
  return new Promise((resolve, reject) => {
    const done = (c: RegisteredCluster) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(c);
    };
    const unsubscribe = clusters.onEvent((e) => {
      if (e.type !== "removed" && e.cluster.name === name) done(e.cluster);
    });
    const timer = setTimeout(() => {
      unsubscribe();
      reject(apiError("UNAVAILABLE", `cluster "${name}" was registered but fedplane has not picked it up yet; query clusters again shortly`));
    }, REGISTRATION_WAIT_MS);
    const now = clusters.get(name);
    if (now) done(now);
  });
}
