import type { Identity } from "./identity.js";

/** A request as Kubernetes authorization sees it (SubjectAccessReview's resourceAttributes). */
export interface ResourceAttributes {
  verb: "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "bind" | "escalate";
  /** API group; "" for the core group. */
  group: string;
  /** Plural resource name, e.g. "federatedupstreams". */
  resource: string;
  /** Omitted: the cluster scope (all namespaces, or a cluster-scoped resource). */
  namespace?: string;
  name?: string;
}

export interface Decision {
  allowed: boolean;
  /** Why, when the authorizer says (SubjectAccessReview status.reason). */
  reason?: string;
}

/** Decides whether an identity may do something; the admin cluster's RBAC in every implementation. */
export interface Authorizer {
  authorize(identity: Identity, attributes: ResourceAttributes): Promise<Decision>;
}

/**
 * The refusal in kubectl's words, as kube-apiserver words a 403, e.g. `federatedupstreams.fed.gloo.solo.io "x" is
 * forbidden: User "alice" cannot create resource "federatedupstreams" in API group "fed.gloo.solo.io" in the
 * namespace "team-a"`.
 */
export function forbiddenMessage(identity: Identity, a: ResourceAttributes): string {
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const object = a.name ? `${qualified} "${a.name}"` : qualified;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : "at the cluster scope";
  return `${object} is forbidden: User "${identity.user}" cannot ${a.verb} resource "${a.resource}" in API group "${a.group}" ${scope}`;
}
