import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { apiVersionOf } from "../../cluster/resource-type.js";
import type { FederatedKind as FederatedKindRow } from "../../federation/kinds.js";
import type { Plan } from "../../federation/planner.js";
import type {
  FederatedObject,
  LabelSelectorSpec,
  Override as OverrideSpec,
  PlacementStatus as PlacementStatusSpec,
} from "../../federation/resource.js";
import { FederatedKindValue, PlacementStateValue, WatchEventType } from "../enums.js";
import { JSONScalar } from "../scalars.js";
import { LabelSelector, LabelSelectorRequirement, ObjectMeta, objectMeta, PageInfo } from "../shared/types.js";

@ObjectType({ description: "Where a federated resource goes: clusters (explicit, \"*\" or by selector) x namespaces." })
export class Placement {
  @Field(() => [String], { description: 'Cluster names; "*" means every registered cluster.' })
  clusters!: string[];

  @Field(() => LabelSelector, { nullable: true, description: "Clusters whose labels match, in addition to clusters." })
  clusterSelector!: LabelSelector | null;

  @Field(() => [String])
  namespaces!: string[];
}

@ObjectType({ description: "A per-cluster change of the template, applied after it in list order." })
export class Override {
  @Field(() => [String])
  clusters!: string[];

  @Field(() => LabelSelector, { nullable: true })
  clusterSelector!: LabelSelector | null;

  @Field(() => JSONScalar, { nullable: true, description: "RFC 7386 JSON merge patch of {metadata, spec}." })
  patch!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "RFC 6902 JSON patch operations." })
  jsonPatch!: unknown;
}

@ObjectType()
export class FederatedResourceSpec {
  @Field(() => JSONScalar, { nullable: true, description: "{metadata: {name, labels, annotations}, spec: <target spec>}" })
  template!: unknown;

  @Field(() => Placement, { nullable: true, description: "Null when the stored object has none (its state is INVALID)." })
  placement!: Placement | null;

  @Field(() => [Override])
  overrides!: Override[];
}

@ObjectType({ description: "The state of one destination (cluster x namespace)." })
export class NamespacePlacement {
  @Field()
  namespace!: string;

  @Field(() => PlacementStateValue)
  state!: string;

  @Field(() => String, { nullable: true })
  message!: string | null;
}

@ObjectType()
export class ClusterPlacement {
  @Field()
  cluster!: string;

  @Field(() => [NamespacePlacement])
  namespaces!: NamespacePlacement[];
}

@ObjectType({ description: "Gloo Federation's status.placementStatus, with maps turned into sorted lists." })
export class PlacementStatus {
  @Field(() => PlacementStateValue)
  state!: string;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => Int, { nullable: true, description: "The metadata.generation this status describes." })
  observedGeneration!: number | null;

  @Field(() => String, { nullable: true })
  writtenBy!: string | null;

  @Field(() => [ClusterPlacement])
  clusters!: ClusterPlacement[];
}

@ObjectType({ description: "A federated Gloo resource: a template placed into clusters x namespaces." })
export class FederatedResource {
  /** The stored object and its table row, for field resolvers (not exposed). */
  source!: FederatedObject;
  row!: FederatedKindRow;

  @Field(() => FederatedKindValue, { description: "The Kubernetes kind, e.g. FederatedUpstream." })
  kind!: string;

  @Field()
  apiVersion!: string;

  @Field({ description: 'The kind placed into member clusters, e.g. "Upstream".' })
  targetKind!: string;

  @Field()
  targetApiVersion!: string;

  @Field(() => ObjectMeta)
  metadata!: ObjectMeta;

  @Field(() => FederatedResourceSpec)
  spec!: FederatedResourceSpec;

  @Field(() => PlacementStatus, { nullable: true, description: "Null until fedplane has processed the resource." })
  placementStatus!: PlacementStatus | null;

  // placedObjects: [PlacedObject!]! is a field resolver (read from the member clusters' watch caches)
}

@ObjectType()
export class FederatedResourceConnection {
  @Field(() => [FederatedResource])
  nodes!: FederatedResource[];

  @Field(() => Int, { description: "Matching resources in all pages." })
  totalCount!: number;

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class FederatedResourceEvent {
  @Field(() => WatchEventType)
  type!: WatchEventType;

  @Field(() => FederatedResource, { description: "The resource after the change (the last state seen for DELETED)." })
  resource!: FederatedResource;
}

@ObjectType({ description: "The observed placement of one federated resource changed." })
export class PlacementStatusEvent {
  @Field(() => FederatedKindValue)
  kind!: string;

  @Field()
  namespace!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: "The resource's metadata.generation this placement is for." })
  generation!: number;

  @Field(() => PlacementStatus, { nullable: true, description: "Null while the resource was not processed yet." })
  placementStatus!: PlacementStatus | null;

  // resource: FederatedResource (the resource as stored now) is a field resolver
}

const selector = (s: LabelSelectorSpec | undefined): LabelSelector | null =>
  s
    ? Object.assign(new LabelSelector(), {
        matchLabels: s.matchLabels ?? {},
        matchExpressions: (s.matchExpressions ?? []).map((e) =>
          Object.assign(new LabelSelectorRequirement(), { key: e.key, operator: e.operator, values: e.values ?? [] }),
        ),
      })
    : null;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function placementStatus(status: PlacementStatusSpec | undefined): PlacementStatus | null {
  if (!status) return null;
  const generation = Number(status.observedGeneration);
  return Object.assign(new PlacementStatus(), {
    state: status.state ?? "UNKNOWN",
    message: status.message || null,
    observedGeneration: status.observedGeneration !== undefined && Number.isFinite(generation) ? generation : null,
    writtenBy: status.writtenBy || null,
    clusters: Object.entries(status.clusters ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([cluster, c]) =>
        Object.assign(new ClusterPlacement(), {
          cluster,
          namespaces: Object.entries(c?.namespaces ?? {})
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([namespace, d]) =>
              Object.assign(new NamespacePlacement(), { namespace, state: d.state ?? "UNKNOWN", message: d.message || null }),
            ),
        }),
      ),
  });
}

/** status: the latest observed placement when known (it can be ahead of the written status). */
export function federatedResource(row: FederatedKindRow, obj: FederatedObject, status = obj.status?.placementStatus): FederatedResource {
  const spec = obj.spec ?? {};
  const p = spec.placement;
  return Object.assign(new FederatedResource(), {
    source: obj,
    row,
    kind: row.name,
    apiVersion: apiVersionOf(row.type),
    targetKind: row.target.kind,
    targetApiVersion: apiVersionOf(row.target),
    metadata: objectMeta(obj),
    spec: Object.assign(new FederatedResourceSpec(), {
      template: spec.template ?? null,
      placement:
        p && typeof p === "object"
          ? Object.assign(new Placement(), {
              clusters: strings(p.clusters),
              clusterSelector: selector(p.clusterSelector),
              namespaces: strings(p.namespaces),
            })
          : null,
      overrides: (Array.isArray(spec.overrides) ? spec.overrides : []).map((o: OverrideSpec) =>
        Object.assign(new Override(), {
          clusters: strings(o.clusters),
          clusterSelector: selector(o.clusterSelector),
          patch: o.patch ?? null,
          jsonPatch: o.jsonPatch ?? null,
        }),
      ),
    }),
    placementStatus: placementStatus(status),
  });
}

export enum ApplyAction {
  CREATED = "CREATED",
  UPDATED = "UPDATED",
  UNCHANGED = "UNCHANGED",
  WOULD_CREATE = "WOULD_CREATE",
  WOULD_UPDATE = "WOULD_UPDATE",
}
registerEnumType(ApplyAction, { name: "ApplyAction", description: "What applyManifest did (or, in a dry run, would do) with a document." });

@ObjectType({ description: "One object fedplane would write: into namespace of cluster." })
export class PlannedDestination {
  @Field()
  cluster!: string;

  @Field()
  namespace!: string;

  @Field(() => JSONScalar, { description: "The Gloo object as it would be written (template, overrides, ownership applied)." })
  object!: unknown;
}

@ObjectType({ description: "What placing a federated resource would write where, for the clusters registered now." })
export class PlacementPlan {
  @Field({ description: "False when the placement is invalid (the resource would be INVALID); message says why." })
  valid!: boolean;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => [String])
  clusters!: string[];

  @Field(() => [String])
  namespaces!: string[];

  @Field(() => [PlannedDestination])
  destinations!: PlannedDestination[];
}

@ObjectType()
export class AppliedResource {
  @Field(() => ApplyAction)
  action!: ApplyAction;

  @Field(() => FederatedKindValue)
  kind!: string;

  @Field()
  namespace!: string;

  @Field()
  name!: string;

  @Field(() => FederatedResource, { description: "As written, or as it would be written in a dry run." })
  resource!: FederatedResource;

  @Field(() => PlacementPlan, { nullable: true, description: "Dry runs only: where it would be placed." })
  plan!: PlacementPlan | null;
}

@ObjectType()
export class ApplyManifestResult {
  @Field()
  dryRun!: boolean;

  @Field(() => [AppliedResource], { description: "One per document, in manifest order." })
  resources!: AppliedResource[];
}

export function placementPlan(p: Plan): PlacementPlan {
  return Object.assign(
    new PlacementPlan(),
    p.valid
      ? {
          valid: true,
          message: null,
          clusters: p.clusters,
          namespaces: p.namespaces,
          destinations: p.destinations.map((d) => Object.assign(new PlannedDestination(), d)),
        }
      : { valid: false, message: p.message, clusters: [], namespaces: [], destinations: [] },
  );
}
