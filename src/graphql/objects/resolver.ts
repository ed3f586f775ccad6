import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { errorMessage } from "../../cluster/errors.js";
import { parseSelector } from "../../cluster/selector.js";
import { redactText } from "../../app/logger.js";
import { attributesOf, readable } from "../authorize.js";
import type { GraphQLContext } from "../context.js";
import { glooKindOfEnum, GlooKindValue } from "../enums.js";
import { badInput } from "../errors.js";
import { ClusterFailure, ClusterObjects, clusterObject, type PlacedObject } from "./types.js";

@Resolver()
export class ObjectsResolver {
  @Query(() => ClusterObjects, {
    description:
      "Objects of a Gloo kind across member clusters (all registered ones unless named), e.g. every VirtualService in " +
      "gloo-system everywhere. Served from fedplane's watch caches where it has them, otherwise one list per cluster. " +
      "A cluster that cannot be read is reported in failures; the others are still answered.",
  })
  async resources(
    @Ctx() ctx: GraphQLContext,
    @Arg("kind", () => GlooKindValue) kind: string,
    @Arg("clusters", () => [String], { nullable: true }) clusters?: string[] | null,
    @Arg("namespace", () => String, { nullable: true, description: "Default: all namespaces." }) namespace?: string | null,
    @Arg("labelSelector", () => String, { nullable: true, description: 'Kubernetes form, e.g. "app=web,tier!=db".' })
    labelSelector?: string | null,
  ): Promise<ClusterObjects> {
    const registry = ctx.services.clusters;
    const names = clusters?.length ? [...new Set(clusters)] : registry.list().map((c) => c.name);
    const unknown = names.filter((n) => !registry.get(n));
    if (unknown.length) throw badInput("clusters", `not registered: ${unknown.join(", ")}; query clusters for the registered ones`);
    if (labelSelector) {
      try {
        parseSelector(labelSelector);
      } catch (e) {
        throw badInput("labelSelector", errorMessage(e));
      }
    }
    const type = glooKindOfEnum(kind);
    const objects: PlacedObject[] = [];
    const failures: ClusterFailure[] = [];
    await Promise.all(
      names.map(async (cluster) => {
        try {
          const items = await ctx.loaders.objects.load({ cluster, type, namespace: namespace ?? undefined, labelSelector: labelSelector ?? undefined });
          objects.push(...items.map((o) => clusterObject(cluster, o)));
        } catch (e) {
          failures.push(Object.assign(new ClusterFailure(), { cluster, message: redactText(errorMessage(e)) }));
        }
      }),
    );
    // Gloo objects are read as kubectl would read them: `list` on their kind in their namespace.
    const visible = await readable(ctx, objects, (o) => attributesOf(type, "list", o.namespace));
    const order = (o: PlacedObject) => `${o.cluster}\u0000${o.namespace}\u0000${o.name}`;
    visible.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
    failures.sort((a, b) => (a.cluster < b.cluster ? -1 : 1));
    return Object.assign(new ClusterObjects(), { objects: visible, failures });
  }
}
