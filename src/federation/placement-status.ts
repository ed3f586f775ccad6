import { deepEqual } from "./json.js";
import type { DestinationStatus, PlacementState, PlacementStatus } from "./resource.js";

/** Gloo Federation's overall message when some destination is not PLACED. */
export const NOT_ALL_DESTINATIONS = "Resource is not federated to all destinations";
export const clusterEventMessage = (cluster: string) => `Cluster event triggered for ${cluster}, resyncing`;

export interface DestinationResult extends DestinationStatus {
  cluster: string;
  namespace: string;
}

/** Placement status of an object whose plan is INVALID: no per-destination entries, as Gloo Federation writes it. */
export function invalidStatus(message: string, generation: number | undefined, writtenBy: string): PlacementStatus {
  return { observedGeneration: String(generation ?? 0), state: "INVALID", message, writtenBy };
}

/**
 * The placement status of a set of destination results. Overall: PLACED when every destination is PLACED (also when
 * there are none); FAILED when one is FAILED or STALE; otherwise (some PENDING or UNKNOWN) PENDING. Either of the last
 * two carries Gloo Federation's "Resource is not federated to all destinations" unless a message is given.
 */
export function summarize(
  results: readonly DestinationResult[],
  generation: number | undefined,
  writtenBy: string,
  message?: string,
): PlacementStatus {
  const clusters: NonNullable<PlacementStatus["clusters"]> = {};
  for (const r of results) {
    const entry = (clusters[r.cluster] ??= { namespaces: {} });
    entry.namespaces[r.namespace] = r.message ? { state: r.state, message: r.message } : { state: r.state };
  }
  const state = overallState(results.map((r) => r.state));
  const status: PlacementStatus = { clusters, observedGeneration: String(generation ?? 0), state, writtenBy };
  if (state !== "PLACED") status.message = message ?? NOT_ALL_DESTINATIONS;
  return status;
}

function overallState(states: readonly PlacementState[]): PlacementState {
  if (states.every((s) => s === "PLACED")) return "PLACED";
  if (states.some((s) => s === "FAILED" || s === "STALE")) return "FAILED";
  return "PENDING";
}

/** The per-destination results recorded in a status (empty for INVALID or missing). */
export function destinationsOf(status: PlacementStatus | undefined): DestinationResult[] {
  return Object.entries(status?.clusters ?? {}).flatMap(([cluster, { namespaces }]) =>
    Object.entries(namespaces ?? {}).map(([namespace, d]) => ({ cluster, namespace, ...d })),
  );
}

/** A copy of status with some destinations replaced, the overall state recomputed. */
export function withDestinations(
  status: PlacementStatus,
  changes: readonly DestinationResult[],
  message?: string,
): PlacementStatus {
  const key = (d: DestinationResult) => `${d.cluster}/${d.namespace}`;
  const byKey = new Map(destinationsOf(status).map((d) => [key(d), d]));
  for (const change of changes) byKey.set(key(change), change);
  const generation = status.observedGeneration === undefined ? undefined : Number(status.observedGeneration);
  return summarize([...byKey.values()], generation, status.writtenBy ?? "", message);
}

/** Whether two statuses say the same thing (what decides if a status is written or an event emitted). */
export function sameStatus(a: PlacementStatus | undefined, b: PlacementStatus | undefined): boolean {
  return deepEqual(a ?? null, b ?? null);
}
