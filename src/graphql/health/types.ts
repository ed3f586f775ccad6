import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import type { KubeObject } from "../../cluster/object.js";
import { countProblems, allItems } from "../../health/check.js";
import type { DestinationHealth as DestinationHealthValue, GlooVerdict as GlooVerdictValue } from "../../health/placement-health.js";
import type { ClusterHealthEvent as HealthEventValue, HealthFinding as HealthFindingValue } from "../../health/service.js";
import type * as health from "../../health/types.js";
import { PlacementStateValue } from "../enums.js";
import { JSONScalar } from "../scalars.js";

export enum GlooVerdict {
  ACCEPTED = "ACCEPTED",
  REJECTED = "REJECTED",
  WARNING = "WARNING",
  PENDING = "PENDING",
  NO_STATUS = "NO_STATUS",
  NOT_FOUND = "NOT_FOUND",
  UNKNOWN = "UNKNOWN",
}
registerEnumType(GlooVerdict, {
  name: "GlooVerdict",
  description: "What Gloo in a member cluster says about a placed object.",
  valuesConfig: {
    NO_STATUS: { description: "The object is there, but Gloo has not reported on it." },
    NOT_FOUND: { description: "The object is not in the cluster." },
    UNKNOWN: { description: "fedplane cannot see the cluster (unreachable, not registered, or not readable)." },
  },
});

export enum FindingSeverity {
  ERROR = "ERROR",
  WARNING = "WARNING",
}
registerEnumType(FindingSeverity, { name: "FindingSeverity" });

@ObjectType({ description: "What a finding is about." })
export class FindingRef {
  @Field({ description: 'The Kubernetes kind ("Upstream", "Pod", ...), or "Cluster" for cluster-level findings.' })
  kind!: string;

  @Field(() => String, { nullable: true })
  namespace!: string | null;

  @Field()
  name!: string;
}

@ObjectType({ description: "One problem, worded as glooctl check words it." })
export class Finding {
  @Field(() => FindingRef)
  ref!: FindingRef;

  @Field()
  message!: string;
}

@ObjectType({ description: 'One line of glooctl check, e.g. "Checking Upstreams... OK".' })
export class CheckItem {
  @Field({ description: 'The --exclude key, e.g. "upstreams".' })
  key!: string;

  @Field({ description: 'What glooctl prints, e.g. "Upstreams".' })
  name!: string;

  @Field({ description: "No errors and no warnings." })
  ok!: boolean;

  @Field(() => Int, { description: "Objects looked at." })
  total!: number;

  @Field(() => [Finding])
  errors!: Finding[];

  @Field(() => [Finding])
  warnings!: Finding[];

  @Field(() => String, { nullable: true, description: "Why the item was not checked (e.g. the kind is not installed); not a problem." })
  skipped!: string | null;
}

@ObjectType({ description: "The check of one Gloo installation." })
export class InstanceCheck {
  @Field({ description: "The GlooInstance name, <cluster>-<namespace>." })
  name!: string;

  @Field()
  cluster!: string;

  @Field()
  namespace!: string;

  @Field()
  ok!: boolean;

  @Field(() => [CheckItem], { description: "Deployments, pods, settings, then each Gloo kind, in glooctl's order." })
  items!: CheckItem[];
}

@ObjectType({ description: "The check of one registered cluster." })
export class ClusterCheck {
  @Field()
  cluster!: string;

  @Field({ description: "No errors and no warnings anywhere in the cluster." })
  ok!: boolean;

  @Field(() => Int)
  errorCount!: number;

  @Field(() => Int)
  warningCount!: number;

  @Field(() => [CheckItem], { description: "Cluster-level items: connection, Gloo installations." })
  items!: CheckItem[];

  @Field(() => [InstanceCheck])
  instances!: InstanceCheck[];
}

@ObjectType({ description: "glooctl check across clusters, served from fedplane's watch caches." })
export class CheckReport {
  @Field()
  ok!: boolean;

  @Field(() => Int)
  errorCount!: number;

  @Field(() => Int)
  warningCount!: number;

  @Field(() => [ClusterCheck])
  clusters!: ClusterCheck[];
}

@ObjectType({ description: "A finding with where it was found, as clusterHealthChanged reports it." })
export class HealthFinding extends Finding {
  @Field(() => FindingSeverity)
  severity!: FindingSeverity;

  @Field({ description: "The check item's key." })
  item!: string;

  @Field(() => String, { nullable: true, description: "The GlooInstance, for instance-level items." })
  instance!: string | null;
}

@ObjectType({ description: "Findings appeared or cleared in a cluster (the first event per cluster lists its current findings)." })
export class ClusterHealthEvent {
  @Field()
  cluster!: string;

  @Field()
  ok!: boolean;

  @Field(() => [HealthFinding])
  appeared!: HealthFinding[];

  @Field(() => [HealthFinding])
  cleared!: HealthFinding[];

  @Field(() => ClusterCheck, { description: "The cluster's whole check after the change." })
  check!: ClusterCheck;
}

@ObjectType({ description: "A gateway proxy of a Gloo installation." })
export class GlooProxy {
  @Field()
  name!: string;

  @Field()
  namespace!: string;

  @Field(() => Int)
  replicas!: number;

  @Field(() => Int)
  readyReplicas!: number;

  @Field(() => Int)
  availableReplicas!: number;

  @Field()
  version!: string;

  @Field(() => [String])
  zones!: string[];
}

@ObjectType({ description: "One kind's line of a GlooInstance's check summary." })
export class CheckSummary {
  @Field({ description: 'The GlooInstance spec.check key, e.g. "virtualServices".' })
  kind!: string;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  errorCount!: number;

  @Field(() => Int)
  warningCount!: number;
}

@ObjectType({ description: "A discovered Gloo installation (fed.solo.io/v1 GlooInstance)." })
export class GlooInstance {
  @Field({ description: "<cluster>-<namespace>" })
  name!: string;

  @Field({ description: "Where the GlooInstance object is kept on the admin cluster (the federation namespace)." })
  namespace!: string;

  @Field()
  cluster!: string;

  @Field({ description: "Where Gloo is installed in its cluster." })
  installNamespace!: string;

  @Field()
  version!: string;

  @Field()
  isEnterprise!: boolean;

  @Field()
  region!: string;

  @Field(() => [String], { description: "Namespaces Gloo watches; empty means all." })
  watchedNamespaces!: string[];

  @Field(() => [GlooProxy])
  proxies!: GlooProxy[];

  @Field(() => [CheckSummary])
  check!: CheckSummary[];

  @Field(() => JSONScalar, { description: "The whole spec, as written to the GlooInstance object." })
  spec!: unknown;
}

@ObjectType({ description: "One destination of a federated resource: fedplane's placement next to Gloo's verdict there." })
export class DestinationHealth {
  @Field()
  cluster!: string;

  @Field()
  namespace!: string;

  @Field({ description: "The placed object's name." })
  name!: string;

  @Field(() => PlacementStateValue)
  placement!: string;

  @Field(() => String, { nullable: true })
  placementMessage!: string | null;

  @Field(() => GlooVerdict)
  gloo!: GlooVerdictValue;

  @Field(() => String, { nullable: true, description: "Gloo's reason, or why there is no verdict." })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: "The reporting Gloo's namespace." })
  reporter!: string | null;
}

// ---- domain -> GraphQL ----

const findingRef = (r: health.FindingRef) => Object.assign(new FindingRef(), { kind: r.kind, namespace: r.namespace ?? null, name: r.name });
const finding = (f: health.Finding) => Object.assign(new Finding(), { ref: findingRef(f.ref), message: f.message });

export function checkItem(i: health.CheckItem): CheckItem {
  return Object.assign(new CheckItem(), {
    key: i.key,
    name: i.title,
    ok: i.errors.length + i.warnings.length === 0,
    total: i.total,
    errors: i.errors.map(finding),
    warnings: i.warnings.map(finding),
    skipped: i.skipped ?? null,
  });
}

export function clusterCheck(c: health.ClusterCheck): ClusterCheck {
  const n = countProblems(allItems(c));
  return Object.assign(new ClusterCheck(), {
    cluster: c.cluster,
    ok: n.errors + n.warnings === 0,
    errorCount: n.errors,
    warningCount: n.warnings,
    items: c.items.map(checkItem),
    instances: c.instances.map((i) => {
      const m = countProblems(i.items);
      return Object.assign(new InstanceCheck(), {
        name: i.name,
        cluster: i.cluster,
        namespace: i.namespace,
        ok: m.errors + m.warnings === 0,
        items: i.items.map(checkItem),
      });
    }),
  });
}

export function checkReport(checks: health.ClusterCheck[]): CheckReport {
  const clusters = checks.map(clusterCheck);
  const errorCount = clusters.reduce((n, c) => n + c.errorCount, 0);
  const warningCount = clusters.reduce((n, c) => n + c.warningCount, 0);
  return Object.assign(new CheckReport(), { ok: errorCount + warningCount === 0, errorCount, warningCount, clusters });
}

const healthFinding = (f: HealthFindingValue) =>
  Object.assign(new HealthFinding(), {
    ...finding(f),
    severity: f.severity === "error" ? FindingSeverity.ERROR : FindingSeverity.WARNING,
    item: f.item,
    instance: f.instance ?? null,
  });

export function clusterHealthEvent(e: HealthEventValue): ClusterHealthEvent {
  const check = clusterCheck(e.check);
  return Object.assign(new ClusterHealthEvent(), {
    cluster: e.cluster,
    ok: check.ok,
    appeared: e.appeared.map(healthFinding),
    cleared: e.cleared.map(healthFinding),
    check,
  });
}

export function glooInstance(obj: KubeObject): GlooInstance {
  const spec = obj.spec ?? {};
  return Object.assign(new GlooInstance(), {
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? "",
    cluster: spec.cluster ?? "",
    installNamespace: spec.controlPlane?.namespace ?? "",
    version: spec.controlPlane?.version ?? "",
    isEnterprise: !!spec.isEnterprise,
    region: spec.region ?? "",
    watchedNamespaces: spec.controlPlane?.watchedNamespaces ?? [],
    proxies: (spec.proxies ?? []).map((p: GlooProxy) => Object.assign(new GlooProxy(), p)),
    check: Object.entries((spec.check ?? {}) as Record<string, { total: number; errors: unknown[]; warnings: unknown[] }>).map(([kind, s]) =>
      Object.assign(new CheckSummary(), { kind, total: s.total, errorCount: s.errors.length, warningCount: s.warnings.length }),
    ),
    spec,
  });
}

export function destinationHealth(d: DestinationHealthValue): DestinationHealth {
  return Object.assign(new DestinationHealth(), {
    ...d,
    placementMessage: d.placementMessage ?? null,
    reason: d.reason ?? null,
    reporter: d.reporter ?? null,
  });
}
