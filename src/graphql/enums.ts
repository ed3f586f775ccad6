import { registerEnumType } from "type-graphql";
import { apiVersionOf } from "../cluster/resource-type.js";
import { federatedKinds, type FederatedKind } from "../federation/kinds.js";
import { placementStates } from "../federation/resource.js";
import { GLOO_STATES } from "../health/gloo-status.js";
import { glooKinds, type GlooKindName } from "../gloo/kinds.js";

// The enums are built from the domain's tables, so an eleventh federated kind is one row there and nothing here.
// Kinds are spelled as Kubernetes spells them (FederatedUpstream, VirtualService): the same word as a manifest's
// `kind:`, kubectl's output and the CRDs, in every query, mutation, subscription and input. GraphQL enums (not
// strings) so that a wrong kind is a validation error naming the known ones, and tools can complete them.

/** GraphQL enum value (the Kubernetes kind, e.g. "FederatedUpstream") -> the federated kind's table row. */
export const FederatedKindValue = Object.fromEntries(federatedKinds.map((k) => [k.name, k.name]));
registerEnumType(FederatedKindValue, {
  name: "FederatedKind",
  description: "The ten federated kinds of Gloo Federation, by their Kubernetes kind names.",
  valuesConfig: Object.fromEntries(
    federatedKinds.map((k) => [
      k.name,
      { description: `${k.name} (${apiVersionOf(k.type)}), placing ${k.target.kind} (${apiVersionOf(k.target)})` },
    ]),
  ),
});

const kindByEnum = new Map(federatedKinds.map((k) => [k.name, k]));
export function federatedKindOfEnum(value: string): FederatedKind {
  const kind = kindByEnum.get(value);
  if (!kind) throw new Error(`unknown FederatedKind ${value}`); // GraphQL's enum coercion rejects unknown values first
  return kind;
}

export const PlacementStateValue = Object.fromEntries(placementStates.map((s) => [s, s]));
registerEnumType(PlacementStateValue, {
  name: "PlacementState",
  description: "Gloo Federation's placement states (proto values UNKNOWN=0 .. PENDING=5).",
  valuesConfig: {
    UNKNOWN: { description: "Not processed yet." },
    PLACED: { description: "Written to the destination as specified." },
    FAILED: { description: "Could not be written; the message says why." },
    STALE: { description: "Left in a destination no longer in the placement, because deleting it failed." },
    INVALID: { description: "The placement itself is wrong; nothing is written." },
    PENDING: { description: "Waiting to be processed, e.g. after a cluster was registered or removed." },
  },
});

export enum WatchEventType {
  ADDED = "ADDED",
  MODIFIED = "MODIFIED",
  DELETED = "DELETED",
}
registerEnumType(WatchEventType, { name: "WatchEventType", description: "What happened to an object, as a Kubernetes watch says it." });

export const GlooKindValue = Object.fromEntries(Object.values(glooKinds).map((type) => [type.kind, type.kind]));
registerEnumType(GlooKindValue, {
  name: "GlooKind",
  description: "Gloo Edge kinds that can be read from member clusters, by their Kubernetes kind names.",
  valuesConfig: Object.fromEntries(Object.values(glooKinds).map((type) => [type.kind, { description: `${type.kind} (${apiVersionOf(type)})` }])),
});

const glooKindByEnum = new Map(Object.entries(glooKinds).map(([name, type]) => [type.kind, name as GlooKindName]));
export function glooKindOfEnum(value: string) {
  const name = glooKindByEnum.get(value);
  if (!name) throw new Error(`unknown GlooKind ${value}`);
  return glooKinds[name];
}

export const GlooStateValue = Object.fromEntries(GLOO_STATES.map((s) => [s.toUpperCase(), s.toUpperCase()]));
registerEnumType(GlooStateValue, {
  name: "GlooState",
  description: "What Gloo says about a resource it validated (core.solo.io Status.State).",
});
