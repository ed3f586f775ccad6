import type { ResourceType } from "../cluster/resource-type.js";
import { glooKinds } from "../gloo/kinds.js";

/** The keys of GlooInstance `spec.check` (Gloo Federation's CheckSummary fields). */
export type SummaryKey =
  | "deployments"
  | "pods"
  | "settings"
  | "upstreams"
  | "upstreamGroups"
  | "authConfigs"
  | "rateLimitConfigs"
  | "virtualServices"
  | "routeTables"
  | "gateways"
  | "matchableHttpGateways"
  | "matchableTcpGateways"
  | "proxies";

export type ItemScope = "cluster" | "instance";

export interface CheckItemSpec {
  /** `--exclude` key (glooctl's where glooctl has one). */
  readonly key: string;
  readonly title: string;
  readonly scope: ItemScope;
  /** For items that read the Gloo status of a Gloo kind. */
  readonly type?: ResourceType;
  /** How messages name one object: "Found rejected virtual service by ...". */
  readonly noun?: string;
  readonly summaryKey?: SummaryKey;
}

const resource = (key: string, title: string, type: ResourceType, noun: string, summaryKey?: SummaryKey): CheckItemSpec => ({
  key,
  title,
  scope: "instance",
  type,
  noun,
  summaryKey,
});

/** glooctl check's items, in its order, with Gloo Federation's per-instance additions (settings, route tables, matchable gateways). */
export const checkItems: readonly CheckItemSpec[] = [
  { key: "connection", title: "Connection", scope: "cluster" },
  { key: "instances", title: "Gloo Instances", scope: "cluster" },
  { key: "deployments", title: "Deployments", scope: "instance", summaryKey: "deployments" },
  { key: "pods", title: "Pods", scope: "instance", summaryKey: "pods" },
  resource("settings", "Settings", glooKinds.Settings, "settings", "settings"),
  resource("upstreams", "Upstreams", glooKinds.Upstream, "upstream", "upstreams"),
  resource("upstreamgroup", "UpstreamGroups", glooKinds.UpstreamGroup, "upstream group", "upstreamGroups"),
  resource("auth-configs", "AuthConfigs", glooKinds.AuthConfig, "auth config", "authConfigs"),
  resource("rate-limit-configs", "RateLimitConfigs", glooKinds.RateLimitConfig, "rate limit config", "rateLimitConfigs"),
  resource("virtual-host-options", "VirtualHostOptions", glooKinds.VirtualHostOption, "VirtualHostOption"),
  resource("route-options", "RouteOptions", glooKinds.RouteOption, "RouteOption"),
  { key: "secrets", title: "Secrets", scope: "instance" },
  resource("virtual-services", "VirtualServices", glooKinds.VirtualService, "virtual service", "virtualServices"),
  resource("route-tables", "RouteTables", glooKinds.RouteTable, "route table", "routeTables"),
  resource("gateways", "Gateways", glooKinds.Gateway, "gateway", "gateways"),
  resource("matchable-http-gateways", "MatchableHttpGateways", glooKinds.MatchableHttpGateway, "matchable http gateway", "matchableHttpGateways"),
  resource("matchable-tcp-gateways", "MatchableTcpGateways", glooKinds.MatchableTcpGateway, "matchable tcp gateway", "matchableTcpGateways"),
  resource("proxies", "Proxies", glooKinds.Proxy, "proxy", "proxies"),
];

/** Other spellings users type for an exclude key (glooctl's "upstreamgroup" next to the plural forms). */
const aliases: Record<string, string> = {
  "upstream-groups": "upstreamgroup",
  upstreamgroups: "upstreamgroup",
  authconfigs: "auth-configs",
  ratelimitconfigs: "rate-limit-configs",
  virtualhostoptions: "virtual-host-options",
  routeoptions: "route-options",
  virtualservices: "virtual-services",
  routetables: "route-tables",
  httpgateways: "matchable-http-gateways",
  tcpgateways: "matchable-tcp-gateways",
  matchablehttpgateways: "matchable-http-gateways",
  matchabletcpgateways: "matchable-tcp-gateways",
};

export const checkKeys: readonly string[] = checkItems.map((i) => i.key);

export class UnknownCheckError extends Error {
  constructor(readonly key: string) {
    super(`unknown check "${key}" in exclude: use one of ${checkKeys.join(", ")}`);
    this.name = "UnknownCheckError";
  }
}

/** Normalises `--exclude` values (case, aliases, comma lists); throws UnknownCheckError naming the bad key. */
export function resolveExcludes(exclude: readonly string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const raw of exclude ?? []) {
    for (const part of raw.split(",")) {
      const key = part.trim().toLowerCase();
      if (!key) continue;
      const resolved = checkKeys.includes(key) ? key : aliases[key];
      if (!resolved) throw new UnknownCheckError(part.trim());
      out.add(resolved);
    }
  }
  return out;
}
