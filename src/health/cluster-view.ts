import type { StatusReason } from "../cluster/errors.js";
import type { KubeObject } from "../cluster/object.js";
import { core, type ResourceType } from "../cluster/resource-type.js";
import { glooKinds } from "../gloo/kinds.js";

/** Why a kind cannot be read from a cluster (CRD not installed, not allowed, ...). */
export interface ReadFailure {
  reason: StatusReason;
  message: string;
  /** Not listed yet and no error so far: the cache is still loading. */
  loading?: boolean;
}

/**
 * A read-only view of what health needs from one cluster. The health service backs it with watch caches, so checks
 * never call an API server; unit tests back it with arrays.
 */
export interface ClusterView {
  /** Cached objects of a kind; all namespaces when namespace is omitted. */
  list(type: ResourceType, namespace?: string): readonly KubeObject[];
  /** Set when the kind could not be listed/watched. */
  readFailure(type: ResourceType): ReadFailure | undefined;
}

export const nodesType: ResourceType = { group: "", version: "v1", kind: "Node", plural: "nodes", namespaced: false };

/** Label selectors that keep the caches to Gloo's own workloads, not the whole cluster. */
export const workloadSelectors = {
  /** Every Gloo component Deployment (gloo, gateway-proxy, discovery, ...) carries app=gloo. */
  deployments: "app=gloo",
  /** glooctl's default --pod-selector. */
  pods: "gloo",
  services: "gloo=gateway-proxy",
} as const;

/** The kinds the health service caches for a whole cluster, with the selector it watches with (Secrets: see ClusterCache). */
export const watchedKinds: readonly { type: ResourceType; labelSelector?: string }[] = [
  { type: core.deployments, labelSelector: workloadSelectors.deployments },
  { type: core.pods, labelSelector: workloadSelectors.pods },
  { type: core.services, labelSelector: workloadSelectors.services },
  { type: nodesType },
  ...Object.values(glooKinds).map((type) => ({ type })),
];
