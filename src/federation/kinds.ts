import type { ResourceType } from "../cluster/resource-type.js";
import { glooKinds } from "../gloo/kinds.js";

/** A federated kind and the Gloo kind it places. One row per kind: the reconciler, CRDs and API all read this table. */
export interface FederatedKind {
  readonly name: string; // e.g. "FederatedUpstream"
  readonly type: ResourceType; // the federated CRD on the admin cluster
  readonly target: ResourceType; // what is written into member clusters
  /** The GraphQL enum value, e.g. "UPSTREAM". */
  readonly enumName: string;
}

// Gloo Federation's plurals follow its kind names ("federatedmatchablehttpgateways"), not the target's plural
// ("httpgateways"): only the kind name, lowercased, with the English plural of its last word.
const federated = (target: ResourceType, fedGroup: string, enumName: string): FederatedKind => {
  const name = `Federated${target.kind}`;
  const lower = name.toLowerCase();
  const plural = lower.endsWith("s") ? lower : `${lower}s`;
  return {
    name,
    enumName,
    target,
    type: { group: fedGroup, version: target.version, kind: name, plural, namespaced: true },
  };
};

export const federatedKinds: readonly FederatedKind[] = [
  federated(glooKinds.Upstream, "fed.gloo.solo.io", "UPSTREAM"),
  federated(glooKinds.UpstreamGroup, "fed.gloo.solo.io", "UPSTREAM_GROUP"),
  federated(glooKinds.Settings, "fed.gloo.solo.io", "SETTINGS"),
  federated(glooKinds.Gateway, "fed.gateway.solo.io", "GATEWAY"),
  federated(glooKinds.VirtualService, "fed.gateway.solo.io", "VIRTUAL_SERVICE"),
  federated(glooKinds.RouteTable, "fed.gateway.solo.io", "ROUTE_TABLE"),
  federated(glooKinds.MatchableHttpGateway, "fed.gateway.solo.io", "MATCHABLE_HTTP_GATEWAY"),
  federated(glooKinds.MatchableTcpGateway, "fed.gateway.solo.io", "MATCHABLE_TCP_GATEWAY"),
  federated(glooKinds.AuthConfig, "fed.enterprise.gloo.solo.io", "AUTH_CONFIG"),
  federated(glooKinds.RateLimitConfig, "fed.ratelimit.solo.io", "RATE_LIMIT_CONFIG"),
];

const byName = new Map(federatedKinds.map((k) => [k.name, k]));
const byApiKind = new Map(federatedKinds.map((k) => [`${k.type.group}/${k.type.version}/${k.name}`, k]));

export function federatedKindByName(name: string): FederatedKind | undefined {
  return byName.get(name);
}

/** Looks a manifest's apiVersion + kind up in the table. */
export function federatedKindOf(apiVersion: string, kind: string): FederatedKind | undefined {
  return byApiKind.get(`${apiVersion}/${kind}`);
}

export const FEDERATION_NAMESPACE = "gloo-system";
export const FINALIZER = "fed.solo.io/finalizer";
export const OWNER_LABEL = "fed.solo.io/owner";
export const OWNER_ANNOTATION = "fed.solo.io/owner";
