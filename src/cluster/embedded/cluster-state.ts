import { randomUUID } from "node:crypto";
import type { DeleteOptions, ListOptions, WatchHandlers, WatchOptions } from "../client.js";
import { ApiError, errorMessage } from "../errors.js";
import type { WatchEventType } from "../object.js";
import { apiVersionOf, resourceKey, type ResourceType } from "../resource-type.js";
import { parseSelector, type Selector } from "../selector.js";
import { History } from "./history.js";
import { checkFields, preserveUnknownFields, type SchemaCheck, type WriteIntent } from "./field-validation.js";
import { applyMergePatch, canonicalJson, isJsonObject, type JsonObject } from "./json.js";
import { NAMESPACE_FINALIZER, NAMESPACES_KEY, traitsOf } from "./kind-traits.js";
import {
  alreadyExists,
  conflict,
  gone,
  invalid,
  MODIFIED,
  namespaceNotFound,
  namespaceTerminating,
  notFound,
} from "./messages.js";
import { metadataCauses } from "./validation.js";
import { Watcher, type Change, type StoredObject } from "./watcher.js";

/** Where writes go before they are acknowledged (the world's journal). Throwing aborts the write with nothing changed. */
export interface Persistence {
  put(cluster: string, typeKey: string, obj: StoredObject): void;
  remove(cluster: string, typeKey: string, ns: string, name: string, rv: number): void;
}

/** The objects of one kind in one cluster, indexed by namespace, and the watches on that kind. */
class Bucket {
  readonly byNs = new Map<string, Map<string, StoredObject>>();
  readonly watchers = new Set<Watcher>();
}

type Meta = JsonObject & { name: string; namespace?: string; finalizers?: string[]; deletionTimestamp?: string };
type Obj = JsonObject & { metadata: Meta; status?: unknown; spec?: unknown };

const SYSTEM_FIELDS = ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] as const;

// Matches generateName's alphabet (no vowels, no confusable characters), as the API server uses.
const GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

function stored(obj: Obj, rv: number, json = canonicalJson(obj)): StoredObject {
  const labels = obj.metadata.labels;
  return {
    json,
    ns: obj.metadata.namespace ?? "",
    name: obj.metadata.name,
    rv,
    uid: obj.metadata.uid as string,
    labels: isJsonObject(labels) ? Object.freeze({ ...(labels as Record<string, string>) }) : undefined,
    deleting: Boolean(obj.metadata.deletionTimestamp),
  };
}

const parse = (s: StoredObject) => JSON.parse(s.json) as Obj;
const finalizersOf = (o: Obj): string[] => (Array.isArray(o.metadata.finalizers) ? o.metadata.finalizers : []);

/** Everything except metadata and status: what metadata.generation tracks. */
function specPart(o: Obj): string {
  const { metadata: _m, status: _s, ...rest } = o;
  return canonicalJson(rest);
}

/**
 * One embedded cluster: the API server's storage semantics over in-memory indexes. All methods are synchronous and
 * either complete (persisted, then applied, then dispatched to watches asynchronously) or throw ApiError having
 * changed nothing.
 */
export class ClusterState {
  /** The cluster's revision: every write takes the next one, like etcd's. */
  rv = 0;
  private readonly buckets = new Map<string, Bucket>();
  private readonly history: History;
  /** Namespaced objects per namespace, so a terminating namespace knows when it is empty. */
  private readonly nsContent = new Map<string, number>();
  private closed = false;

  constructor(
    readonly name: string,
    historySize: number,
    private readonly persistence: Persistence,
    private readonly schema: SchemaCheck = preserveUnknownFields,
  ) {
    this.history = new History(historySize);
  }

  private bucket(key: string): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = new Bucket();
      this.buckets.set(key, b);
    }
    return b;
  }

  private find(key: string, ns: string, name: string): StoredObject | undefined {
    return this.buckets.get(key)?.byNs.get(ns)?.get(name);
  }

  private nsOf(type: ResourceType, namespace: string | undefined): string {
    return type.namespaced ? (namespace ?? "") : "";
  }

  private existing(type: ResourceType, namespace: string | undefined, name: string): StoredObject {
    const found = this.find(resourceKey(type), this.nsOf(type, namespace), name);
    if (!found) throw notFound(type, name);
    return found;
  }

  // ---- reads ----

  get(type: ResourceType, namespace: string | undefined, name: string): StoredObject {
    return this.existing(type, namespace, name);
  }

  list(type: ResourceType, options: ListOptions = {}): { items: StoredObject[]; rv: number } {
    const selector = selectorOf(options.labelSelector);
    const bucket = this.buckets.get(resourceKey(type));
    const items: StoredObject[] = [];
    if (bucket) {
      // "" means all namespaces, as on the API server.
      const namespaces = type.namespaced && options.namespace ? [options.namespace] : [...bucket.byNs.keys()].sort();
      for (const ns of namespaces) {
        const objects = bucket.byNs.get(ns);
        if (!objects) continue;
        const start = items.length;
        for (const o of objects.values()) if (selector.matches(o.labels)) items.push(o);
        sortByName(items, start);
      }
    }
    return { items, rv: this.rv };
  }

  // ---- writes ----

  create(type: ResourceType, input: unknown, intent: WriteIntent = {}): StoredObject {
    const key = resourceKey(type);
    const traits = traitsOf(key);
    const obj = this.decode(type, input, "object", intent);
    const meta: Meta = { ...obj.metadata };
    if (typeof meta.name !== "string" || meta.name === "") {
      if (typeof meta.generateName !== "string" || meta.generateName === "") {
        throw invalid(type, "", ["metadata.name: Required value: name or generateName is required"]);
      }
      meta.name = this.generateName(key, type, meta);
    }
    if (type.namespaced) {
      if (typeof meta.namespace !== "string" || meta.namespace === "") {
        throw invalid(type, meta.name, ["metadata.namespace: Required value"]);
      }
    } else {
      delete meta.namespace; // the API server clears it for cluster-scoped kinds
    }
    const causes = metadataCauses(meta, key === NAMESPACES_KEY);
    if (causes.length) throw invalid(type, meta.name, causes);
    if (/^[1-9]\d*$/.test(String(meta.resourceVersion ?? ""))) {
      throw new ApiError("InternalError", "resourceVersion should not be set on objects to be created");
    }
    const ns = meta.namespace ?? "";
    if (type.namespaced) this.checkNamespaceOpen(type, meta.name, ns);
    if (this.find(key, ns, meta.name)) throw alreadyExists(type, meta.name);

    for (const f of SYSTEM_FIELDS) delete meta[f];
    dropEmpty(meta);
    meta.uid = randomUUID();
    meta.creationTimestamp = now();
    if (traits.generation) meta.generation = 1;
    const next: Obj = { ...obj, apiVersion: apiVersionOf(type), kind: type.kind, metadata: meta };
    if (traits.statusSubresource) delete next.status;
    if (key === NAMESPACES_KEY) {
      next.spec = { ...(isJsonObject(next.spec) ? next.spec : {}), finalizers: [NAMESPACE_FINALIZER] };
      next.status = { phase: "Active" };
    }
    return this.commit(key, "ADDED", next, undefined, intent.dryRun);
  }

  update(type: ResourceType, input: unknown, intent: WriteIntent = {}): StoredObject {
    const obj = this.decode(type, input, "object", intent);
    const current = this.existing(type, obj.metadata.namespace, this.nameOf(type, obj));
    return this.replace(type, current, obj, intent.dryRun);
  }

  patch(type: ResourceType, namespace: string | undefined, name: string, mergePatch: unknown, intent: WriteIntent = {}): StoredObject {
    if (!isJsonObject(mergePatch)) throw new ApiError("BadRequest", "the merge patch must be a JSON object");
    const current = this.existing(type, namespace, name);
    const patched = applyMergePatch(parse(current), mergePatch) as Obj;
    if (!isJsonObject(patched.metadata) || patched.metadata.name !== name) {
      throw new ApiError("BadRequest", `the name of the object (${String(patched.metadata?.name)}) does not match the name on the URL (${name})`);
    }
    if (type.namespaced && patched.metadata.namespace !== namespace) {
      throw new ApiError("BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
    }
    return this.replace(type, current, checkFields(this.schema, type, patched, "object", intent) as Obj, intent.dryRun);
  }

  updateStatus(type: ResourceType, input: unknown, intent: WriteIntent = {}): StoredObject {
    const key = resourceKey(type);
    const obj = this.decode(type, input, "status", intent);
    const name = this.nameOf(type, obj);
    if (!traitsOf(key).statusSubresource) throw notFound(type, `${name}/status`);
    const current = this.existing(type, obj.metadata.namespace, name);
    this.checkPreconditions(type, current, obj.metadata);
    const next = parse(current);
    // As the API server's status strategy: the old object with the new status, nothing else.
    if (obj.status === undefined) delete next.status;
    else next.status = obj.status;
    return this.commitIfChanged(key, current, next, intent.dryRun);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): void {
    const key = resourceKey(type);
    const current = this.existing(type, namespace, name);
    const pre = options.preconditions ?? {};
    if (pre.uid !== undefined && pre.uid !== current.uid) {
      throw conflict(type, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.uid}`);
    }
    if (pre.resourceVersion !== undefined && pre.resourceVersion !== String(current.rv)) {
      throw conflict(
        type,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.rv}`,
      );
    }
    this.deleteStored(key, current, options.dryRun);
  }

  private deleteStored(key: string, current: StoredObject, dryRun = false): void {
    const obj = parse(current);
    if (!hasPendingFinalizers(key, obj)) {
      this.remove(key, obj, dryRun);
      return;
    }
    if (obj.metadata.deletionTimestamp) return; // already being deleted: nothing changes
    // markAsDeleting: generation moves on, so controllers see the deletion as a new desired state.
    if (typeof obj.metadata.generation === "number") obj.metadata.generation += 1;
    obj.metadata.deletionTimestamp = now();
    obj.metadata.deletionGracePeriodSeconds = 0;
    if (key === NAMESPACES_KEY) obj.status = { ...(isJsonObject(obj.status) ? obj.status : {}), phase: "Terminating" };
    this.commit(key, "MODIFIED", obj, current);
    if (key === NAMESPACES_KEY) this.scheduleNamespaceCleanup(current.name);
  }

  // ---- watches ----

  watch(type: ResourceType, options: WatchOptions, handlers: WatchHandlers, faultable: boolean): Watcher {
    const key = resourceKey(type);
    const bucket = this.bucket(key);
    let selector: Selector;
    try {
      selector = selectorOf(options.labelSelector);
    } catch (err) {
      const w = new Watcher(undefined, parseSelector(""), faultable, handlers, () => {});
      w.close(err as Error);
      return w;
    }
    const namespace = (type.namespaced && options.namespace) || undefined;
    const watcher = new Watcher(namespace, selector, faultable, handlers, (w) => bucket.watchers.delete(w));
    const from = options.resourceVersion ?? "";
    if (from === "" || from === "0") {
      // "Any" resourceVersion: the current state as ADDED events, then changes.
      for (const o of this.list(type, { namespace }).items) watcher.offer({ rv: o.rv, typeKey: key, type: "ADDED", obj: o });
    } else if (!/^\d+$/.test(from)) {
      watcher.close(new ApiError("BadRequest", `resourceVersion: Invalid value: "${from}": invalid resource version`));
      return watcher;
    } else {
      const rv = Number(from);
      if (rv < this.history.start) {
        watcher.close(gone(rv, this.history.start));
        return watcher;
      }
      for (const change of this.history.since(rv)) if (change.typeKey === key) watcher.offer(change);
    }
    bucket.watchers.add(watcher);
    return watcher;
  }

  /** Ends watches from the server side (a cut connection drops what was not delivered yet). */
  closeWatches(err: Error, which: (w: Watcher) => boolean = () => true): void {
    for (const bucket of this.buckets.values()) {
      for (const w of [...bucket.watchers]) if (which(w)) w.close(err, true);
    }
  }

  /** Makes every resourceVersion up to now too old to watch from, like an etcd compaction. */
  expireHistory(): void {
    this.history.expire(this.rv);
  }

  /** Stops background work and ends all watches; the state is dropped. */
  shutdown(err: Error): void {
    this.closed = true;
    this.closeWatches(err);
  }

  // ---- loading from the journal (no validation, no events, no persistence) ----

  load(typeKey: string, json: string): void {
    const obj = JSON.parse(json) as Obj;
    const rv = Number(obj.metadata.resourceVersion);
    const s = stored(obj, rv, json); // written canonical already
    const objects = this.namespaceMap(this.bucket(typeKey), s.ns);
    if (!objects.has(s.name) && s.ns) this.countContent(s.ns, 1);
    objects.set(s.name, s);
    if (rv > this.rv) this.rv = rv;
  }

  loadRemoval(typeKey: string, ns: string, name: string, rv: number): void {
    const objects = this.buckets.get(typeKey)?.byNs.get(ns);
    if (objects?.delete(name) && ns) this.countContent(ns, -1);
    if (rv > this.rv) this.rv = rv;
  }

  /** After loading: history starts now, and namespaces that were terminating carry on. */
  loaded(rv: number): void {
    if (rv > this.rv) this.rv = rv;
    this.history.expire(this.rv);
    for (const ns of this.buckets.get(NAMESPACES_KEY)?.byNs.get("")?.values() ?? []) {
      if (ns.deleting) this.scheduleNamespaceCleanup(ns.name);
    }
  }

  /** Every object, for snapshots. */
  *entries(): Generator<[typeKey: string, obj: StoredObject]> {
    for (const [key, bucket] of this.buckets) {
      for (const objects of bucket.byNs.values()) for (const o of objects.values()) yield [key, o];
    }
  }

  // ---- internals ----

  /** The body as the API server decodes it: well-formed, then through the kind's schema under the write's fieldValidation. */
  private decode(type: ResourceType, input: unknown, part: "object" | "status", intent: WriteIntent): Obj {
    const body = this.checkBody(type, input);
    const checked = checkFields(this.schema, type, body, part, intent);
    if (!isJsonObject(checked.metadata)) throw invalid(type, "", ["metadata: Required value"]);
    return checked as Obj;
  }

  private checkBody(type: ResourceType, input: unknown): Obj {
    if (!isJsonObject(input)) throw new ApiError("BadRequest", `the body of a ${type.kind} must be a JSON object`);
    const apiVersion = apiVersionOf(type);
    if (input.apiVersion !== undefined && input.apiVersion !== apiVersion) {
      throw new ApiError("BadRequest", `the API version in the data (${String(input.apiVersion)}) does not match the expected API version (${apiVersion})`);
    }
    if (input.kind !== undefined && input.kind !== type.kind) {
      throw new ApiError("BadRequest", `the kind in the data (${String(input.kind)}) does not match the expected kind (${type.kind})`);
    }
    if (!isJsonObject(input.metadata)) throw invalid(type, "", ["metadata: Required value"]);
    return input as Obj;
  }

  private nameOf(type: ResourceType, obj: Obj): string {
    const name = obj.metadata.name;
    if (typeof name !== "string" || name === "") throw invalid(type, "", ["metadata.name: Required value: name is required"]);
    if (type.namespaced && (typeof obj.metadata.namespace !== "string" || obj.metadata.namespace === "")) {
      throw invalid(type, name, ["metadata.namespace: Required value"]);
    }
    return name;
  }

  private checkPreconditions(type: ResourceType, current: StoredObject, meta: Meta): void {
    const rv = meta.resourceVersion;
    if (rv !== undefined && rv !== null && rv !== "" && String(rv) !== String(current.rv)) {
      throw conflict(type, current.name, MODIFIED);
    }
    const uid = meta.uid;
    if (uid !== undefined && uid !== null && uid !== "" && uid !== current.uid) {
      throw conflict(type, current.name, `Precondition failed: UID in precondition: ${String(uid)}, UID in object meta: ${current.uid}`);
    }
  }

  /** update and patch: the new object keeps the server's fields (and status, where it is a subresource). */
  private replace(type: ResourceType, current: StoredObject, input: Obj, dryRun = false): StoredObject {
    const key = resourceKey(type);
    const traits = traitsOf(key);
    this.checkPreconditions(type, current, input.metadata);
    const old = parse(current);
    const meta: Meta = { ...input.metadata, name: old.metadata.name };
    if (type.namespaced) meta.namespace = old.metadata.namespace;
    else delete meta.namespace;
    for (const f of SYSTEM_FIELDS) {
      if (old.metadata[f] === undefined) delete meta[f];
      else (meta as JsonObject)[f] = old.metadata[f];
    }
    dropEmpty(meta);
    const causes = metadataCauses(meta, key === NAMESPACES_KEY);
    if (old.metadata.deletionTimestamp) {
      const before = new Set(finalizersOf(old));
      const added = [...new Set(Array.isArray(meta.finalizers) ? meta.finalizers : [])].filter((f) => !before.has(f)).sort();
      if (added.length) {
        causes.push(
          `metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(", ")}}`,
        );
      }
    }
    if (causes.length) throw invalid(type, old.metadata.name, causes);

    const next: Obj = { ...input, apiVersion: old.apiVersion, kind: old.kind, metadata: meta };
    if (traits.statusSubresource) {
      if (old.status === undefined) delete next.status;
      else next.status = old.status;
    }
    if (key === NAMESPACES_KEY) next.spec = old.spec; // namespace finalizers change only through the namespace lifecycle
    if (traits.generation && specPart(next) !== specPart(old)) meta.generation = (old.metadata.generation as number) + 1;

    if (old.metadata.deletionTimestamp && !hasPendingFinalizers(key, next)) {
      return this.remove(key, next, dryRun);
    }
    return this.commitIfChanged(key, current, next, dryRun);
  }

  private commitIfChanged(key: string, current: StoredObject, next: Obj, dryRun = false): StoredObject {
    next.metadata.resourceVersion = String(current.rv);
    // The API server skips writes that change nothing: same resourceVersion, no event.
    if (canonicalJson(next) === current.json) return current;
    return this.commit(key, "MODIFIED", next, current, dryRun);
  }

  /** dryRun: everything a write checks has passed; the answer is what it would store, and nothing changes. */
  private commit(key: string, type: WatchEventType, next: Obj, prev: StoredObject | undefined, dryRun = false): StoredObject {
    if (dryRun) return dryRunResult(next, prev);
    const rv = this.rv + 1;
    next.metadata.resourceVersion = String(rv);
    const s = stored(next, rv);
    this.persistence.put(this.name, key, s); // may throw: nothing has changed yet
    this.rv = rv;
    const bucket = this.bucket(key);
    this.namespaceMap(bucket, s.ns).set(s.name, s);
    if (!prev && s.ns) this.countContent(s.ns, 1);
    this.emit(bucket, { rv, typeKey: key, type, obj: s, prevLabels: prev?.labels });
    return s;
  }

  private remove(key: string, last: Obj, dryRun = false): StoredObject {
    if (dryRun) return stored(last, Number(last.metadata.resourceVersion));
    const rv = this.rv + 1;
    last.metadata.resourceVersion = String(rv);
    const s = stored(last, rv);
    this.persistence.remove(this.name, key, s.ns, s.name, rv);
    this.rv = rv;
    const bucket = this.bucket(key);
    bucket.byNs.get(s.ns)?.delete(s.name);
    if (s.ns) this.countContent(s.ns, -1);
    this.emit(bucket, { rv, typeKey: key, type: "DELETED", obj: s });
    return s;
  }

  private emit(bucket: Bucket, change: Change): void {
    this.history.push(change);
    for (const w of bucket.watchers) w.offer(change);
  }

  private namespaceMap(bucket: Bucket, ns: string): Map<string, StoredObject> {
    let m = bucket.byNs.get(ns);
    if (!m) {
      m = new Map();
      bucket.byNs.set(ns, m);
    }
    return m;
  }

  private countContent(ns: string, delta: number): void {
    const n = (this.nsContent.get(ns) ?? 0) + delta;
    if (n > 0) {
      this.nsContent.set(ns, n);
      return;
    }
    this.nsContent.delete(ns);
    const namespace = this.find(NAMESPACES_KEY, "", ns);
    if (namespace?.deleting) this.scheduleNamespaceCleanup(ns);
  }

  private checkNamespaceOpen(type: ResourceType, name: string, ns: string): void {
    const namespace = this.find(NAMESPACES_KEY, "", ns);
    if (!namespace) throw namespaceNotFound(ns);
    if (namespace.deleting) throw namespaceTerminating(type, name, ns);
  }

  private generateName(key: string, type: ResourceType, meta: Meta): string {
    const ns = type.namespaced ? String(meta.namespace ?? "") : "";
    for (;;) {
      let suffix = "";
      for (let i = 0; i < 5; i++) suffix += GENERATE_ALPHABET[Math.floor(Math.random() * GENERATE_ALPHABET.length)];
      const name = `${String(meta.generateName).slice(0, 58)}${suffix}`;
      if (!this.find(key, ns, name)) return name;
    }
  }

  /**
   * The namespace controller: deletes everything in a terminating namespace, then the namespace itself once it is
   * empty. It runs after the triggering write, as the real controller does.
   */
  private scheduleNamespaceCleanup(ns: string): void {
    setImmediate(() => {
      if (this.closed) return;
      try {
        this.cleanupNamespace(ns);
      } catch (err) {
        // Only persistence failures can land here; the next trigger (or a restart) retries.
        process.emitWarning(`embedded cluster ${this.name}: finishing the deletion of namespace ${ns} failed: ${errorMessage(err)}`);
      }
    });
  }

  private cleanupNamespace(ns: string): void {
    const namespace = this.find(NAMESPACES_KEY, "", ns);
    if (!namespace) return;
    const obj = parse(namespace);
    if (!obj.metadata.deletionTimestamp) return;
    for (const [key, bucket] of this.buckets) {
      if (key === NAMESPACES_KEY) continue;
      for (const o of [...(bucket.byNs.get(ns)?.values() ?? [])]) this.deleteStored(key, o);
    }
    if (this.nsContent.has(ns)) return; // objects with finalizers remain; their removal triggers us again
    const spec = isJsonObject(obj.spec) ? obj.spec : {};
    const remaining = (Array.isArray(spec.finalizers) ? (spec.finalizers as string[]) : []).filter((f) => f !== NAMESPACE_FINALIZER);
    obj.spec = { ...spec, finalizers: remaining };
    if (!hasPendingFinalizers(NAMESPACES_KEY, obj)) this.remove(NAMESPACES_KEY, obj);
    else this.commitIfChanged(NAMESPACES_KEY, namespace, obj);
  }
}

/** A dry run's answer: a created object has no resourceVersion yet, an updated one keeps the current one. */
function dryRunResult(next: Obj, prev: StoredObject | undefined): StoredObject {
  if (prev) next.metadata.resourceVersion = String(prev.rv);
  else delete next.metadata.resourceVersion;
  return stored(next, prev?.rv ?? 0);
}

/** ObjectMeta's fields are all omitempty: the API server never stores null, "", [] or {} in metadata. */
function dropEmpty(meta: Meta): void {
  for (const [k, v] of Object.entries(meta)) {
    if (v === null || v === "" || (Array.isArray(v) && v.length === 0) || (isJsonObject(v) && Object.keys(v).length === 0)) delete meta[k];
  }
}

function hasPendingFinalizers(key: string, obj: Obj): boolean {
  if (finalizersOf(obj).length > 0) return true;
  if (key !== NAMESPACES_KEY) return false;
  const spec = obj.spec as { finalizers?: unknown } | undefined;
  return Array.isArray(spec?.finalizers) && spec.finalizers.length > 0;
}

function selectorOf(text: string | undefined): Selector {
  try {
    return parseSelector(text ?? "");
  } catch (err) {
    throw new ApiError("BadRequest", `unable to parse requirement: ${errorMessage(err)}`);
  }
}

function sortByName(items: StoredObject[], start: number): void {
  if (items.length - start < 2) return;
  const part = items.splice(start).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const o of part) items.push(o);
}
