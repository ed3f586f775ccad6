import { SelectorError, selectorFromLabelSelector } from "../cluster/selector.js";
import { badInput } from "./errors.js";
import { isPlainObject, isStringMap } from "./json.js";
import { federatedKindByName, federatedKinds, federatedKindOf, type FederatedKind } from "./kinds.js";
import { dns1123LabelError, dns1123SubdomainError } from "./names.js";
import { plan, type ClusterFacts } from "./planner.js";
import type { FederatedObject } from "./resource.js";

/** Largest federated object accepted (its JSON), well under the API server's and etcd's limits. */
export const MAX_OBJECT_BYTES = 1024 * 1024;

export interface ValidationContext {
  /** Registered clusters: placements may only name these (or "*"). */
  clusters: readonly ClusterFacts[];
  /** Namespace of an object that names none. */
  defaultNamespace: string;
  /** When fedplane manages one namespace only, objects must be in it. */
  onlyNamespace?: string;
  /** Prefix of field paths, e.g. "document 2: ". */
  at?: string;
}

/** A kind by its name ("FederatedUpstream") or its GraphQL enum value ("UPSTREAM"). */
export function resolveKind(kind: string, field = "kind"): FederatedKind {
  const found = federatedKindByName(kind) ?? federatedKinds.find((k) => k.enumName === kind);
  if (!found) throw badInput(field, `unknown federated kind ${JSON.stringify(kind)}; known kinds: ${federatedKinds.map((k) => k.name).join(", ")}`);
  return found;
}

/**
 * Checks a federated object as a user wrote it and returns it in canonical form (server-set metadata and status
 * dropped; resourceVersion kept for optimistic concurrency). Every error names the field and the reason.
 */
export function validateFederated(input: unknown, ctx: ValidationContext): { kind: FederatedKind; object: FederatedObject } {
  const at = ctx.at ?? "";
  const fail = (field: string, reason: string) => badInput(`${at}${field}`, reason);
  if (!isPlainObject(input)) throw fail("(document)", "must be an object with apiVersion, kind, metadata and spec");
  const size = JSON.stringify(input).length;
  if (size > MAX_OBJECT_BYTES) throw fail("(document)", `is ${size} bytes of JSON; the limit is ${MAX_OBJECT_BYTES}`);
  if (typeof input.kind !== "string" || !input.kind) throw fail("kind", "required");
  const kind = resolveKind(input.kind, `${at}kind`);
  const apiVersion = `${kind.type.group}/${kind.type.version}`;
  if (input.apiVersion !== undefined && federatedKindOf(String(input.apiVersion), kind.name) !== kind)
    throw fail("apiVersion", `${kind.name} is ${apiVersion}, not ${JSON.stringify(input.apiVersion)}`);

  const metadata = input.metadata;
  if (!isPlainObject(metadata)) throw fail("metadata", "required: an object with name (and namespace)");
  const nameError = dns1123SubdomainError(metadata.name);
  if (nameError) throw fail("metadata.name", `${JSON.stringify(metadata.name ?? "")} ${nameError}`);
  const namespace = metadata.namespace ?? ctx.defaultNamespace;
  const nsError = dns1123LabelError(namespace);
  if (nsError) throw fail("metadata.namespace", `${JSON.stringify(namespace)} ${nsError}`);
  if (ctx.onlyNamespace !== undefined && namespace !== ctx.onlyNamespace)
    throw fail("metadata.namespace", `this fedplane manages federated resources in namespace ${ctx.onlyNamespace} only`);
  for (const field of ["labels", "annotations"] as const) {
    if (metadata[field] !== undefined && metadata[field] !== null && !isStringMap(metadata[field])) throw fail(`metadata.${field}`, "must map strings to strings");
  }
  if (metadata.resourceVersion !== undefined && typeof metadata.resourceVersion !== "string")
    throw fail("metadata.resourceVersion", "must be a string (as read from the server)");

  const spec = input.spec;
  if (!isPlainObject(spec)) throw fail("spec", "required: an object with template and placement");
  checkTemplate(spec.template, (f, r) => fail(`spec.template${f}`, r));
  checkPlacement(spec.placement, ctx.clusters, (f, r) => fail(`spec.placement${f}`, r));
  if (spec.overrides !== undefined && spec.overrides !== null && !Array.isArray(spec.overrides)) throw fail("spec.overrides", "must be a list");

  const object: FederatedObject = {
    apiVersion,
    kind: kind.name,
    metadata: {
      name: metadata.name as string,
      namespace: namespace as string,
      ...(isStringMap(metadata.labels) ? { labels: metadata.labels } : {}),
      ...(isStringMap(metadata.annotations) ? { annotations: metadata.annotations } : {}),
      ...(typeof metadata.resourceVersion === "string" ? { resourceVersion: metadata.resourceVersion } : {}),
    },
    spec: spec as FederatedObject["spec"],
  };
  // What is left (overrides, selectors combined with the registered clusters) is the planner's to judge.
  const p = plan(kind, object, ctx.clusters);
  if (!p.valid) throw fail(p.message.startsWith("Override") ? "spec.overrides" : "spec", p.message);
  return { kind, object };
}

type Fail = (field: string, reason: string) => Error;

function checkTemplate(template: unknown, fail: Fail) {
  if (!isPlainObject(template)) throw fail("", "required: an object with metadata (name, labels, annotations) and spec");
  if (!isPlainObject(template.metadata)) throw fail(".metadata", "required: an object with the name of the placed objects");
  const nameError = dns1123SubdomainError(template.metadata.name);
  if (nameError) throw fail(".metadata.name", `${JSON.stringify(template.metadata.name ?? "")} ${nameError}`);
  if (template.spec !== undefined && template.spec !== null && !isPlainObject(template.spec))
    throw fail(".spec", "must be an object: the spec of the placed objects");
}

function checkPlacement(placement: unknown, clusters: readonly ClusterFacts[], fail: Fail) {
  if (!isPlainObject(placement)) throw fail("", "required: an object with clusters (or clusterSelector) and namespaces");
  const names = placement.clusters ?? [];
  if (!Array.isArray(names)) throw fail(".clusters", 'must be a list of cluster names ("*" for all)');
  const registered = new Set(clusters.map((c) => c.name));
  names.forEach((name: unknown, i) => {
    if (typeof name !== "string") throw fail(`.clusters[${i}]`, "must be a string");
    if (name !== "*" && !registered.has(name))
      throw fail(`.clusters[${i}]`, `cluster ${name} is not registered (registered: ${[...registered].sort().join(", ") || "none"}); register it first, or use "*" or clusterSelector`);
  });
  if (placement.clusterSelector !== undefined && placement.clusterSelector !== null) {
    try {
      selectorFromLabelSelector(placement.clusterSelector as never, "clusterSelector");
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      const split = e.message.indexOf(": "); // "clusterSelector.matchExpressions[0].values: must be ..."
      throw fail(`.${e.message.slice(0, split)}`, e.message.slice(split + 2));
      throw e;
    }
  } else if (names.length === 0) {
    throw fail("", 'must select clusters: list them in clusters, use "*" for all registered clusters, or set clusterSelector');
  }
  const namespaces = placement.namespaces;
  if (!Array.isArray(namespaces) || namespaces.length === 0) throw fail(".namespaces", "must list at least one namespace to place the resource into");
  namespaces.forEach((ns: unknown, i) => {
    const error = dns1123LabelError(ns);
    if (error) throw fail(`.namespaces[${i}]`, `${JSON.stringify(ns)} ${error}`);
  });
}
