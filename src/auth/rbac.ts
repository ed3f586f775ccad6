import type { KubeObject } from "../cluster/object.js";
import type { ResourceType } from "../cluster/resource-type.js";
import type { Decision, ResourceAttributes } from "./attributes.js";
import type { Identity } from "./identity.js";

const rbacType = (kind: string, plural: string, namespaced: boolean): ResourceType => ({
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind,
  plural,
  namespaced,
});

export const rbacTypes = {
  Role: rbacType("Role", "roles", true),
  ClusterRole: rbacType("ClusterRole", "clusterroles", false),
  RoleBinding: rbacType("RoleBinding", "rolebindings", true),
  ClusterRoleBinding: rbacType("ClusterRoleBinding", "clusterrolebindings", false),
} as const;

export type RbacKind = keyof typeof rbacTypes;
export const isRbacKind = (kind: unknown): kind is RbacKind => typeof kind === "string" && Object.hasOwn(rbacTypes, kind);

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleObject extends KubeObject {
  rules?: PolicyRule[] | null;
}

export interface BindingObject extends KubeObject {
  roleRef: { apiGroup?: string; kind: string; name: string };
  subjects?: Subject[] | null;
}

/** The RBAC objects of a cluster; the evaluator reads them as they are at the moment of each question. */
export interface RbacObjects {
  role(namespace: string, name: string): RoleObject | undefined;
  clusterRole(name: string): RoleObject | undefined;
  roleBindings(namespace: string): Iterable<BindingObject>;
  clusterRoleBindings(): Iterable<BindingObject>;
}

/** Kubernetes' superuser group: allowed everything before RBAC is consulted. */
export const SYSTEM_MASTERS = "system:masters";

/**
 * Kubernetes RBAC's decision (plugin/pkg/auth/authorizer/rbac): allowed when a ClusterRoleBinding, or a RoleBinding
 * in the request's namespace, binds a subject matching the caller to a role with a rule covering the request. Only
 * allow rules exist; nothing matching means denied.
 */
export function evaluateRbac(objects: RbacObjects, identity: Identity, a: ResourceAttributes): Decision {
  if (identity.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: `the caller is in ${SYSTEM_MASTERS}` };
  for (const binding of objects.clusterRoleBindings()) {
    if (binding.roleRef?.kind !== "ClusterRole" || !bindsCaller(binding, identity, "")) continue;
    const role = objects.clusterRole(binding.roleRef.name);
    if (role && rulesAllow(role.rules, a)) return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "${binding.metadata.name}" of ClusterRole "${role.metadata.name}"` };
  }
  if (a.namespace) {
    for (const binding of objects.roleBindings(a.namespace)) {
      if (!bindsCaller(binding, identity, a.namespace)) continue;
      const ref = binding.roleRef;
      const role = ref?.kind === "ClusterRole" ? objects.clusterRole(ref.name) : ref?.kind === "Role" ? objects.role(a.namespace, ref.name) : undefined;
      if (role && rulesAllow(role.rules, a))
        return { allowed: true, reason: `RBAC: allowed by RoleBinding "${binding.metadata.name}/${a.namespace}" of ${ref.kind} "${role.metadata.name}"` };
    }
  }
  return { allowed: false };
}

function bindsCaller(binding: BindingObject, identity: Identity, bindingNamespace: string): boolean {
  return (binding.subjects ?? []).some((s) => subjectMatches(s, identity, bindingNamespace));
}

function subjectMatches(s: Subject, identity: Identity, bindingNamespace: string): boolean {
  switch (s.kind) {
    case "User":
      return s.name === identity.user;
    case "Group":
      return identity.groups.includes(s.name);
    case "ServiceAccount": {
      // As Kubernetes: a ServiceAccount subject without a namespace means the binding's own namespace.
      const namespace = s.namespace || bindingNamespace;
      return !!namespace && identity.user === `system:serviceaccount:${namespace}:${s.name}`;
    }
    default:
      return false;
  }
}

const has = (list: readonly string[] | undefined, value: string) => !!list && (list.includes("*") || list.includes(value));

function rulesAllow(rules: readonly PolicyRule[] | null | undefined, a: ResourceAttributes): boolean {
  return (rules ?? []).some(
    (r) =>
      has(r.verbs, a.verb) &&
      has(r.apiGroups, a.group) &&
      resourceMatches(r.resources, a.resource) &&
      (!r.resourceNames?.length || (!!a.name && r.resourceNames.includes(a.name))),
  );
}

/** fedplane asks about resources, not subresources: "*" and the plain resource name match (as `resource/*` does not). */
function resourceMatches(resources: readonly string[] | undefined, resource: string): boolean {
  return !!resources && (resources.includes("*") || resources.includes(resource));
}
