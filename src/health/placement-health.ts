import type { FederatedKind } from "../federation/kinds.js";
import { destinationsOf } from "../federation/placement-status.js";
import type { FederatedObject, PlacementState } from "../federation/resource.js";
import type { ClusterView } from "./cluster-view.js";
import { glooStatuses, glooStatusFor, type GlooState, type GlooStatus } from "./gloo-status.js";
import { discoverInstances, watches } from "./instances.js";

/** What Gloo in a cluster says about a placed object. */
export type GlooVerdict = "ACCEPTED" | "REJECTED" | "WARNING" | "PENDING" | "NO_STATUS" | "NOT_FOUND" | "UNKNOWN";

/** One destination of a federated object: fedplane's placement next to Gloo's verdict on what was placed. */
export interface DestinationHealth {
  cluster: string;
  namespace: string;
  /** The placed object's name (the template's). */
  name: string;
  placement: PlacementState;
  placementMessage?: string;
  gloo: GlooVerdict;
  /** Gloo's reason, or why there is no verdict (cluster unreachable, object missing). */
  reason?: string;
  /** The reporting Gloo's namespace. */
  reporter?: string;
}

/** How health sees one cluster: its caches, when it has any and can reach the cluster. */
export interface ClusterLookup {
  (cluster: string): { view: ClusterView; reachable: boolean } | undefined;
}

const verdictOf: Record<GlooState, GlooVerdict> = { Accepted: "ACCEPTED", Rejected: "REJECTED", Warning: "WARNING", Pending: "PENDING" };
const severity: Record<GlooState, number> = { Accepted: 0, Pending: 1, Warning: 2, Rejected: 3 };

/** The verdict of the Gloo installations that watch the namespace (the worst, when several do); any reporter's when none is known. */
function worstStatus(view: ClusterView, cluster: string, obj: Parameters<typeof glooStatuses>[0], namespace: string): GlooStatus | undefined {
  const instances = discoverInstances(cluster, view).filter((i) => watches(i, namespace));
  const statuses = instances.length
    ? instances.map((i) => glooStatusFor(obj, i.namespace)).filter((s): s is GlooStatus => !!s)
    : glooStatuses(obj);
  return statuses.sort((a, b) => severity[b.state] - severity[a.state])[0];
}

/**
 * For each destination in a federated object's placement status, what Gloo there says about the placed object, read
 * from health's caches: so "PLACED, but rejected by Gloo in cluster east" shows in one place.
 */
export function placementHealth(kind: FederatedKind, fed: FederatedObject, lookup: ClusterLookup): DestinationHealth[] {
  const name = fed.spec?.template?.metadata?.name ?? fed.metadata.name;
  return destinationsOf(fed.status?.placementStatus).map((d) => {
    const base = {
      cluster: d.cluster,
      namespace: d.namespace,
      name,
      placement: d.state,
      ...(d.message ? { placementMessage: d.message } : {}),
    };
    const cluster = lookup(d.cluster);
    if (!cluster) return { ...base, gloo: "UNKNOWN", reason: `cluster ${d.cluster} is not registered` };
    if (!cluster.reachable) return { ...base, gloo: "UNKNOWN", reason: `cluster ${d.cluster} is unreachable` };
    const failure = cluster.view.readFailure(kind.target);
    if (failure) return { ...base, gloo: "UNKNOWN", reason: `cannot read ${kind.target.plural} in cluster ${d.cluster}: ${failure.message}` };
    const obj = cluster.view.list(kind.target, d.namespace).find((o) => o.metadata.name === name);
    if (!obj) return { ...base, gloo: "NOT_FOUND", reason: `${kind.target.kind} ${d.namespace}/${name} does not exist in cluster ${d.cluster}` };
    const status = worstStatus(cluster.view, d.cluster, obj, d.namespace);
    if (!status) return { ...base, gloo: "NO_STATUS" };
    return { ...base, gloo: verdictOf[status.state], ...(status.reason ? { reason: status.reason } : {}), reporter: status.reporter };
  });
}
