import type { KubeObject } from "../cluster/object.js";
import type { LabelSelector } from "../cluster/selector.js";

/** The label selector of placements and overrides (metav1.LabelSelector over cluster labels). */
export type LabelSelectorSpec = LabelSelector;

export interface TemplateMetadata {
  name?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Placement {
  /** Cluster names; "*" means every registered cluster. */
  clusters?: string[];
  /** fedplane: clusters whose labels match, in addition to `clusters`. */
  clusterSelector?: LabelSelectorSpec;
  namespaces?: string[];
}

/**
 * fedplane: a per-cluster change of the template ({metadata, spec}), applied after it in list order. It applies to the
 * clusters listed in `clusters` ("*" = all) and to those matching `clusterSelector`; exactly one of `patch` (RFC 7386
 * JSON merge patch) or `jsonPatch` (RFC 6902 operations) is set.
 */
export interface Override {
  clusters?: string[];
  clusterSelector?: LabelSelectorSpec;
  patch?: unknown;
  jsonPatch?: unknown[];
}

export interface FederatedSpec {
  template?: { metadata?: TemplateMetadata; spec?: unknown };
  placement?: Placement;
  overrides?: Override[];
}

export const placementStates = ["UNKNOWN", "PLACED", "FAILED", "STALE", "INVALID", "PENDING"] as const;
export type PlacementState = (typeof placementStates)[number];

export interface DestinationStatus {
  state: PlacementState;
  /** Omitted when empty, as Gloo Federation's proto JSON does. */
  message?: string;
}

/** Gloo Federation's `status.placementStatus`, field for field. */
export interface PlacementStatus {
  clusters?: Record<string, { namespaces: Record<string, DestinationStatus> }>;
  /** The federated object's metadata.generation, as a string. */
  observedGeneration?: string;
  state: PlacementState;
  message?: string;
  writtenBy?: string;
}

export interface FederatedStatus {
  placementStatus?: PlacementStatus;
  /** Gloo Federation 1.12+ keeps a copy per federation namespace; fedplane writes it too for tools that read it. */
  namespacedPlacementStatuses?: Record<string, PlacementStatus>;
}

export interface FederatedObject extends KubeObject {
  spec?: FederatedSpec;
  status?: FederatedStatus;
}

/** Identifies a federated object: its kind's name (e.g. "FederatedUpstream"), namespace and name. */
export interface FederatedRef {
  kind: string;
  namespace: string;
  name: string;
}

export const refKey = (ref: FederatedRef) => `${ref.kind}/${ref.namespace}/${ref.name}`;

export function parseRefKey(key: string): FederatedRef {
  const [kind, namespace, name] = key.split("/");
  return { kind, namespace, name };
}

export function refOf(obj: KubeObject): FederatedRef {
  return { kind: obj.kind, namespace: obj.metadata.namespace ?? "", name: obj.metadata.name };
}
