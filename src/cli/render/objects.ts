import { stringify } from "yaml";
import type { FederatedResourceFieldsFragment, ResourcesQuery } from "../../sdk/client.js";

/** The output formats of every command that prints objects, as kubectl's -o. */
export const OUTPUTS = ["table", "wide", "name", "json", "yaml"] as const;
export type Output = (typeof OUTPUTS)[number];

type Json = Record<string, unknown>;

/**
 * Leaves out nulls, empty lists and empty maps of the fields fedplane builds, so a printed object reads as its author
 * wrote it. Only one level: templates, patches, specs and statuses are the user's and Gloo's, printed as they are.
 */
function compact(value: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out;
}

/**
 * A federated resource as the Kubernetes object it is (apiVersion, kind, metadata, spec, status with Gloo
 * Federation's placementStatus map): what `kubectl get -o yaml` shows, and what `fedplane apply -f` takes back.
 */
export function federatedManifest(r: FederatedResourceFieldsFragment): Json {
  const { placementStatus: s } = r;
  const clusters = Object.fromEntries(
    (s?.clusters ?? []).map((c) => [c.cluster, { namespaces: Object.fromEntries(c.namespaces.map((n) => [n.namespace, compact({ state: n.state, message: n.message })])) }]),
  );
  const m = r.metadata;
  const placement = r.spec.placement && compact({ ...r.spec.placement, clusterSelector: r.spec.placement.clusterSelector && compact(r.spec.placement.clusterSelector) });
  return compact({
    apiVersion: r.apiVersion,
    kind: r.kind,
    metadata: compact({
      name: m.name,
      namespace: m.namespace,
      labels: m.labels,
      annotations: m.annotations,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      generation: m.generation,
      creationTimestamp: m.creationTimestamp,
      deletionTimestamp: m.deletionTimestamp,
      finalizers: m.finalizers,
    }),
    spec: compact({ template: r.spec.template, placement, overrides: r.spec.overrides.map((o) => compact(o)) }),
    status: s && { placementStatus: compact({ clusters, state: s.state, message: s.message, observedGeneration: s.observedGeneration, writtenBy: s.writtenBy }) },
  });
}

/** The annotation that says which member cluster a printed Gloo object was read from. */
export const CLUSTER_ANNOTATION = "fedplane/cluster";

/** A Gloo object read from a member cluster, with the cluster it is in as an annotation. */
export function placedManifest(o: ResourcesQuery["resources"]["objects"][number]): Json {
  return compact({
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: compact({ name: o.name, namespace: o.namespace, labels: o.labels, annotations: { [CLUSTER_ANNOTATION]: o.cluster }, resourceVersion: o.resourceVersion }),
    spec: o.spec,
    status: o.status,
  });
}

/** kubectl's list wrapper: a `kind: List` that `apply -f` reads back item by item. */
export const list = (items: Json[]): Json => ({ apiVersion: "v1", kind: "List", items, metadata: { resourceVersion: "" } });

/** Prints json or yaml; one object as itself, several as a List. */
export function printObjects(objects: Json[], output: "json" | "yaml", single: boolean): void {
  const value = single && objects.length === 1 ? objects[0] : list(objects);
  process.stdout.write(output === "yaml" ? stringify(value) : `${JSON.stringify(value, null, 2)}\n`);
}

const order: Record<string, number> = {
  PLACED: 0,
  ACCEPTED: 0,
  UNKNOWN: 1,
  PENDING: 1,
  NO_STATUS: 1,
  WARNING: 2,
  NOT_FOUND: 3,
  STALE: 3,
  REJECTED: 4,
  FAILED: 4,
  INVALID: 5,
};

/** The worst of several states (placement and Gloo verdicts), for the one STATE column of a list. */
export function worst(states: readonly string[]): string {
  return states.reduce((a, b) => ((order[b] ?? 1) > (order[a] ?? 1) ? b : a), states[0] ?? "UNKNOWN");
}
