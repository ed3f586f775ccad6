import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { apiVersionOf } from "../../cluster/resource-type.js";
import { FederationError } from "../../federation/errors.js";
import type { PlacementChangedEvent, ResourceChangedEvent } from "../../federation/events.js";
import type { ApplyResult, FederationService } from "../../federation/service.js";
import type { FederatedObject } from "../../federation/resource.js";
import { resolveKind } from "../../federation/validation.js";
import type { GraphQLContext } from "../context.js";
import { FederatedKindValue, federatedKindOfEnum, PlacementStateValue, WatchEventType } from "../enums.js";
import { delivered, live, type Overflow } from "../live.js";
import { placedObject, PlacedObject } from "../objects/types.js";
import { FederatedResourceInput, UpdateFederatedResourceInput } from "./inputs.js";
import { checkPageSize, decodeCursor, encodeCursor } from "./paging.js";
import {
  ApplyAction,
  ApplyManifestResult,
  AppliedResource,
  FederatedResource,
  federatedResource,
  FederatedResourceConnection,
  FederatedResourceEvent,
  placementPlan,
  placementStatus,
  PlacementStatusEvent,
} from "./types.js";
import { PageInfo } from "../shared/types.js";

const actions: Record<ApplyResult["action"], ApplyAction> = {
  created: ApplyAction.CREATED,
  updated: ApplyAction.UPDATED,
  unchanged: ApplyAction.UNCHANGED,
  wouldCreate: ApplyAction.WOULD_CREATE,
  wouldUpdate: ApplyAction.WOULD_UPDATE,
};

/** A stored object in GraphQL form, with its latest observed placement. */
function present(service: FederationService, obj: FederatedObject): FederatedResource {
  return federatedResource(resolveKind(obj.kind), obj, service.placementStatus(obj));
}

/**
 * The GraphQL input as the manifest the service validates, so both paths share one set of rules. Plain JSON: the
 * input objects are class instances.
 */
function manifestOf(input: FederatedResourceInput, resourceVersion?: string): unknown {
  const row = federatedKindOfEnum(input.kind);
  return JSON.parse(
    JSON.stringify({
      apiVersion: apiVersionOf(row.type),
      kind: row.name,
      metadata: { name: input.name, namespace: input.namespace, labels: input.labels, annotations: input.annotations, resourceVersion },
      spec: { template: input.template, placement: input.placement, overrides: input.overrides ?? undefined },
    }),
  );
}

/** Validation names manifest paths (spec.placement.clusters[1]); for input objects, name the input field instead. */
async function asInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof FederationError && e.field) {
      const field = e.field.replace(/^spec\./, "input.").replace(/^metadata\./, "input.").replace(/^kind$/, "input.kind");
      throw new FederationError(e.code, e.message.replace(e.field, field), field);
    }
    throw e;
  }
}

const refMatches = (filter: { kind?: string | null; namespace?: string | null; name?: string | null }) => {
  const kindName = filter.kind ? federatedKindOfEnum(filter.kind).name : undefined;
  return (kind: string, namespace: string, name?: string) =>
    (!kindName || kind === kindName) && (!filter.namespace || namespace === filter.namespace) && (!filter.name || name === filter.name);
};

@Resolver(() => FederatedResource)
export class FederatedResourceResolver {
  @FieldResolver(() => [PlacedObject], {
    description: "The objects this resource placed, as the member clusters hold them now (from fedplane's watch caches).",
  })
  placedObjects(@Root() resource: FederatedResource, @Ctx() ctx: GraphQLContext): PlacedObject[] {
    return ctx.services.federation.placedObjects(resource.source).map(placedObject);
  }
}

@Resolver(() => PlacementStatusEvent)
export class PlacementStatusEventResolver {
  @FieldResolver(() => FederatedResource, { nullable: true, description: "The resource as stored now; null once it is gone." })
  resource(@Root() event: PlacementStatusEvent, @Ctx() ctx: GraphQLContext): FederatedResource | null {
    const { federation } = ctx.services;
    const obj = federation.get(event.kind, event.namespace, event.name);
    return obj ? present(federation, obj) : null;
  }
}

@Resolver()
export class FederationResolver {
  @Query(() => FederatedResourceConnection, {
    description: "Federated resources, sorted by kind, namespace and name; filter by kind, namespace and overall state.",
  })
  federatedResources(
    @Ctx() ctx: GraphQLContext,
    @Arg("kind", () => FederatedKindValue, { nullable: true }) kind?: string | null,
    @Arg("namespace", () => String, { nullable: true }) namespace?: string | null,
    @Arg("state", () => PlacementStateValue, { nullable: true }) state?: string | null,
    @Arg("first", () => Int, { defaultValue: 100, description: "Page size, 1 to 1000." }) first = 100,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the previous page." }) after?: string | null,
  ): FederatedResourceConnection {
    const { federation } = ctx.services;
    checkPageSize(first);
    const all = federation.list({ kind: kind ?? undefined, namespace: namespace ?? undefined, state: (state ?? undefined) as never });
    const start = after ? decodeCursor(after, all) : 0;
    const page = all.slice(start, start + first);
    return Object.assign(new FederatedResourceConnection(), {
      nodes: page.map((o) => present(federation, o)),
      totalCount: all.length,
      pageInfo: Object.assign(new PageInfo(), {
        hasNextPage: start + page.length < all.length,
        endCursor: page.length ? encodeCursor(page[page.length - 1]) : (after ?? null),
      }),
    });
  }

  @Query(() => FederatedResource, { nullable: true, description: "One federated resource; null when it does not exist." })
  federatedResource(
    @Ctx() ctx: GraphQLContext,
    @Arg("kind", () => FederatedKindValue) kind: string,
    @Arg("namespace") namespace: string,
    @Arg("name") name: string,
  ): FederatedResource | null {
    const { federation } = ctx.services;
    const obj = federation.get(kind, namespace, name);
    return obj ? present(federation, obj) : null;
  }

  @Mutation(() => ApplyManifestResult, {
    description:
      "kubectl apply for federated kinds: one or many YAML or JSON documents (or a List). Each is created, updated " +
      "(labels, annotations and spec replaced) or left unchanged. All documents are validated before anything is " +
      "written. With dryRun nothing is written and each result carries the placement plan.",
  })
  async applyManifest(
    @Ctx() ctx: GraphQLContext,
    @Arg("manifest") manifest: string,
    @Arg("dryRun", { defaultValue: false }) dryRun: boolean,
  ): Promise<ApplyManifestResult> {
    const { federation } = ctx.services;
    const results = await federation.apply(manifest, { dryRun });
    return Object.assign(new ApplyManifestResult(), {
      dryRun,
      resources: results.map((r) =>
        Object.assign(new AppliedResource(), {
          action: actions[r.action],
          kind: resolveKind(r.kind).name,
          namespace: r.namespace,
          name: r.name,
          resource: present(federation, r.object),
          plan: r.plan ? placementPlan(r.plan) : null,
        }),
      ),
    });
  }

  @Mutation(() => FederatedResource, { description: "Creates a federated resource (CONFLICT if it exists). dryRun validates only." })
  async createFederatedResource(
    @Ctx() ctx: GraphQLContext,
    @Arg("input") input: FederatedResourceInput,
    @Arg("dryRun", { defaultValue: false }) dryRun: boolean,
  ): Promise<FederatedResource> {
    const { federation } = ctx.services;
    return present(federation, await asInput(() => federation.create(manifestOf(input), { dryRun })));
  }

  @Mutation(() => FederatedResource, {
    description: "Replaces a federated resource's labels, annotations and spec; CONFLICT when resourceVersion is not the latest.",
  })
  async updateFederatedResource(
    @Ctx() ctx: GraphQLContext,
    @Arg("input") input: UpdateFederatedResourceInput,
    @Arg("dryRun", { defaultValue: false }) dryRun: boolean,
  ): Promise<FederatedResource> {
    const { federation } = ctx.services;
    return present(federation, await asInput(() => federation.update(manifestOf(input, input.resourceVersion), { dryRun })));
  }

  @Mutation(() => FederatedResource, {
    description:
      "Deletes a federated resource. fedplane then removes what it placed from every cluster; until that is done the " +
      "resource remains with metadata.deletionTimestamp set (the returned state).",
  })
  async deleteFederatedResource(
    @Ctx() ctx: GraphQLContext,
    @Arg("kind", () => FederatedKindValue) kind: string,
    @Arg("namespace") namespace: string,
    @Arg("name") name: string,
  ): Promise<FederatedResource> {
    const { federation } = ctx.services;
    return present(federation, await federation.delete(kind, namespace, name));
  }

  @Subscription(() => PlacementStatusEvent, {
    description:
      "The observed placement of matching federated resources: first the current placement of each, then every change, " +
      "including each destination's transitions as the member clusters' watches see them (a placed object deleted by " +
      "hand shows up before it is restored).",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, PlacementArgs, GraphQLContext>) => {
      const { federation } = context.services;
      const matches = refMatches(args);
      return live<PlacementChangedEvent>({
        subscribe: (emit) => federation.onPlacementChanged(emit),
        current: () =>
          federation
            .list({ kind: args.kind ?? undefined, namespace: args.namespace ?? undefined })
            .filter((o) => matches(o.kind, o.metadata.namespace ?? "", o.metadata.name))
            .map((o) => ({
              kind: o.kind,
              namespace: o.metadata.namespace ?? "",
              name: o.metadata.name,
              generation: o.metadata.generation ?? 0,
              placementStatus: federation.placementStatus(o) as PlacementChangedEvent["placementStatus"],
            })),
        filter: (e) => matches(e.kind, e.namespace, e.name),
      });
    },
  })
  placementStatusChanged(
    @Root() event: PlacementChangedEvent | Overflow,
    @Ctx() ctx: GraphQLContext,
    @Arg("kind", () => FederatedKindValue, { nullable: true }) _kind?: string | null,
    @Arg("namespace", () => String, { nullable: true }) _namespace?: string | null,
    @Arg("name", () => String, { nullable: true }) _name?: string | null,
  ): PlacementStatusEvent {
    const e = delivered(event);
    return Object.assign(new PlacementStatusEvent(), {
      kind: resolveKind(e.kind).name,
      namespace: e.namespace,
      name: e.name,
      generation: e.generation,
      placementStatus: placementStatus(e.placementStatus),
    });
  }

  @Subscription(() => FederatedResourceEvent, {
    description: "Federated resources of a kind and/or namespace: first ADDED for each existing one, then every change.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, PlacementArgs, GraphQLContext>) => {
      const { federation } = context.services;
      const matches = refMatches(args);
      return live<ResourceChangedEvent>({
        subscribe: (emit) => federation.onResourceChanged(emit),
        current: () =>
          federation
            .list({ kind: args.kind ?? undefined, namespace: args.namespace ?? undefined })
            .map((object): ResourceChangedEvent => ({ type: "ADDED", object })),
        filter: (e) => matches(e.object.kind, e.object.metadata.namespace ?? ""),
      });
    },
  })
  federatedResourceChanged(
    @Root() event: ResourceChangedEvent | Overflow,
    @Ctx() ctx: GraphQLContext,
    @Arg("kind", () => FederatedKindValue, { nullable: true }) _kind?: string | null,
    @Arg("namespace", () => String, { nullable: true }) _namespace?: string | null,
  ): FederatedResourceEvent {
    const e = delivered(event);
    return Object.assign(new FederatedResourceEvent(), {
      type: WatchEventType[e.type],
      resource: present(ctx.services.federation, e.object),
    });
  }
}

interface PlacementArgs {
  kind?: string | null;
  namespace?: string | null;
  name?: string | null;
}
