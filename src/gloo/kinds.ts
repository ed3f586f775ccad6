import type { ResourceType } from "../cluster/resource-type.js";

const gloo = (kind: string, plural: string, group = "gloo.solo.io", version = "v1"): ResourceType => ({
  group,
  version,
  kind,
  plural,
  namespaced: true,
});

/** The Gloo Edge kinds fedplane places into clusters or reads for health. */
export const glooKinds = {
  Upstream: gloo("Upstream", "upstreams"),
  UpstreamGroup: gloo("UpstreamGroup", "upstreamgroups"),
  Settings: gloo("Settings", "settings"),
  Proxy: gloo("Proxy", "proxies"),
  Gateway: gloo("Gateway", "gateways", "gateway.solo.io"),
  VirtualService: gloo("VirtualService", "virtualservices", "gateway.solo.io"),
  RouteTable: gloo("RouteTable", "routetables", "gateway.solo.io"),
  MatchableHttpGateway: gloo("MatchableHttpGateway", "httpgateways", "gateway.solo.io"),
  MatchableTcpGateway: gloo("MatchableTcpGateway", "tcpgateways", "gateway.solo.io"),
  VirtualHostOption: gloo("VirtualHostOption", "virtualhostoptions", "gateway.solo.io"),
  RouteOption: gloo("RouteOption", "routeoptions", "gateway.solo.io"),
  AuthConfig: gloo("AuthConfig", "authconfigs", "enterprise.gloo.solo.io"),
  RateLimitConfig: gloo("RateLimitConfig", "ratelimitconfigs", "ratelimit.solo.io", "v1alpha1"),
} as const satisfies Record<string, ResourceType>;

export type GlooKindName = keyof typeof glooKinds;

/** Gloo Edge's own short names (its CRDs declare them); federated kinds prefix "fed" (fedus, fedvs, ...). */
export const GLOO_SHORT_NAMES: Record<GlooKindName, readonly string[]> = {
  Upstream: ["us", "gus"],
  UpstreamGroup: ["ug", "gug"],
  Settings: ["st", "gst"],
  Proxy: ["px", "gpx"],
  Gateway: ["gw", "ggw"],
  VirtualService: ["vs", "gvs"],
  RouteTable: ["rt", "grt"],
  MatchableHttpGateway: ["hgw", "ghgw"],
  MatchableTcpGateway: ["tgw", "gtgw"],
  VirtualHostOption: ["vho", "vhopts", "gvho"],
  RouteOption: ["rto", "rtopts", "grto"],
  AuthConfig: ["ac", "gac"],
  RateLimitConfig: ["rlc", "grlc"],
};
