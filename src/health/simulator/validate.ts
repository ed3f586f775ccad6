import type { KubeObject } from "../../cluster/object.js";
import type { ResourceType } from "../../cluster/resource-type.js";
import { glooKinds } from "../../gloo/kinds.js";
import type { GlooState } from "../gloo-status.js";

/** What the sandbox's stand-in for Gloo decides about one resource. */
export interface Verdict {
  state: GlooState;
  reason?: string;
}

/** Existence of other objects in the same cluster (the simulator answers from its watch cache). */
export interface Lookup {
  has(type: ResourceType, namespace: string, name: string): boolean;
}

interface Ref {
  name?: string;
  namespace?: string;
}

const UPSTREAM_TYPES = ["kube", "static", "pipe", "aws", "azure", "consul", "awsEc2", "gcp"];

const refName = (ref: Ref, defaultNamespace: string) => `${ref.namespace || defaultNamespace}.${ref.name}`;

function checkRef(errors: string[], lookup: Lookup, type: ResourceType, ref: unknown, ns: string, describe: (missing: string) => string) {
  if (!ref || typeof ref !== "object" || typeof (ref as Ref).name !== "string") return;
  const r = ref as Ref;
  if (!lookup.has(type, r.namespace || ns, r.name!)) errors.push(describe(refName(r, ns)));
}

/** Route checks shared by VirtualServices and RouteTables: destinations and delegations must exist in this cluster. */
function routeErrors(routes: unknown, ns: string, lookup: Lookup): string[] {
  const errors: string[] = [];
  if (!Array.isArray(routes)) return errors;
  const missingUpstream = (name: string) => `Route Error: InvalidDestinationErr. Reason: *v1.Upstream { ${name} } not found`;
  for (const route of routes as Record<string, any>[]) {
    const action = route?.routeAction;
    if (action) {
      checkRef(errors, lookup, glooKinds.Upstream, action.single?.upstream, ns, missingUpstream);
      for (const d of action.multi?.destinations ?? []) checkRef(errors, lookup, glooKinds.Upstream, d?.destination?.upstream, ns, missingUpstream);
      checkRef(errors, lookup, glooKinds.UpstreamGroup, action.upstreamGroup, ns, (name) => `Route Error: InvalidDestinationErr. Reason: *v1.UpstreamGroup { ${name} } not found`);
    }
    const delegate = route?.delegateAction;
    if (delegate) {
      checkRef(errors, lookup, glooKinds.RouteTable, delegate.ref ?? (delegate.name ? delegate : undefined), ns, (name) => `Route Error: InvalidDelegationErr. Reason: *v1.RouteTable { ${name} } not found`);
    }
  }
  return errors;
}

function upstreamErrors(spec: Record<string, any>): string[] {
  const types = UPSTREAM_TYPES.filter((t) => spec[t] !== undefined && spec[t] !== null);
  if (types.length === 0) return [`upstream type not specified: set one of ${UPSTREAM_TYPES.join(", ")}`];
  if (types.length > 1) return [`upstream has more than one type: ${types.join(", ")}`];
  if (types[0] === "static") {
    const hosts = spec.static?.hosts;
    if (!Array.isArray(hosts) || hosts.length === 0) return ["static upstream must have at least one host"];
    return hosts.flatMap((h: { addr?: unknown }, i: number) => (typeof h?.addr === "string" && h.addr ? [] : [`static host ${i}: addr must be set`]));
  }
  if (types[0] === "kube" && !spec.kube?.serviceName) return ["kube upstream must set serviceName"];
  return [];
}

function upstreamGroupErrors(spec: Record<string, any>, ns: string, lookup: Lookup): string[] {
  const destinations = spec.destinations;
  if (!Array.isArray(destinations) || destinations.length === 0) return ["upstream group must have at least one destination"];
  const errors: string[] = [];
  destinations.forEach((d: any, i: number) =>
    checkRef(errors, lookup, glooKinds.Upstream, d?.destination?.upstream, ns, (name) => `destination # ${i + 1}: upstream not found: list did not find upstream ${name}`),
  );
  return errors;
}

/** Gloo's verdict on a resource in a cluster, for the kinds Gloo validates. Unknown kinds are accepted. */
export function validate(type: ResourceType, obj: KubeObject, lookup: Lookup): Verdict {
  const spec = (obj.spec ?? {}) as Record<string, any>;
  const ns = obj.metadata.namespace ?? "";
  let errors: string[] = [];
  switch (type.kind) {
    case "Upstream":
      errors = upstreamErrors(spec);
      break;
    case "UpstreamGroup":
      errors = upstreamGroupErrors(spec, ns, lookup);
      break;
    case "VirtualService":
      errors = spec.virtualHost ? routeErrors(spec.virtualHost.routes, ns, lookup) : ["virtual service must specify a virtualHost"];
      break;
    case "RouteTable":
      errors = routeErrors(spec.routes, ns, lookup);
      break;
    case "Gateway":
      if (typeof spec.bindPort !== "number") errors = ["gateway must specify bindPort"];
      break;
    case "AuthConfig":
      if (!Array.isArray(spec.configs) || spec.configs.length === 0) errors = ["auth config must have at least one config"];
      break;
  }
  return errors.length ? { state: "Rejected", reason: errors.join("; ") } : { state: "Accepted" };
}
