import type { KubeObject } from "../cluster/object.js";
import { apiVersionOf } from "../cluster/resource-type.js";
import { SelectorError, selectorFromLabelSelector, type Selector } from "../cluster/selector.js";
import { isPlainObject, isStringMap } from "./json.js";
import { OWNER_ANNOTATION, OWNER_LABEL, type FederatedKind } from "./kinds.js";
import { dns1123LabelError, dns1123SubdomainError } from "./names.js";
import { ownerId, ownerLabelValue } from "./ownership.js";
import { applyJsonPatch, applyMergePatch, JsonPatchError, validateJsonPatch } from "./patch.js";
import type { FederatedObject, Override, TemplateMetadata } from "./resource.js";

/** What the planner knows about a registered cluster. */
export interface ClusterFacts {
  name: string;
  labels?: Record<string, string>;
}

/**
 * One object fedplane should write: `object` goes into `namespace` of `cluster`. Destinations share their labels,
 * annotations and spec objects where they are equal: treat them as read-only.
 */
export interface PlannedDestination {
  cluster: string;
  namespace: string;
  object: KubeObject;
}

export type Plan =
  | { valid: false; message: string }
  | {
      valid: true;
      /** The owner id written on every placed object. */
      owner: string;
      /** Selected clusters, sorted by name. */
      clusters: string[];
      namespaces: string[];
      /** One per cluster x namespace, in cluster then namespace order. */
      destinations: PlannedDestination[];
    };

// Gloo Federation's validation messages, kept word for word.
export const PLACEMENT_MISSING = "Placement must not be nil";
export const TEMPLATE_MISSING = "Spec template must not be nil";
export const METADATA_MISSING = "Metadata template must not be nil";
export const clusterNotRegistered = (name: string) => `Cluster ${name} is not registered`;

class Invalid extends Error {}

/**
 * The whole desired state of one federated object, as a pure function of the object and the registered clusters.
 * An invalid object yields { valid: false, message } (overall state INVALID); nothing is placed or removed for it.
 */
export function plan(kind: FederatedKind, fed: FederatedObject, clusters: readonly ClusterFacts[]): Plan {
  try {
    return planOrThrow(kind, fed, clusters);
  } catch (e) {
    if (e instanceof Invalid) return { valid: false, message: e.message };
    throw e;
  }
}

function planOrThrow(kind: FederatedKind, fed: FederatedObject, clusters: readonly ClusterFacts[]): Plan {
  const spec = isPlainObject(fed.spec) ? fed.spec : {};
  const placement = spec.placement;
  if (!isPlainObject(placement)) throw new Invalid(PLACEMENT_MISSING);
  const template = spec.template;
  if (!isPlainObject(template)) throw new Invalid(TEMPLATE_MISSING);
  if (!isPlainObject(template.metadata)) throw new Invalid(METADATA_MISSING);
  const metadata = checkMetadata(template.metadata, "Metadata template");
  if (template.spec !== undefined && template.spec !== null && !isPlainObject(template.spec))
    throw new Invalid("Template spec must be an object");

  const selected = selectClusters(placement.clusters, placement.clusterSelector, clusters);
  const namespaces = checkNamespaces(placement.namespaces);
  const overrides = checkOverrides(spec.overrides);

  const id = ownerId(fed.metadata.namespace ?? "", fed.metadata.name);
  // One copy of the template, shared by every destination it applies to unchanged; overrides make a copy per cluster.
  const copy: Template = structuredClone({ metadata, spec: template.spec ?? {} });
  const base = managedFields(id, copy);
  const destinations: PlannedDestination[] = [];
  for (const cluster of selected) {
    const overridden = applyOverrides(overrides, cluster, copy);
    const managed = overridden ? managedFields(id, overridden) : base;
    for (const namespace of namespaces) {
      destinations.push({ cluster: cluster.name, namespace, object: desiredObject(kind, namespace, managed) });
    }
  }
  return { valid: true, owner: id, clusters: selected.map((c) => c.name), namespaces, destinations };
}

type Template = { metadata: TemplateMetadata & { name: string }; spec: unknown };

function checkMetadata(metadata: Record<string, unknown>, what: string): Template["metadata"] {
  const nameError = dns1123SubdomainError(metadata.name);
  if (nameError) throw new Invalid(`${what} name ${JSON.stringify(metadata.name ?? "")} ${nameError}`);
  for (const field of ["labels", "annotations"] as const) {
    const value = metadata[field];
    if (value === undefined || value === null) continue;
    if (!isStringMap(value)) throw new Invalid(`${what} ${field} must map strings to strings`);
    // OWNER_LABEL and OWNER_ANNOTATION share one key; a template must not forge ownership.
    if (OWNER_LABEL in value) throw new Invalid(`${what} ${field} must not set ${OWNER_LABEL}: fedplane sets it`);
  }
  return metadata as unknown as Template["metadata"];
}

function selectClusters(names: unknown, selectorSpec: unknown, registered: readonly ClusterFacts[]): ClusterFacts[] {
  if (names !== undefined && names !== null && !(Array.isArray(names) && names.every((n) => typeof n === "string")))
    throw new Invalid("Placement clusters must be a list of cluster names");
  const list = (names ?? []) as string[];
  const selector = compileSelector(selectorSpec, "placement.clusterSelector");
  if (list.length === 0 && !selector)
    throw new Invalid(
      'Placement must select clusters: list them in placement.clusters, use "*" for all registered clusters, or set placement.clusterSelector',
    );
  const byName = new Map(registered.map((c) => [c.name, c]));
  for (const name of list) if (name !== "*" && !byName.has(name)) throw new Invalid(clusterNotRegistered(name));
  return registered
    .filter((c) => matchesClusters(c, list, selector))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A cluster is chosen when it is listed (or "*" is), or when its labels match the selector. */
function matchesClusters(cluster: ClusterFacts, names: readonly string[], selector: Selector | undefined) {
  return names.includes("*") || names.includes(cluster.name) || (selector?.matches(cluster.labels) ?? false);
}

function compileSelector(selector: unknown, field: string): Selector | undefined {
  if (selector === undefined || selector === null) return undefined;
  try {
    return selectorFromLabelSelector(selector as never, field);
  } catch (e) {
    if (e instanceof SelectorError) throw new Invalid(`Invalid cluster selector: ${e.message}`);
    throw e;
  }
}

function checkNamespaces(namespaces: unknown): string[] {
  if (!Array.isArray(namespaces) || namespaces.length === 0)
    throw new Invalid("Placement namespaces must not be empty: list the namespaces to place the resource into");
  for (const ns of namespaces) {
    const error = dns1123LabelError(ns);
    if (error) throw new Invalid(`Placement namespace ${JSON.stringify(ns)} ${error}`);
  }
  return [...new Set(namespaces as string[])];
}

/** A validated override, its selector compiled. */
interface CheckedOverride {
  clusters: string[];
  selector?: Selector;
  patch?: unknown;
  jsonPatch?: unknown[];
}

function checkOverrides(overrides: unknown): CheckedOverride[] {
  if (overrides === undefined || overrides === null) return [];
  if (!Array.isArray(overrides)) throw new Invalid("Overrides must be a list");
  return overrides.map((o: unknown, i): CheckedOverride => {
    const what = `Override ${i}`;
    if (!isPlainObject(o)) throw new Invalid(`${what} must be an object with clusters or clusterSelector, and patch or jsonPatch`);
    const { clusters, clusterSelector, patch, jsonPatch } = o as Override;
    if (clusters !== undefined && clusters !== null && !(Array.isArray(clusters) && clusters.every((c) => typeof c === "string")))
      throw new Invalid(`${what}: clusters must be a list of cluster names`);
    const selector = compileSelector(clusterSelector, `overrides[${i}].clusterSelector`);
    if (!clusters?.length && !selector)
      throw new Invalid(`${what} must name the clusters it applies to: clusters (or "*") or clusterSelector`);
    if ((patch === undefined || patch === null) === (jsonPatch === undefined || jsonPatch === null))
      throw new Invalid(`${what} must have exactly one of patch (JSON merge patch) or jsonPatch (JSON patch operations)`);
    if (patch !== undefined && patch !== null && !isPlainObject(patch))
      throw new Invalid(`${what}: patch must be an object (a JSON merge patch of the template's metadata and spec)`);
    if (jsonPatch !== undefined && jsonPatch !== null) {
      try {
        validateJsonPatch(jsonPatch);
      } catch (e) {
        if (e instanceof JsonPatchError) throw new Invalid(`${what}: ${e.message}`);
        throw e;
      }
    }
    return { clusters: clusters ?? [], selector, patch, jsonPatch: jsonPatch ?? undefined };
  });
}

/** The template after the overrides matching cluster, or undefined when none matches. */
function applyOverrides(overrides: readonly CheckedOverride[], cluster: ClusterFacts, template: Template): Template | undefined {
  let result: unknown = template;
  let matched = false;
  overrides.forEach((o, i) => {
    if (!matchesClusters(cluster, o.clusters, o.selector)) return;
    matched = true;
    const what = `Override ${i} for cluster ${cluster.name}`;
    try {
      result = o.jsonPatch !== undefined ? applyJsonPatch(result, o.jsonPatch) : applyMergePatch(result, o.patch);
    } catch (e) {
      if (e instanceof JsonPatchError) throw new Invalid(`${what}: ${e.message}`);
      throw e;
    }
    if (!isPlainObject(result) || !isPlainObject(result.metadata)) throw new Invalid(`${what} must keep the template's metadata`);
    const metadata = checkMetadata(result.metadata, `${what}: metadata`);
    if (metadata.name !== template.metadata.name) throw new Invalid(`${what} must not change metadata.name`);
    if (result.spec !== undefined && result.spec !== null && !isPlainObject(result.spec))
      throw new Invalid(`${what} must leave spec an object`);
  });
  return matched ? (result as Template) : undefined;
}

interface Managed {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: unknown;
}

/** What fedplane writes on every placed object of one template: its name, labels and annotations with the owner, spec. */
function managedFields(owner: string, template: Template): Managed {
  const { name, labels, annotations } = template.metadata;
  return {
    name,
    labels: { ...labels, [OWNER_LABEL]: ownerLabelValue(owner) },
    annotations: { ...annotations, [OWNER_ANNOTATION]: owner },
    spec: template.spec ?? {},
  };
}

function desiredObject(kind: FederatedKind, namespace: string, managed: Managed): KubeObject {
  return {
    apiVersion: apiVersionOf(kind.target),
    kind: kind.target.kind,
    metadata: { name: managed.name, namespace, labels: managed.labels, annotations: managed.annotations },
    spec: managed.spec,
  };
}
