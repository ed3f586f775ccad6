import type { ClusterClient } from "../cluster/client.js";
import { errorMessage, isNotFound } from "../cluster/errors.js";
import type { ResourceAttributes } from "./attributes.js";
import { isRbacKind, rbacTypes, type BindingObject, type PolicyRule, type RbacKind, type RoleObject } from "./rbac.js";

export const RBAC_API_VERSION = "rbac.authorization.k8s.io/v1";

/** A manifest document that is an RBAC object (fedplane applies those to its embedded admin cluster). */
export const isRbacDocument = (value: unknown): boolean =>
  typeof value === "object" && value !== null && typeof (value as { apiVersion?: unknown }).apiVersion === "string" &&
  (value as { apiVersion: string }).apiVersion.startsWith("rbac.authorization.k8s.io/");

export interface RbacApplyResult {
  action: "created" | "updated" | "unchanged" | "wouldCreate" | "wouldUpdate";
  kind: RbacKind;
  namespace?: string;
  name: string;
}

/** Invalid RBAC input, naming the document and field. */
export class RbacInputError extends Error {
  readonly code = "BAD_USER_INPUT";
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

type RbacObject = RoleObject | BindingObject;

const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === "string" && s !== "");
const SUBJECT_KINDS = ["User", "Group", "ServiceAccount"];

/** Checks an RBAC document the way the API server's validation would refuse it, naming the field. */
export function validateRbac(value: unknown, at: string): RbacObject {
  const o = value as Record<string, any>;
  if (o.apiVersion !== RBAC_API_VERSION) throw new RbacInputError(`${at}apiVersion`, `must be ${RBAC_API_VERSION}`);
  if (!isRbacKind(o.kind)) throw new RbacInputError(`${at}kind`, `must be one of ${Object.keys(rbacTypes).join(", ")}`);
  const type = rbacTypes[o.kind];
  const name = o.metadata?.name;
  if (typeof name !== "string" || !/^[^/%]{1,253}$/.test(name) || name === "." || name === "..")
    throw new RbacInputError(`${at}metadata.name`, "required: up to 253 characters, no '/' or '%'");
  if (type.namespaced && (typeof o.metadata.namespace !== "string" || !o.metadata.namespace))
    throw new RbacInputError(`${at}metadata.namespace`, `required for a ${o.kind}`);
  if (!type.namespaced && o.metadata.namespace) throw new RbacInputError(`${at}metadata.namespace`, `a ${o.kind} is cluster-scoped: leave it out`);
  if (o.kind === "Role" || o.kind === "ClusterRole") {
    const rules = o.rules ?? [];
    if (!Array.isArray(rules)) throw new RbacInputError(`${at}rules`, "must be a list of rules");
    rules.forEach((r: PolicyRule, i: number) => {
      const where = `${at}rules[${i}]`;
      if (!strings(r?.verbs) || !r.verbs!.length) throw new RbacInputError(`${where}.verbs`, "required: a list of verbs");
      if (r.nonResourceURLs !== undefined) throw new RbacInputError(`${where}.nonResourceURLs`, "fedplane serves no non-resource URLs; leave it out");
      for (const key of ["apiGroups", "resources", "resourceNames"] as const)
        if (r[key] !== undefined && (!Array.isArray(r[key]) || !r[key]!.every((s) => typeof s === "string"))) throw new RbacInputError(`${where}.${key}`, "must be a list of strings");
      if (!r.resources?.length) throw new RbacInputError(`${where}.resources`, "required: a list of resources");
      if (!r.apiGroups) throw new RbacInputError(`${where}.apiGroups`, 'required: a list of API groups ("" for the core group)');
    });
  } else {
    const ref = o.roleRef;
    if (ref?.apiGroup !== "rbac.authorization.k8s.io") throw new RbacInputError(`${at}roleRef.apiGroup`, "must be rbac.authorization.k8s.io");
    if (ref.kind !== "ClusterRole" && !(ref.kind === "Role" && o.kind === "RoleBinding"))
      throw new RbacInputError(`${at}roleRef.kind`, o.kind === "RoleBinding" ? "must be Role or ClusterRole" : "must be ClusterRole");
    if (typeof ref.name !== "string" || !ref.name) throw new RbacInputError(`${at}roleRef.name`, "required");
    const subjects = o.subjects ?? [];
    if (!Array.isArray(subjects)) throw new RbacInputError(`${at}subjects`, "must be a list of subjects");
    subjects.forEach((s: Record<string, unknown>, i: number) => {
      if (!SUBJECT_KINDS.includes(String(s?.kind))) throw new RbacInputError(`${at}subjects[${i}].kind`, `must be one of ${SUBJECT_KINDS.join(", ")}`);
      if (typeof s.name !== "string" || !s.name) throw new RbacInputError(`${at}subjects[${i}].name`, "required");
      if (s.kind === "ServiceAccount" && o.kind === "ClusterRoleBinding" && !s.namespace)
        throw new RbacInputError(`${at}subjects[${i}].namespace`, "required for a ServiceAccount in a ClusterRoleBinding");
    });
  }
  return JSON.parse(JSON.stringify(o)) as RbacObject;
}

export interface RbacApplyOptions {
  dryRun?: boolean;
  /** Rejects (FORBIDDEN) unless the caller may; asked for every write, before any is made. */
  authorize(attributes: ResourceAttributes): Promise<void>;
  /** Whether the caller may (no error): for Kubernetes' escalation rules. */
  may(attributes: ResourceAttributes): Promise<boolean>;
}

/**
 * `kubectl apply` for RBAC objects on the embedded admin cluster, with Kubernetes' escalation prevention: a role may
 * only grant what its author already holds (or the author has `escalate` on roles), a binding only bind a role whose
 * rights its author holds (or has `bind` on it). Every document is validated and authorized before anything is written.
 */
export async function applyRbac(admin: ClusterClient, documents: { index: number; value: unknown }[], options: RbacApplyOptions): Promise<RbacApplyResult[]> {
  const objects = documents.map((d) => validateRbac(d.value, `document ${d.index}: `));
  const existing = await Promise.all(objects.map((o) => current(admin, o)));
  for (const [i, o] of objects.entries()) {
    const type = rbacTypes[o.kind as RbacKind];
    const namespace = o.metadata.namespace;
    const verb = existing[i] ? "update" : "create";
    await options.authorize({ verb, group: type.group, resource: type.plural, name: o.metadata.name, ...(namespace ? { namespace } : {}) });
    await preventEscalation(admin, o, options);
  }
  const results: RbacApplyResult[] = [];
  for (const [i, o] of objects.entries()) {
    const kind = o.kind as RbacKind;
    const type = rbacTypes[kind];
    const base = { kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) };
    const before = existing[i];
    if (before && sameContent(before, o)) {
      results.push({ ...base, action: "unchanged" });
      continue;
    }
    if (options.dryRun) {
      results.push({ ...base, action: before ? "wouldUpdate" : "wouldCreate" });
      continue;
    }
    try {
      if (before) await admin.update(type, { ...o, metadata: { ...before.metadata, labels: o.metadata.labels, annotations: o.metadata.annotations } });
      else await admin.create(type, o);
    } catch (e) {
      throw new RbacInputError(`document ${documents[i].index}`, `writing ${kind} ${o.metadata.name} failed: ${errorMessage(e)}`);
    }
    results.push({ ...base, action: before ? "updated" : "created" });
  }
  return results;
}

async function current(admin: ClusterClient, o: RbacObject): Promise<RbacObject | undefined> {
  try {
    return await admin.get<RbacObject>(rbacTypes[o.kind as RbacKind], o.metadata.namespace, o.metadata.name);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

const content = (o: RbacObject) => JSON.stringify([o.metadata.labels ?? {}, o.metadata.annotations ?? {}, (o as RoleObject).rules ?? null, (o as BindingObject).roleRef ?? null, (o as BindingObject).subjects ?? null]);
const sameContent = (a: RbacObject, b: RbacObject) => content(a) === content(b);

/** Every (verb, group, resource, name) a rule grants, as questions about the author's own rights. */
function* grants(rules: readonly PolicyRule[], namespace: string | undefined): Generator<ResourceAttributes> {
  for (const r of rules)
    for (const verb of r.verbs ?? [])
      for (const group of r.apiGroups ?? [])
        for (const resource of r.resources ?? [])
          for (const name of r.resourceNames?.length ? r.resourceNames : [undefined])
            yield { verb: verb as ResourceAttributes["verb"], group, resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) };
}

async function holdsAll(rules: readonly PolicyRule[], namespace: string | undefined, options: RbacApplyOptions): Promise<boolean> {
  for (const a of grants(rules, namespace)) if (!(await options.may(a))) return false;
  return true;
}

async function preventEscalation(admin: ClusterClient, o: RbacObject, options: RbacApplyOptions): Promise<void> {
  const namespace = o.metadata.namespace;
  const kind = o.kind as RbacKind;
  if (kind === "Role" || kind === "ClusterRole") {
    const type = rbacTypes[kind];
    const escalate: ResourceAttributes = { verb: "escalate", group: type.group, resource: type.plural, name: o.metadata.name, ...(namespace ? { namespace } : {}) };
    if ((await options.may(escalate)) || (await holdsAll((o as RoleObject).rules ?? [], namespace, options))) return;
    return options.authorize(escalate);
  }
  const ref = (o as BindingObject).roleRef;
  const refType = ref.kind === "Role" ? rbacTypes.Role : rbacTypes.ClusterRole;
  const bind: ResourceAttributes = { verb: "bind", group: refType.group, resource: refType.plural, name: ref.name, ...(namespace ? { namespace } : {}) };
  if (await options.may(bind)) return;
  const role = await current(admin, { apiVersion: RBAC_API_VERSION, kind: ref.kind, metadata: { name: ref.name, ...(ref.kind === "Role" ? { namespace } : {}) } } as RoleObject);
  if (role && (await holdsAll((role as RoleObject).rules ?? [], namespace, options))) return;
  return options.authorize(bind);
}
