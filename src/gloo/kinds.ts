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
export const GLOO_SHORT_NAMES: Record<GlooKindName, string> = {
  Upstream: "us",
  UpstreamGroup: "ug",
  Settings: "st",
  Proxy: "px",
  Gateway: "gw",
  VirtualService: "vs",
  RouteTable: "rt",
  MatchableHttpGateway: "hgw",
  MatchableTcpGateway: "tgw",
  VirtualHostOption: "vhopts",
  RouteOption: "rtopts",
  AuthConfig: "ac",
  RateLimitConfig: "rlc",
};
