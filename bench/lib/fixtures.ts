import type { KubeObject } from "../../src/cluster/object.js";
import { apiVersionOf } from "../../src/cluster/resource-type.js";
import { federatedKindByName, FEDERATION_NAMESPACE, type FederatedKind } from "../../src/federation/kinds.js";
import type { FederatedObject } from "../../src/federation/resource.js";
import { plan } from "../../src/federation/planner.js";
import { summarize as placementSummary } from "../../src/federation/placement-status.js";

export const upstreamKind: FederatedKind = federatedKindByName("FederatedUpstream")!;

/** Namespaces objects are placed into in member clusters (created up front, so nobody pays for them in a sample). */
export const PLACEMENT_NAMESPACES = ["bench-a", "bench-b"];

/** A FederatedUpstream as a user would apply it: a static upstream, placed to `clusters` x `namespaces`. */
export function federatedUpstream(
  name: string,
  clusters: readonly string[],
  namespaces: readonly string[] = PLACEMENT_NAMESPACES,
  namespace = FEDERATION_NAMESPACE,
  port = 8080,
): FederatedObject {
  return {
    apiVersion: apiVersionOf(upstreamKind.type),
    kind: upstreamKind.type.kind,
    metadata: { name, namespace },
    spec: {
      template: {
        metadata: { name, labels: { app: "bench" } },
        spec: { static: { hosts: [{ addr: `${name}.example.internal`, port }] } },
      },
      placement: { clusters: [...clusters], namespaces: [...namespaces] },
    },
  };
}

/**
 * What the least work has to write for a federated object: the member objects exactly as fedplane's planner derives
 * them, and a PLACED status in Gloo Federation's shape. Used by the direct-write baselines.
 */
export function directWrites(fed: FederatedObject, clusters: readonly string[]): { members: { cluster: string; object: KubeObject }[]; placedStatus: unknown } {
  const planned = plan(upstreamKind, fed, clusters.map((name) => ({ name })));
  if (!planned.valid) throw new Error(`the benchmark's own FederatedUpstream is invalid: ${planned.message}`);
  const members = planned.destinations.map((d) => ({ cluster: d.cluster, object: d.object }));
  const placedStatus = placementSummary(
    planned.destinations.map((d) => ({ cluster: d.cluster, namespace: d.namespace, state: "PLACED" as const })),
    fed.metadata.generation ?? 1,
    "bench-floor",
  );
  return { members, placedStatus };
}

/** Zero-padded names sort in creation order: "prefix-0007". */
export const numbered = (prefix: string, i: number, width = 4) => `${prefix}-${String(i).padStart(width, "0")}`;
