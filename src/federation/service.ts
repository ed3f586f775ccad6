import type { KubeObject } from "../cluster/object.js";
import type { ClusterRegistry } from "../clusters/registry.js";
import { FederationError, fromApiError } from "./errors.js";
import type { PlacementChangedEvent, ResourceChangedEvent, Unsubscribe } from "./events.js";
import { deepEqual } from "./json.js";
import type { FederatedKind } from "./kinds.js";
import { parseManifest } from "./manifest.js";
import type { MemberCaches } from "./member-caches.js";
import { ownerId } from "./ownership.js";
import type { PlacementFeed } from "./placement-feed.js";
import { plan, type Plan } from "./planner.js";
import type { FederatedObject, FederatedRef, PlacementState, PlacementStatus } from "./resource.js";
import { atLeast, crdNameOf, type FederatedStore } from "./store.js";
import { resolveKind, validateFederated, type ValidationContext } from "./validation.js";

export interface FederationServiceOptions {
  store: FederatedStore;
  registry: ClusterRegistry;
  members: MemberCaches;
  feed: PlacementFeed;
  /** Namespace of objects that name none (default: the federation namespace, where Gloo Federation keeps them). */
  defaultNamespace?: string;
}

export interface ListFilter {
  /** Kind name ("FederatedUpstream") or GraphQL enum value ("UPSTREAM"). */
  kind?: string;
  namespace?: string;
  /** Overall placement state; objects without a status yet count as UNKNOWN. */
  state?: PlacementState;
}

export type ApplyAction = "created" | "updated" | "unchanged" | "wouldCreate" | "wouldUpdate";

export interface ApplyResult {
  kind: string;
  namespace: string;
  name: string;
  action: ApplyAction;
  /** As written (or, in a dry run, as it would be written). */
  object: FederatedObject;
  /** In a dry run: what would be placed where. */
  plan?: Plan;
}

/** A placed object as its member cluster holds it (from the watch caches). */
export interface PlacedObject {
  cluster: string;
  namespace: string;
  name: string;
  apiVersion: string;
  kind: string;
  resourceVersion?: string;
  labels: Record<string, string>;
  spec: unknown;
  /** What Gloo in that cluster reports, e.g. {statuses: {<ns>: {state: "Accepted"}}}. */
  status: unknown;
}

export interface WriteOptions {
  /** Validate and plan, write nothing. */
  dryRun?: boolean;
}

/**
 * What the GraphQL API and the CLI call to read and change federated resources. Reads come from the admin cluster's
 * watch cache; writes go to the admin cluster (the reconciler does the rest) and return once the cache shows them, so a
 * read right after a write sees it. Errors are FederationError with a code and the field at fault.
 */
export class FederationService {
  constructor(private readonly options: FederationServiceOptions) {}

  private get defaultNamespace() {
    return this.options.defaultNamespace ?? this.options.registry.federationNamespace;
  }

  list(filter: ListFilter = {}): FederatedObject[] {
    const kind = filter.kind === undefined ? undefined : resolveKind(filter.kind);
    return this.options.store
      .list(kind, filter.namespace)
      .filter((o) => filter.state === undefined || (o.status?.placementStatus?.state ?? "UNKNOWN") === filter.state)
      .sort(byKindNamespaceName);
  }

  /** The object, or undefined when there is none. */
  get(kind: string, namespace: string, name: string): FederatedObject | undefined {
    return this.options.store.get(resolveKind(kind), namespace, name);
  }

  /** The latest observed placement (includes transitions not yet written to the status, e.g. drift being repaired). */
  placementStatus(obj: FederatedObject): PlacementStatus | undefined {
    return this.options.feed.current(obj);
  }

  async create(input: unknown, options: WriteOptions = {}): Promise<FederatedObject> {
    const { kind, object } = validateFederated(input, this.validation());
    this.requireInstalled(kind);
    const { resourceVersion: _ignored, ...metadata } = object.metadata;
    const fresh: FederatedObject = { ...object, metadata };
    if (this.options.store.get(kind, metadata.namespace!, metadata.name))
      throw new FederationError("CONFLICT", `${kind.name} ${metadata.namespace}/${metadata.name} already exists; update or apply it instead`, "metadata.name");
    if (options.dryRun) return fresh;
    return this.write(kind, fresh, "create");
  }

  /** Replaces labels, annotations and spec; metadata.resourceVersion must be the latest (else CONFLICT). */
  async update(input: unknown, options: WriteOptions = {}): Promise<FederatedObject> {
    const { kind, object } = validateFederated(input, this.validation());
    this.requireInstalled(kind);
    if (!object.metadata.resourceVersion)
      throw new FederationError("BAD_USER_INPUT", "metadata.resourceVersion: required for update (read the object first); apply does not need it", "metadata.resourceVersion");
    const current = this.require(kind, object.metadata.namespace!, object.metadata.name);
    const next = merged(current, object, object.metadata.resourceVersion);
    if (options.dryRun) return next;
    return this.write(kind, next, "update");
  }

  /** Deletes the object; the reconciler then removes what it placed, and the object goes once that is done. */
  async delete(kind: string, namespace: string, name: string): Promise<FederatedObject> {
    const k = resolveKind(kind);
    this.requireInstalled(k);
    const current = this.require(k, namespace, name);
    try {
      await this.options.store.admin.delete(k.type, namespace, name);
    } catch (e) {
      throw fromApiError(e, `deleting ${k.name} ${namespace}/${name}`);
    }
    await this.options.store.caughtUp(k, namespace, name, (o) => o === undefined || o.metadata.deletionTimestamp !== undefined);
    return this.options.store.get(k, namespace, name) ?? current;
  }

  /**
   * kubectl apply for federated kinds: one or many YAML/JSON documents (or a List); each is created, or updated when
   * it exists (labels, annotations and spec replaced), or left alone when nothing changed. Every document is validated
   * before anything is written, so an invalid one writes nothing.
   */
  async apply(manifest: string, options: WriteOptions = {}): Promise<ApplyResult[]> {
    const docs = parseManifest(manifest);
    const validated = docs.map((doc) => ({ doc, ...validateFederated(doc.value, this.validation(`document ${doc.index}: `)) }));
    const seen = new Map<string, number>();
    for (const { doc, kind, object } of validated) {
      const key = `${kind.name}/${object.metadata.namespace}/${object.metadata.name}`;
      const first = seen.get(key);
      if (first !== undefined)
        throw new FederationError("BAD_USER_INPUT", `document ${doc.index}: ${kind.name} ${object.metadata.namespace}/${object.metadata.name} is already in document ${first}`, `document ${doc.index}: metadata.name`);
      seen.set(key, doc.index);
    }
    for (const { kind } of validated) this.requireInstalled(kind);
    const results: ApplyResult[] = [];
    for (const { kind, object } of validated) {
      const { namespace, name } = object.metadata as { namespace: string; name: string };
      const current = this.options.store.get(kind, namespace, name);
      const base = { kind: kind.name, namespace, name };
      const p = options.dryRun ? this.plan(object) : undefined;
      if (!current) {
        const { resourceVersion: _ignored, ...metadata } = object.metadata;
        const fresh = { ...object, metadata };
        results.push(options.dryRun ? { ...base, action: "wouldCreate", object: fresh, plan: p } : { ...base, action: "created", object: await this.write(kind, fresh, "create") });
        continue;
      }
      const next = merged(current, object, current.metadata.resourceVersion!);
      if (unchanged(current, next)) results.push({ ...base, action: "unchanged", object: current, ...(p ? { plan: p } : {}) });
      else if (options.dryRun) results.push({ ...base, action: "wouldUpdate", object: next, plan: p });
      else results.push({ ...base, action: "updated", object: await this.write(kind, next, "update") });
    }
    return results;
  }

  /** Dry run of placement: what would be written where, for the clusters registered now. */
  plan(input: FederatedObject): Plan {
    const kind = resolveKind(input.kind);
    return plan(kind, input, this.options.registry.list());
  }

  /** The live objects a federated object placed, from the member clusters' watch caches. */
  placedObjects(ref: FederatedRef | FederatedObject): PlacedObject[] {
    const { kind: kindName, namespace, name } = "metadata" in ref ? { kind: ref.kind, namespace: ref.metadata.namespace ?? "", name: ref.metadata.name } : ref;
    const kind = resolveKind(kindName);
    const { members, registry } = this.options;
    members.use(kind.target);
    const owner = ownerId(namespace, name);
    return registry
      .list()
      .flatMap((cluster) => members.owned(cluster.name, kind.target, owner).map((o) => placedObject(cluster.name, o)))
      .sort((a, b) => compare(a.cluster, b.cluster) || compare(a.namespace, b.namespace) || compare(a.name, b.name));
  }

  onPlacementChanged(listener: (event: PlacementChangedEvent) => void): Unsubscribe {
    return this.options.feed.onPlacementChanged(listener);
  }

  onResourceChanged(listener: (event: ResourceChangedEvent) => void): Unsubscribe {
    return this.options.feed.onResourceChanged(listener);
  }

  // ---- helpers ----

  private validation(at = ""): ValidationContext {
    return {
      clusters: this.options.registry.list(),
      defaultNamespace: this.options.store.namespace ?? this.defaultNamespace,
      onlyNamespace: this.options.store.namespace,
      at,
    };
  }

  /** Federated kinds whose CRD the admin cluster does not serve (now): they cannot be used until it is installed. */
  missingKinds(): { kind: string; crd: string }[] {
    return this.options.store.missingKinds().map((k) => ({ kind: k.name, crd: crdNameOf(k) }));
  }

  /** A kind whose CRD the admin cluster lacks cannot be written: say so, and how to fix it. */
  private requireInstalled(kind: FederatedKind): void {
    const missing = this.options.store.missingError(kind);
    if (missing) throw missing;
  }

  private require(kind: FederatedKind, namespace: string, name: string): FederatedObject {
    const current = this.options.store.get(kind, namespace, name);
    if (!current) throw new FederationError("NOT_FOUND", `${kind.name} ${namespace}/${name} not found`);
    return current;
  }

  /** Writes to the admin cluster and waits until the cache has the result. */
  private async write(kind: FederatedKind, obj: FederatedObject, verb: "create" | "update"): Promise<FederatedObject> {
    const { namespace, name } = obj.metadata as { namespace: string; name: string };
    const what = `${verb === "create" ? "creating" : "updating"} ${kind.name} ${namespace}/${name}`;
    let written: FederatedObject;
    try {
      written = verb === "create" ? await this.options.store.admin.create(kind.type, obj) : await this.options.store.admin.update(kind.type, obj);
    } catch (e) {
      const error = fromApiError(e, what);
      if (error.code === "CONFLICT" && verb === "update")
        throw new FederationError("CONFLICT", `${what}: it changed since resourceVersion ${obj.metadata.resourceVersion} was read; read it again and retry`, "metadata.resourceVersion");
      if (error.code === "NOT_FOUND" && verb === "create")
        throw new FederationError("BAD_USER_INPUT", `metadata.namespace: namespace ${namespace} does not exist in the admin cluster; create it first`, "metadata.namespace");
      throw error;
    }
    await this.options.store.caughtUp(kind, namespace, name, atLeast(written.metadata.resourceVersion ?? ""));
    return written;
  }
}

/** current with input's labels, annotations and spec (kubectl apply replaces what the manifest states). */
function merged(current: FederatedObject, input: FederatedObject, resourceVersion: string): FederatedObject {
  return {
    ...current,
    metadata: {
      ...current.metadata,
      resourceVersion,
      labels: input.metadata.labels ?? current.metadata.labels,
      annotations: input.metadata.annotations ?? current.metadata.annotations,
    },
    spec: input.spec,
  };
}

function unchanged(a: FederatedObject, b: FederatedObject): boolean {
  return deepEqual(a.spec, b.spec) && deepEqual(a.metadata.labels ?? {}, b.metadata.labels ?? {}) && deepEqual(a.metadata.annotations ?? {}, b.metadata.annotations ?? {});
}

function placedObject(cluster: string, o: KubeObject): PlacedObject {
  return {
    cluster,
    namespace: o.metadata.namespace ?? "",
    name: o.metadata.name,
    apiVersion: o.apiVersion,
    kind: o.kind,
    resourceVersion: o.metadata.resourceVersion,
    labels: { ...(o.metadata.labels ?? {}) },
    spec: o.spec ?? {},
    status: o.status ?? null,
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byKindNamespaceName(a: FederatedObject, b: FederatedObject): number {
  return compare(a.kind, b.kind) || compare(a.metadata.namespace ?? "", b.metadata.namespace ?? "") || compare(a.metadata.name, b.metadata.name);
}
