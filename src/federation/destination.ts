import type { ClusterClient } from "../cluster/client.js";
import { errorMessage, isAlreadyExists, isApiError, isConflict, isNotFound } from "../cluster/errors.js";
import { core, resourceKey, type ResourceType } from "../cluster/resource-type.js";
import type { KubeObject } from "../cluster/object.js";
import { withTimeout } from "../clusters/timeout.js";
import { deepEqual } from "./json.js";
import { ownerOf } from "./ownership.js";
import { checkFields, hasProtoNames, unknownFields } from "./field-check.js";
import type { DestinationResult } from "./placement-status.js";

/** "VirtualService" -> "virtual service", for messages in Gloo Federation's style ("Failed to write upstream ..."). */
export function kindWords(kind: string): string {
  return kind.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/** Whether two objects agree on the fields fedplane owns (labels, annotations, spec); status and server fields aside. */
function sameManagedFields(a: KubeObject, b: KubeObject): boolean {
  return deepEqual(a.spec ?? {}, b.spec ?? {}) && deepEqual(a.metadata.labels ?? {}, b.metadata.labels ?? {}) && deepEqual(a.metadata.annotations ?? {}, b.metadata.annotations ?? {});
}

/**
 * resourceVersions are opaque, but API servers (and the embedded clusters) issue increasing integers; when either is
 * not one, nothing is known to be older.
 */
function olderVersion(rv: string | undefined, than: string): boolean {
  if (rv === undefined || !/^\d+$/.test(rv) || !/^\d+$/.test(than)) return false;
  return rv.length !== than.length ? rv.length < than.length : rv < than;
}

/** Where a placed object is: cluster, kind, namespace, name. */
export interface PlacedRef {
  cluster: string;
  type: ResourceType;
  namespace: string;
  name: string;
}

const refString = (r: PlacedRef) => `${r.cluster}|${resourceKey(r.type)}|${r.namespace}|${r.name}`;
const ownerString = (cluster: string, type: ResourceType, owner: string) => `${cluster}|${resourceKey(type)}|${owner}`;

/**
 * What fedplane expects each placed object to hold: the desired object, and the object as the server stored it when
 * that differs (an API server may normalise what it stores; without this, such an object would look
 * drifted forever and be rewritten on every reconcile). Drift detection asks the same question of watch events, and
 * clean-up asks it for objects written so recently that the watch cache does not show them yet.
 *
 * Watch events can describe versions older than fedplane's own last write (a cache catching up after a bulk placement,
 * another writer such as Gloo's status reporter racing fedplane's update): the resourceVersion of each acknowledged
 * write, and the previous desired object while a new one is being written, tell those apart from real drift.
 */
interface Expectation {
  ref: PlacedRef;
  owner: string;
  desired: KubeObject;
  stored?: KubeObject;
  /** resourceVersion the server gave fedplane's last acknowledged write. */
  writtenVersion?: string;
  /** While a changed desired object is being written: what the last acknowledged write held. */
  previous?: KubeObject;
  /** What the destination's API server warned about the last write (e.g. unknown fields it dropped). */
  warnings?: string[];
}

export class PlacedObjects {
  private readonly expected = new Map<string, Expectation>();
  private readonly byOwner = new Map<string, Set<string>>();

  /** Records what ref should hold from now on, for owner. */
  expect(ref: PlacedRef, owner: string, desired: KubeObject): void {
    const key = refString(ref);
    const entry = this.expected.get(key);
    if (entry?.owner === owner && sameManagedFields(entry.desired, desired)) return;
    if (entry) this.byOwner.get(ownerString(ref.cluster, ref.type, entry.owner))?.delete(key);
    const sameOwner = entry?.owner === owner;
    this.expected.set(key, {
      ref,
      owner,
      desired,
      writtenVersion: sameOwner ? entry.writtenVersion : undefined,
      previous: sameOwner ? (entry.previous ?? (entry.writtenVersion !== undefined ? (entry.stored ?? entry.desired) : undefined)) : undefined,
    });
    const ownerKey = ownerString(ref.cluster, ref.type, owner);
    let keys = this.byOwner.get(ownerKey);
    if (!keys) this.byOwner.set(ownerKey, (keys = new Set()));
    keys.add(key);
  }

  /** Records what the server returned for fedplane's write of ref, and what it warned about. */
  stored(ref: PlacedRef, obj: KubeObject, warnings: string[] = []): void {
    const entry = this.expected.get(refString(ref));
    if (!entry) return;
    entry.warnings = warnings.length ? warnings : undefined;
    if (!sameManagedFields(obj, entry.desired)) entry.stored = obj;
    entry.writtenVersion = obj.metadata.resourceVersion;
    entry.previous = undefined;
  }

  /** live was found to hold what is desired without a write: nothing is being replaced any more. */
  confirmed(ref: PlacedRef, live: KubeObject): void {
    const entry = this.expected.get(refString(ref));
    if (!entry) return;
    entry.previous = undefined;
    const rv = live.metadata.resourceVersion;
    if (rv !== undefined && (entry.writtenVersion === undefined || olderVersion(entry.writtenVersion, rv))) entry.writtenVersion = rv;
  }

  /** Whether live is an older version than fedplane's own last write of ref (a late event, already replaced). */
  superseded(ref: PlacedRef, live: KubeObject): boolean {
    const written = this.expected.get(refString(ref))?.writtenVersion;
    return written !== undefined && olderVersion(live.metadata.resourceVersion, written);
  }

  /** Whether live still holds what fedplane last wrote while it is writing a changed desired object (not drift). */
  beingReplaced(ref: PlacedRef, live: KubeObject): boolean {
    const previous = this.expected.get(refString(ref))?.previous;
    return previous !== undefined && sameManagedFields(live, previous);
  }

  /** Whether live holds what fedplane expects (undefined when nothing is expected of ref). */
  inSync(ref: PlacedRef, live: KubeObject): boolean | undefined {
    const entry = this.expected.get(refString(ref));
    if (!entry) return undefined;
    return sameManagedFields(live, entry.desired) || (entry.stored !== undefined && sameManagedFields(live, entry.stored));
  }

  /** The warnings of fedplane's last write of ref (still true while the object holds what was written). */
  warningsOf(ref: PlacedRef): string[] {
    return this.expected.get(refString(ref))?.warnings ?? [];
  }

  isExpected(ref: PlacedRef): boolean {
    return this.expected.has(refString(ref));
  }

  /** The objects of one kind on one cluster that fedplane wrote for owner and still expects. */
  expectedOf(cluster: string, type: ResourceType, owner: string): PlacedRef[] {
    return [...(this.byOwner.get(ownerString(cluster, type, owner)) ?? [])].map((key) => this.expected.get(key)!.ref);
  }

  forget(ref: PlacedRef): void {
    const key = refString(ref);
    const entry = this.expected.get(key);
    if (!entry) return;
    this.expected.delete(key);
    const ownerKey = ownerString(ref.cluster, ref.type, entry.owner);
    const keys = this.byOwner.get(ownerKey);
    keys?.delete(key);
    if (keys?.size === 0) this.byOwner.delete(ownerKey);
  }

  forgetCluster(cluster: string): void {
    for (const { ref } of [...this.expected.values()]) if (ref.cluster === cluster) this.forget(ref);
  }
}

export interface DestinationContext {
  cluster: string;
  client: ClusterClient;
  type: ResourceType;
  owner: string;
  /** Take over an unowned object of the same name (the federated object opted in). */
  adopt: boolean;
  placed: PlacedObjects;
  namespaces: KnownNamespaces;
  /** Deadline of one API call; a hung cluster never holds a worker longer. */
  timeoutMs: number;
}

/**
 * Makes one destination match its desired object: creates it, or updates it when a field fedplane owns differs. `live`
 * is what the member cache holds (possibly stale: conflicts are resolved by reading the object again). Never touches an
 * object that another owner, or nobody, owns (unless adopt). Returns the destination's state; never throws.
 */
export async function syncDestination(ctx: DestinationContext, desired: KubeObject, live: KubeObject | undefined): Promise<DestinationResult> {
  const { namespace, name } = desired.metadata as { namespace: string; name: string };
  const ref: PlacedRef = { cluster: ctx.cluster, type: ctx.type, namespace, name };
  const result = (state: "PLACED" | "FAILED", message?: string): DestinationResult => ({ cluster: ctx.cluster, namespace, state, message });
  const failed = (reason: string) => result("FAILED", `Failed to write ${kindWords(ctx.type.kind)} on cluster ${ctx.cluster}: ${reason}`);
  // Still PLACED, but never silently: what the destination's schema drops (or its server warns about) is said.
  const placed = (warnings: readonly string[]) => result("PLACED", warnings.length ? placedWithWarnings(ctx, namespace, name, warnings) : undefined);
  try {
    const mayWrite = (o: KubeObject | undefined) => o === undefined || ownerOf(o) === ctx.owner || (ownerOf(o) === undefined && ctx.adopt);
    let dropped: string[] = [];
    if (hasProtoNames(desired.spec) && mayWrite(live)) {
      const checked = await checkFields(ctx, desired, live);
      desired = checked.object;
      dropped = checked.dropped.map((p) => `unknown field "${p}"`);
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const warnings: string[] = [];
      if (live === undefined) {
        ctx.placed.expect(ref, ctx.owner, desired);
        const created = await createInNamespace(ctx, desired, warnings);
        if (created === "exists") {
          live = await getOrUndefined(ctx, namespace, name);
          continue;
        }
        ctx.placed.stored(ref, created, warnings);
        return placed(union(dropped, warnings));
      }
      const owner = ownerOf(live);
      if (owner !== ctx.owner && !(owner === undefined && ctx.adopt)) return failed(ownershipConflict(ctx, live, owner));
      ctx.placed.expect(ref, ctx.owner, desired); // only for objects fedplane may write: expectations drive drift detection
      if (ctx.placed.inSync(ref, live)) {
        ctx.placed.confirmed(ref, live);
        return placed(union(dropped, ctx.placed.warningsOf(ref)));
      }
      try {
        const update = { ...live, metadata: { ...live.metadata, labels: desired.metadata.labels, annotations: desired.metadata.annotations }, spec: desired.spec };
        const updated = await withTimeout(ctx.client.update(ctx.type, update, { warnings }), ctx.timeoutMs);
        ctx.placed.stored(ref, updated, warnings);
        return placed(union(dropped, warnings));
      } catch (e) {
        if (!isConflict(e) && !isNotFound(e)) throw e;
        live = await getOrUndefined(ctx, namespace, name); // changed or deleted meanwhile: decide again on fresh data
      }
    }
    return failed("the object kept changing while fedplane wrote it; retrying");
  } catch (e) {
    return failed(errorMessage(e));
  }
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/** The status message of a destination placed with warnings: which fields the cluster drops, naming the cluster. */
export function placedWithWarnings(ctx: Pick<DestinationContext, "cluster" | "type">, namespace: string, name: string, warnings: readonly string[]): string {
  const fields = unknownFields(warnings);
  const other = warnings.filter((w) => unknownFields([w]).length === 0);
  const parts = [
    ...(fields.length ? [`cluster ${ctx.cluster} does not know field${fields.length > 1 ? "s" : ""} ${fields.join(", ")} of ${kindWords(ctx.type.kind)} ${namespace}/${name} and dropped ${fields.length > 1 ? "them" : "it"} (check the template against the cluster's ${ctx.type.kind} CRD)`] : []),
    ...other.map((w) => `cluster ${ctx.cluster} warned: ${w}`),
  ];
  return `Placed with warnings: ${parts.join("; ")}`;
}

function ownershipConflict(ctx: DestinationContext, live: KubeObject, owner: string | undefined): string {
  const what = `${kindWords(ctx.type.kind)} ${live.metadata.namespace}/${live.metadata.name}`;
  if (owner !== undefined) return `${what} is owned by ${owner}, not by ${ctx.owner}; fedplane does not change it`;
  return `${what} already exists and is not managed by fedplane; delete it, or annotate the federated resource with fed.solo.io/adopt: "true" to take it over`;
}

/**
 * Namespaces known to exist per cluster, so that the first placements into a namespace a cluster lacks create it once
 * (concurrent reconciles share the one check) instead of each failing a create first.
 */
export class KnownNamespaces {
  private readonly known = new Map<string, Promise<void>>();

  /** Resolves once namespace exists in the cluster (created if missing); rejects saying why it could not be had. */
  ensure(ctx: Pick<DestinationContext, "cluster" | "client" | "timeoutMs">, namespace: string): Promise<void> {
    const key = `${ctx.cluster}/${namespace}`;
    let known = this.known.get(key);
    if (!known) {
      known = (async () => {
        if (!(await namespaceExists(ctx, namespace))) await createNamespace(ctx, namespace);
      })();
      this.known.set(key, known);
      known.catch(() => this.known.delete(key));
    }
    return known;
  }

  /** The namespace turned out to be gone (deleted by someone): check again next time. */
  forget(cluster: string, namespace: string): void {
    this.known.delete(`${cluster}/${namespace}`);
  }

  forgetCluster(cluster: string): void {
    for (const key of this.known.keys()) if (key.startsWith(`${cluster}/`)) this.known.delete(key);
  }
}

/** Creates desired, making sure its namespace exists. "exists" when the name is taken. */
async function createInNamespace(ctx: DestinationContext, desired: KubeObject, warnings: string[]): Promise<KubeObject | "exists"> {
  const namespace = desired.metadata.namespace!;
  for (let attempt = 0; ; attempt++) {
    await ctx.namespaces.ensure(ctx, namespace);
    try {
      return await withTimeout(ctx.client.create(ctx.type, desired, { warnings }), ctx.timeoutMs);
    } catch (e) {
      if (isAlreadyExists(e)) return "exists";
      // NotFound: the namespace went since it was seen (check again, once), or the kind's CRD is missing (give up).
      if (!isNotFound(e) || attempt > 0) throw e;
      ctx.namespaces.forget(ctx.cluster, namespace);
    }
  }
}

async function namespaceExists(ctx: Pick<DestinationContext, "client" | "timeoutMs">, namespace: string): Promise<boolean> {
  try {
    await withTimeout(ctx.client.get(core.namespaces, undefined, namespace), ctx.timeoutMs);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    // Credentials that may not read namespaces (Gloo Federation's ClusterRole): let the create itself tell.
    if (isApiError(e, "Forbidden")) return true;
    throw e;
  }
}

async function createNamespace(ctx: Pick<DestinationContext, "client" | "timeoutMs">, namespace: string) {
  try {
    await withTimeout(
      ctx.client.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels: { "app.kubernetes.io/created-by": "fedplane" } } }),
      ctx.timeoutMs,
    );
  } catch (e) {
    if (isAlreadyExists(e)) return;
    throw new Error(`namespace ${namespace} does not exist and could not be created: ${errorMessage(e)}`);
  }
}

async function getOrUndefined(ctx: DestinationContext, namespace: string, name: string): Promise<KubeObject | undefined> {
  try {
    return await withTimeout(ctx.client.get(ctx.type, namespace, name), ctx.timeoutMs);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * Deletes an owned object that is no longer desired (only if it is still the same object: uid precondition). Returns
 * undefined when it is gone, or a STALE result saying why it could not be deleted.
 */
export async function removeDestination(ctx: DestinationContext, live: KubeObject): Promise<DestinationResult | undefined> {
  const { namespace, name, uid } = live.metadata as { namespace: string; name: string; uid?: string };
  if (ownerOf(live) !== ctx.owner) return undefined;
  // Forgotten first: the DELETED event this causes must not read as someone else's deletion.
  ctx.placed.forget({ cluster: ctx.cluster, type: ctx.type, namespace, name });
  try {
    await withTimeout(ctx.client.delete(ctx.type, namespace, name, uid ? { preconditions: { uid } } : undefined), ctx.timeoutMs);
  } catch (e) {
    if (!isNotFound(e) && !isConflict(e)) {
      return { cluster: ctx.cluster, namespace, state: "STALE", message: `Failed to delete ${kindWords(ctx.type.kind)} on cluster ${ctx.cluster}: ${errorMessage(e)}` };
    }
  }
  return undefined;
}
