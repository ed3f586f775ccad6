import { hostname } from "node:os";
import { silentLogger, type Logger } from "../app/logger.js";
import { errorMessage, isConflict, isNotFound } from "../cluster/errors.js";
import type { KubeObject } from "../cluster/object.js";
import { resourceKey } from "../cluster/resource-type.js";
import { unusableReason, type ClusterEvent, type ClusterRegistry, type RegisteredCluster } from "../clusters/registry.js";
import { withTimeout } from "../clusters/timeout.js";
import { systemClock } from "../controller/clock.js";
import { Controller } from "../controller/controller.js";
import type { ControllerMetrics } from "../controller/metrics.js";
import { defaultRateLimiter, type RateLimiterOptions } from "../controller/rate-limiter.js";
import type { Result } from "../controller/reconcile.js";
import type { Runnable } from "../controller/runnable.js";
import { KnownNamespaces, kindWords, PlacedObjects, removeDestination, syncDestination, type DestinationContext } from "./destination.js";
import type { Unsubscribe } from "./events.js";
import { deepEqual } from "./json.js";
import { FINALIZER, federatedKindByName, federatedKinds, type FederatedKind } from "./kinds.js";
import type { MemberCaches, MemberEvent } from "./member-caches.js";
import { ADOPT_ANNOTATION, ownerId, ownerOf } from "./ownership.js";
import type { PlacementFeed } from "./placement-feed.js";
import { clusterEventMessage, destinationsOf, invalidStatus, summarize, withDestinations, type DestinationResult } from "./placement-status.js";
import { plan, type PlannedDestination } from "./planner.js";
import { parseRefKey, refKey, type FederatedObject, type PlacementStatus } from "./resource.js";
import { recordEvent } from "./object-events.js";
import { StatusWriters, type ForeignWriter } from "./status-writers.js";
import type { FederatedStore, StoreEvent } from "./store.js";

export interface ReconcilerOptions {
  store: FederatedStore;
  registry: ClusterRegistry;
  members: MemberCaches;
  feed: PlacementFeed;
  /** Concurrent reconciles (default 16; each spends its time waiting on API servers, in parallel across clusters). */
  workers?: number;
  /** status.placementStatus.writtenBy (default: POD_NAME or the host name). */
  writtenBy?: string;
  /** Key of status.namespacedPlacementStatuses (default: the registry's federation namespace). */
  federationNamespace?: string;
  /** Deadline of one API call to a member cluster (default 10 s). */
  requestTimeoutMs?: number;
  /** How long a reconcile waits for a member cache to list before reporting FAILED (default 10 s). */
  cacheSyncTimeoutMs?: number;
  /** Every federated object is reconciled again this often, whatever happened (default 10 min; 0 turns it off). */
  resyncIntervalMs?: number;
  rateLimiter?: RateLimiterOptions;
  logger?: Logger;
  metrics?: ControllerMetrics;
  /** How long after another writer's last status write fedplane leaves that object's status alone (default 2 min). */
  foreignWriterQuietMs?: number;
}

/**
 * The federation controller: one reconciler for every federated kind in the kinds table. Level-triggered: a reconcile
 * plans the whole desired state of one federated object and makes every registered cluster match it, in parallel
 * across clusters; events (federated objects, placed objects changing in member clusters, clusters coming and going)
 * only decide what to reconcile next. start()/stop() leave the caches running, so leader election can hand the
 * controller over without restarting the server.
 */
export class Reconciler implements Runnable {
  readonly name = "federation reconciler";
  readonly writtenBy: string;
  /** Other writers of placement statuses seen (Gloo Federation still running): reported, never fought. */
  readonly statusWriters: StatusWriters;
  private readonly placed = new PlacedObjects();
  private readonly namespaces = new KnownNamespaces();
  private readonly kindByTarget = new Map(federatedKinds.map((k) => [resourceKey(k.target), k]));
  private readonly controller: Controller;
  private active = false;
  private subscriptions: Unsubscribe[] = [];
  private resyncTimer: NodeJS.Timeout | undefined;
  private readonly log: Logger;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: ReconcilerOptions) {
    this.writtenBy = options.writtenBy ?? process.env.POD_NAME ?? hostname();
    this.log = options.logger ?? silentLogger;
    this.controller = new Controller({
      name: "federation",
      reconciler: { reconcile: (key) => this.tracked(this.reconcile(key)) },
      workers: options.workers ?? 16,
      rateLimiter: defaultRateLimiter(systemClock, options.rateLimiter),
      logger: this.log,
      metrics: options.metrics,
    });
    this.statusWriters = new StatusWriters(this.writtenBy, options.foreignWriterQuietMs);
  }

  get running(): boolean {
    return this.active;
  }

  /** Starts reconciling every federated object (the store and registry must be started). */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    const { store, registry, members, feed } = this.options;
    feed.setReconcilerActive(true);
    this.subscriptions = [
      store.onEvent((e) => this.onStoreEvent(e)),
      members.onEvent((e) => this.onMemberEvent(e)),
      registry.onEvent((e) => this.onClusterEvent(e)),
      registry.onBeforeRemove((cluster) => this.cleanUpCluster(cluster)),
    ];
    const interval = this.options.resyncIntervalMs ?? 10 * 60_000;
    if (interval > 0) {
      this.resyncTimer = setInterval(() => this.resyncAll(), interval);
      this.resyncTimer.unref();
    }
    // A restarted controller starts with an empty queue: events seen meanwhile are covered by the resync.
    await this.controller.start();
    this.resyncAll();
  }

  /** Stops taking work, aborts reconciles in flight and waits for them. Caches and the feed keep running. */
  async stop(): Promise<void> {
    if (!this.active) return;
    this.active = false;
    clearInterval(this.resyncTimer);
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
    await this.controller.stop();
    this.options.feed.setReconcilerActive(false);
  }

  /** Queues a federated object for reconciling. */
  enqueue(kind: string, namespace: string, name: string): void {
    if (this.active) this.controller.add(refKey({ kind, namespace, name }));
  }

  private resyncAll() {
    for (const obj of this.options.store.list()) this.enqueue(obj.kind, obj.metadata.namespace ?? "", obj.metadata.name);
  }

  // ---- events ----

  private onStoreEvent(e: StoreEvent) {
    if (e.type === "DELETED") return;
    if (e.type === "MODIFIED" && e.old) {
      const foreign = this.statusWriters.observe(e.kind, e.old, e.object);
      if (foreign) this.reportForeignWriter(e.kind, e.object, foreign);
    }
    if (e.type === "MODIFIED" && e.old && !reconcileRelevantChange(e.old, e.object)) return; // e.g. our status write
    this.enqueue(e.kind.name, e.object.metadata.namespace ?? "", e.object.metadata.name);
  }

  /** A placed object changed in a member cluster: reconcile its owner; if someone else changed it, say so first. */
  private onMemberEvent(e: MemberEvent) {
    const kind = this.kindByTarget.get(resourceKey(e.type));
    const owner = ownerOf(e.object);
    if (!kind || owner === undefined) return;
    const dot = owner.indexOf(".");
    const obj = this.options.store.get(kind, owner.slice(0, dot), owner.slice(dot + 1));
    if (!obj) return; // not a federated object this fedplane manages
    const { namespace, name } = e.object.metadata as { namespace: string; name: string };
    const ref = { cluster: e.cluster, type: e.type, namespace, name };
    if (this.placed.superseded(ref, e.object)) return; // older than fedplane's own last write: nothing to restore
    const expected = this.placed.isExpected(ref);
    if (e.change !== "DELETED" && this.placed.beingReplaced(ref, e.object)) return; // the reconcile writing it is running
    if (e.change !== "DELETED" && this.placed.inSync(ref, e.object) !== false) {
      if (!expected) this.enqueue(kind.name, obj.metadata.namespace ?? "", obj.metadata.name);
      return; // fedplane's own write, or a change of fields fedplane does not own (e.g. Gloo's status)
    }
    if (expected && !obj.metadata.deletionTimestamp) {
      const what = `${kindWords(e.type.kind)} ${namespace}/${name} was ${e.change === "DELETED" ? "deleted" : "modified"} in cluster ${e.cluster} outside fedplane; restoring`;
      this.observeDestination(obj, { cluster: e.cluster, namespace, state: "PENDING", message: what });
    }
    this.enqueue(kind.name, obj.metadata.namespace ?? "", obj.metadata.name);
  }

  /**
   * Someone else rewrote a placement status fedplane writes: say so loudly (a warning, a Kubernetes Event on the
   * object, `check`) and stop writing that status while it goes on, instead of rewriting each other's status forever.
   */
  private reportForeignWriter(kind: FederatedKind, obj: FederatedObject, foreign: ForeignWriter) {
    if (foreign.writes !== 1 && foreign.writes % 10 !== 0) return;
    const message =
      `the placement status of ${kind.name} ${foreign.namespace}/${foreign.name} was rewritten by ${foreign.writer}, not by fedplane (${this.writtenBy}): ` +
      `another controller (Gloo Federation?) still manages it. Stop it (e.g. scale the gloo-fed Deployment to 0); fedplane leaves this status alone until the other writer has been quiet for a while`;
    this.log.warn(message, { kind: kind.name, namespace: foreign.namespace, name: foreign.name, writer: foreign.writer, writes: foreign.writes });
    if (foreign.writes === 1) {
      void recordEvent(this.options.store.admin, kind, obj, { type: "Warning", reason: "SecondStatusWriter", message, component: "fedplane" }).catch((e) =>
        this.log.warn("recording an event failed", { error: errorMessage(e) }),
      );
    }
  }

  /** Shows one destination's new state in the observed placement (only if the destination is part of it). */
  private observeDestination(obj: FederatedObject, change: DestinationResult) {
    const current = this.options.feed.current(obj);
    if (!current?.clusters?.[change.cluster]?.namespaces?.[change.namespace]) return;
    this.options.feed.observe(obj, withDestinations(current, [change]));
  }

  private onClusterEvent(e: ClusterEvent) {
    if (e.type === "changed" && !e.changes.some((c) => c !== "connection")) return; // a new error text, same readiness
    // A first probe that finds the cluster ready changes nothing: unprobed clusters are written to anyway.
    if (e.type === "changed" && !e.changes.some((c) => c !== "connection" && c !== "readiness") && e.previous.connection.lastProbeTime === undefined && e.cluster.connection.ready) return;
    const cluster = e.cluster.name;
    if (e.type === "removed" || (e.type === "changed" && e.changes.includes("client"))) {
      this.placed.forgetCluster(cluster);
      this.namespaces.forgetCluster(cluster);
    }
    const announce = e.type !== "changed"; // Gloo Federation's PENDING "Cluster event triggered" on (de)registration
    for (const obj of this.options.store.list()) {
      if (!this.affectedBy(obj, cluster, e.type === "changed" && e.changes.includes("labels"))) continue;
      if (announce) {
        const current = this.options.feed.current(obj);
        if (current && current.state !== "INVALID") this.options.feed.observe(obj, pendingForCluster(current, cluster));
      }
      this.enqueue(obj.kind, obj.metadata.namespace ?? "", obj.metadata.name);
    }
  }

  /** Whether a cluster event may change obj's placement or status. */
  private affectedBy(obj: FederatedObject, cluster: string, labelsChanged: boolean): boolean {
    const placement = obj.spec?.placement;
    if (this.options.feed.current(obj)?.clusters?.[cluster] !== undefined) return true;
    if (placement?.clusters?.includes(cluster) || placement?.clusters?.includes("*")) return true;
    if (placement?.clusterSelector) return true;
    return labelsChanged && (obj.spec?.overrides ?? []).some((o) => o?.clusterSelector);
  }

  // ---- reconciling one federated object ----

  private tracked<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const untrack = () => this.inFlight.delete(work);
    work.then(untrack, untrack);
    return work;
  }

  private async reconcile(key: string): Promise<Result | void> {
    const ref = parseRefKey(key);
    const kind = federatedKindByName(ref.kind);
    if (!kind) return;
    let obj = this.options.store.get(kind, ref.namespace, ref.name);
    if (!obj) return;
    this.options.members.use(kind.target);
    if (obj.metadata.deletionTimestamp) return this.finalize(kind, obj);
    if (!obj.metadata.finalizers?.includes(FINALIZER)) {
      const updated = await this.setFinalizers(kind, obj, [...(obj.metadata.finalizers ?? []), FINALIZER]);
      if (!updated) return;
      obj = updated;
    }
    const clusters = this.options.registry.list();
    const p = plan(kind, obj, clusters);
    const generation = obj.metadata.generation;
    if (!p.valid) {
      // Nothing is placed or removed for an invalid object: a typo must not wipe what is already running.
      await this.writeStatus(kind, obj, invalidStatus(p.message, generation, this.writtenBy));
      return;
    }
    const byCluster = new Map<string, PlannedDestination[]>();
    for (const d of p.destinations) byCluster.set(d.cluster, [...(byCluster.get(d.cluster) ?? []), d]);
    const adopt = obj.metadata.annotations?.[ADOPT_ANNOTATION] === "true";
    const results = (
      await Promise.all(clusters.map((c) => this.syncCluster(kind, c, p.owner, byCluster.get(c.name) ?? [], adopt)))
    ).flat();
    await this.writeStatus(kind, obj, summarize(results, generation, this.writtenBy));
    return results.every((r) => r.state === "PLACED") ? undefined : { requeue: true };
  }

  /** Makes one cluster hold exactly the desired objects of one owner: writes what differs, deletes what is no longer desired. */
  private async syncCluster(
    kind: FederatedKind,
    cluster: RegisteredCluster,
    owner: string,
    desired: PlannedDestination[],
    adopt: boolean,
  ): Promise<DestinationResult[]> {
    const ready = await this.readyCache(kind, cluster);
    const words = kindWords(kind.target.kind);
    const wanted = new Set(desired.map((d) => `${d.namespace}/${d.object.metadata.name}`));
    if (ready !== true) {
      const failed = desired.map((d) => destination(d.cluster, d.namespace, "FAILED", `Failed to ${ready.verb} ${words} on cluster ${cluster.name}: ${ready.reason}`));
      // What may be left there: what the cache shows, and what fedplane wrote that the cache may not show yet.
      const known = [
        ...this.options.members.owned(cluster.name, kind.target, owner).map((o) => ({ namespace: o.metadata.namespace!, name: o.metadata.name })),
        ...this.placed.expectedOf(cluster.name, kind.target, owner),
      ];
      const stale = known
        .filter((o) => !wanted.has(`${o.namespace}/${o.name}`))
        .map((o) => destination(cluster.name, o.namespace, "STALE", `Failed to delete ${words} on cluster ${cluster.name}: ${ready.reason}`));
      return dedupe([...failed, ...stale]);
    }
    const ctx = this.context(kind, cluster, owner, adopt);
    const members = this.options.members;
    const [written, removed] = await Promise.all([
      Promise.all(desired.map((d) => syncDestination(ctx, d.object, members.get(cluster.name, kind.target, d.namespace, d.object.metadata.name)))),
      this.leftovers(ctx, wanted, false).then((objects) => Promise.all(objects.map((o) => removeDestination(ctx, o)))),
    ]);
    return dedupe([...written, ...removed.filter((r): r is DestinationResult => r !== undefined)]);
  }

  /**
   * Objects of ctx.owner on ctx.cluster that are not wanted: from the member cache, plus those fedplane wrote so
   * recently that the cache does not show them yet (read from the cluster). With strict, a failed read throws (the
   * finalizer must not go while something may be left); otherwise the cache's event for it comes later and is handled.
   */
  private async leftovers(ctx: DestinationContext, wanted: ReadonlySet<string>, strict: boolean): Promise<KubeObject[]> {
    const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;
    const cached = this.options.members.owned(ctx.cluster, ctx.type, ctx.owner);
    const inCache = new Set(cached.map((o) => keyOf(o.metadata.namespace!, o.metadata.name)));
    const unseen = this.placed.expectedOf(ctx.cluster, ctx.type, ctx.owner).filter((r) => !wanted.has(keyOf(r.namespace, r.name)) && !inCache.has(keyOf(r.namespace, r.name)));
    const fetched = await Promise.all(
      unseen.map(async (ref) => {
        try {
          return await withTimeout(ctx.client.get(ctx.type, ref.namespace, ref.name), ctx.timeoutMs);
        } catch (e) {
          if (strict && !isNotFound(e)) throw e;
          this.placed.forget(ref); // not there (or unknown for now: its cache event will bring it back to a reconcile)
          return undefined;
        }
      }),
    );
    const found = fetched.filter((o): o is KubeObject => o !== undefined && ownerOf(o) === ctx.owner);
    return [...cached.filter((o) => !wanted.has(keyOf(o.metadata.namespace!, o.metadata.name))), ...found];
  }

  /** The member cache of kind on cluster, synced; or why it cannot be used (the cluster, or listing it). */
  private async readyCache(kind: FederatedKind, cluster: RegisteredCluster): Promise<true | { verb: "write" | "list"; reason: string }> {
    const unusable = unusableReason(cluster);
    if (unusable) return { verb: "write", reason: unusable };
    const informer = this.options.members.informer(cluster.name, kind.target);
    if (!informer) return { verb: "write", reason: `cluster ${cluster.name} has no client` };
    if (informer.hasSynced) return true;
    try {
      await informer.waitForSync({ timeoutMs: this.options.cacheSyncTimeoutMs ?? 10_000 });
      return true;
    } catch (e) {
      return { verb: "list", reason: informer.lastError ? errorMessage(informer.lastError) : errorMessage(e) };
    }
  }

  private context(kind: FederatedKind, cluster: RegisteredCluster, owner: string, adopt: boolean): DestinationContext {
    return {
      cluster: cluster.name,
      client: cluster.client!,
      type: kind.target,
      owner,
      adopt,
      placed: this.placed,
      namespaces: this.namespaces,
      timeoutMs: this.options.requestTimeoutMs ?? 10_000,
    };
  }

  /** The federated object is being deleted: remove what it owns from every registered cluster, then the finalizer. */
  private async finalize(kind: FederatedKind, obj: FederatedObject): Promise<Result | void> {
    if (!obj.metadata.finalizers?.includes(FINALIZER)) return;
    const owner = ownerId(obj.metadata.namespace ?? "", obj.metadata.name);
    const namespaces = obj.spec?.placement?.namespaces ?? [];
    const words = kindWords(kind.target.kind);
    const results = (
      await Promise.all(
        this.options.registry.list().map(async (cluster) => {
          const ready = await this.readyCache(kind, cluster);
          const owned = this.options.members.owned(cluster.name, kind.target, owner);
          if (ready !== true) {
            // Unknown is not gone: report what may be left (the placement's namespaces when the cache never listed).
            const where = owned.length > 0 ? owned.map((o) => o.metadata.namespace!) : namespaces;
            return where.map((ns) => destination(cluster.name, ns, "STALE", `Failed to delete ${words} on cluster ${cluster.name}: ${ready.reason}`));
          }
          const ctx = this.context(kind, cluster, owner, false);
          let leftovers: KubeObject[];
          try {
            leftovers = await this.leftovers(ctx, new Set(), true);
          } catch (e) {
            return namespaces.map((ns) => destination(cluster.name, ns, "STALE", `Failed to delete ${words} on cluster ${cluster.name}: ${errorMessage(e)}`));
          }
          return (await Promise.all(leftovers.map((o) => removeDestination(ctx, o)))).filter((r): r is DestinationResult => r !== undefined);
        }),
      )
    ).flat();
    if (results.length > 0) {
      await this.writeStatus(kind, obj, summarize(dedupe(results), obj.metadata.generation, this.writtenBy));
      return { requeue: true };
    }
    await this.setFinalizers(kind, obj, obj.metadata.finalizers.filter((f) => f !== FINALIZER));
  }

  /** Before a cluster is deregistered: remove every object fedplane placed there for the federated objects it manages. */
  private async cleanUpCluster(cluster: RegisteredCluster): Promise<void> {
    if (!cluster.client) return;
    // Reconciles that started while the cluster was still listed may still write to it: let them finish first.
    await Promise.allSettled([...this.inFlight]);
    const failures: string[] = [];
    await Promise.all(
      federatedKinds.map(async (kind) => {
        const objects = this.options.store.list(kind);
        if (objects.length === 0) return;
        const ready = await this.readyCache(kind, cluster);
        if (ready !== true) return void failures.push(`${kind.target.plural}: ${ready.reason}`);
        await Promise.all(
          objects.map(async (obj) => {
            const owner = ownerId(obj.metadata.namespace ?? "", obj.metadata.name);
            const ctx = this.context(kind, cluster, owner, false);
            for (const o of await this.leftovers(ctx, new Set(), false)) {
              const stale = await removeDestination(ctx, o);
              if (stale) failures.push(stale.message ?? "");
            }
          }),
        );
      }),
    );
    this.placed.forgetCluster(cluster.name);
    if (failures.length > 0) this.log.warn("could not remove every placed object from a deregistered cluster", { cluster: cluster.name, failures });
  }

  // ---- writes to the federated object ----

  /** Writes status.placementStatus (and Gloo Federation 1.12's per-namespace copy) when it changed; conflicts re-read. */
  private async writeStatus(kind: FederatedKind, obj: FederatedObject, status: PlacementStatus): Promise<void> {
    this.options.feed.observe(obj, status);
    if (this.statusWriters.contested(kind, obj)) return; // reported when seen; fighting over it helps nobody
    const admin = this.options.store.admin;
    const fedNamespace = this.options.federationNamespace ?? this.options.registry.federationNamespace;
    let current: FederatedObject = obj;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (deepEqual(current.status?.placementStatus ?? null, status)) return;
      try {
        await withTimeout(
          admin.updateStatus(kind.type, {
            ...current,
            status: {
              ...current.status,
              placementStatus: status,
              namespacedPlacementStatuses: { ...current.status?.namespacedPlacementStatuses, [fedNamespace]: status },
            },
          }),
          this.options.requestTimeoutMs ?? 10_000,
        );
        return;
      } catch (e) {
        if (isNotFound(e)) return;
        if (!isConflict(e)) throw e;
        const fresh = await this.fresh(kind, obj);
        if (!fresh) return;
        current = fresh;
      }
    }
    throw new Error(`status of ${kind.name} ${obj.metadata.namespace}/${obj.metadata.name} kept conflicting`);
  }

  /** The object as the admin cluster holds it now (after a conflict), or undefined when it is gone. */
  private async fresh(kind: FederatedKind, obj: FederatedObject): Promise<FederatedObject | undefined> {
    try {
      return await this.options.store.admin.get<FederatedObject>(kind.type, obj.metadata.namespace, obj.metadata.name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Sets the finalizers (re-reading on conflicts); the updated object, or undefined when it is gone. */
  private async setFinalizers(kind: FederatedKind, obj: FederatedObject, finalizers: string[]): Promise<FederatedObject | undefined> {
    const admin = this.options.store.admin;
    let current: FederatedObject = obj;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        return await admin.update<FederatedObject>(kind.type, { ...current, metadata: { ...current.metadata, finalizers } });
      } catch (e) {
        if (isNotFound(e)) return undefined;
        if (!isConflict(e)) throw e;
        const fresh = await this.fresh(kind, obj);
        if (!fresh) return undefined;
        current = fresh;
        const has = current.metadata.finalizers?.includes(FINALIZER) ?? false;
        if (has === finalizers.includes(FINALIZER)) return current;
        finalizers = has ? (current.metadata.finalizers ?? []).filter((f) => f !== FINALIZER) : [...(current.metadata.finalizers ?? []), FINALIZER];
      }
    }
    throw new Error(`finalizers of ${kind.name} ${obj.metadata.namespace}/${obj.metadata.name} kept conflicting`);
  }
}

function destination(cluster: string, namespace: string, state: DestinationResult["state"], message?: string): DestinationResult {
  return { cluster, namespace, state, message };
}

/** One result per cluster x namespace; a namespace with a problem keeps the problem (e.g. two names in one namespace). */
function dedupe(results: DestinationResult[]): DestinationResult[] {
  const byKey = new Map<string, DestinationResult>();
  for (const r of results) {
    const key = `${r.cluster}/${r.namespace}`;
    const existing = byKey.get(key);
    if (!existing || (existing.state === "PLACED" && r.state !== "PLACED")) byKey.set(key, r);
  }
  return [...byKey.values()];
}

/**
 * Whether a change of a federated object asks for a reconcile. Status writes and fedplane's own finalizer do not (a
 * finalizer removed by hand comes back with the next reconcile).
 */
function reconcileRelevantChange(old: KubeObject, now: KubeObject): boolean {
  const relevant = (o: KubeObject) => ({
    generation: o.metadata.generation,
    deletionTimestamp: o.metadata.deletionTimestamp,
    finalizers: (o.metadata.finalizers ?? []).filter((f) => f !== FINALIZER),
    adopt: o.metadata.annotations?.[ADOPT_ANNOTATION],
  });
  return !deepEqual(relevant(old), relevant(now));
}

/** Gloo Federation's view while a cluster event is processed: that cluster's destinations and the whole resource PENDING. */
function pendingForCluster(status: PlacementStatus, cluster: string): PlacementStatus {
  const message = clusterEventMessage(cluster);
  const changes = destinationsOf(status)
    .filter((d) => d.cluster === cluster)
    .map((d) => ({ ...d, state: "PENDING" as const, message }));
  return { ...withDestinations(status, changes), state: "PENDING", message };
}
