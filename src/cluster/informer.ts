import type { ClusterClient, WatchHandle } from "./client.js";
import { errorMessage, isGone } from "./errors.js";
import { objectRef, type KubeObject, type WatchEvent } from "./object.js";
import { resourceKey, type ResourceType } from "./resource-type.js";

export interface InformerHandlers<T extends KubeObject = KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(obj: T, old: T): void;
  /** obj is the last known state. */
  onDelete?(obj: T): void;
}

export interface InformerOptions {
  namespace?: string; // omitted: all namespaces
  labelSelector?: string;
  /** A watch that delivers nothing for this long is restarted (a dead connection may hang silently). Default 5 min. */
  idleTimeoutMs?: number;
  /** Retry delays after errors: exponential from initialMs to maxMs, with jitter. Default 100 ms to 30 s. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** A handler threw; the informer carries on. Default: console.error. */
  onHandlerError?(err: unknown, informer: Informer<any>): void;
}

export interface InformerStatus {
  /** The initial list has been received. */
  synced: boolean;
  /** The last call to the cluster succeeded (false while retrying after an error). */
  connected: boolean;
  lastError?: Error;
  lastErrorAt?: Date;
  /** The resourceVersion the cache is current to. */
  resourceVersion?: string;
  count: number;
}

// A watch that lived this long before it closed was healthy: retries after it start from the shortest delay again.
const HEALTHY_WATCH_MS = 10_000;

/**
 * A list + watch cache of one kind on one cluster, over any ClusterClient. It never misses or duplicates an event:
 * a closed watch resumes from the last resourceVersion seen; 410 Gone re-lists and reports only the difference
 * (ADDED, MODIFIED for a changed resourceVersion, DELETED for what vanished); any other error is retried with
 * backoff, forever, until stop(). Cached objects are frozen: copy before changing one.
 */
export class Informer<T extends KubeObject = KubeObject> {
  private readonly store = new Map<string, T>();
  private readonly handlers = new Set<InformerHandlers<T>>();
  private readonly idleTimeoutMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private started = false;
  private stopped = false;
  private synced = false;
  private isConnected = false;
  private error: Error | undefined;
  private errorAt: Date | undefined;
  private rv: string | undefined;
  /** Bumped whenever the current list/watch is abandoned, so late callbacks of an old one are ignored. */
  private epoch = 0;
  private attempt = 0;
  private watch: WatchHandle | undefined;
  private watchStartedAt = 0;
  private watchEvents = 0;
  private lastActivity = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private syncWaiters: { resolve(): void; reject(err: Error): void }[] = [];

  constructor(
    readonly client: ClusterClient,
    readonly type: ResourceType,
    private readonly options: InformerOptions = {},
  ) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? 5 * 60_000;
    this.initialBackoffMs = options.backoff?.initialMs ?? 100;
    this.maxBackoffMs = options.backoff?.maxMs ?? 30_000;
  }

  /** For messages: "upstreams.gloo.solo.io/v1 on cluster-1". */
  get description(): string {
    return `${resourceKey(this.type)} on ${this.client.name}${this.options.namespace ? ` in ${this.options.namespace}` : ""}`;
  }

  /** Adds handlers; objects already cached are replayed to onAdd at once. Returns a function removing them. */
  addHandlers(handlers: InformerHandlers<T>): () => void {
    this.handlers.add(handlers);
    if (handlers.onAdd) for (const obj of this.store.values()) this.call(() => handlers.onAdd!(obj));
    return () => this.handlers.delete(handlers);
  }

  start(): this {
    if (this.started || this.stopped) return this;
    this.started = true;
    void this.relist();
    return this;
  }

  /** Ends everything: no handler runs after this returns. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.abandon();
    clearTimeout(this.retryTimer);
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const w of waiters) w.reject(new Error(`the informer for ${this.description} was stopped before it synced`));
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  get connected(): boolean {
    return this.isConnected;
  }

  get lastError(): Error | undefined {
    return this.error;
  }

  get resourceVersion(): string | undefined {
    return this.rv;
  }

  status(): InformerStatus {
    return {
      synced: this.synced,
      connected: this.isConnected,
      lastError: this.error,
      lastErrorAt: this.errorAt,
      resourceVersion: this.rv,
      count: this.store.size,
    };
  }

  /** Resolves once the initial list is in the cache; rejects on timeout (naming the last error) or stop(). */
  waitForSync(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.synced) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error(`the informer for ${this.description} is stopped`));
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.syncWaiters = this.syncWaiters.filter((w) => w !== waiter);
          const why = this.error ? `; last error: ${errorMessage(this.error)}` : "";
          reject(new Error(`the informer for ${this.description} has not synced after ${options.timeoutMs} ms${why}`));
        }, options.timeoutMs);
      }
      this.syncWaiters.push(waiter);
    });
  }

  list(): T[] {
    return [...this.store.values()];
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.store.get(this.type.namespaced && namespace ? `${namespace}/${name}` : name);
  }

  // ---- list and watch ----

  private abandon(): void {
    this.epoch++;
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    const w = this.watch;
    this.watch = undefined;
    w?.stop();
  }

  private async relist(): Promise<void> {
    this.abandon();
    const epoch = this.epoch;
    let list;
    try {
      list = await this.client.list<T>(this.type, { namespace: this.options.namespace, labelSelector: this.options.labelSelector });
    } catch (err) {
      if (epoch === this.epoch && !this.stopped) this.failed(err, () => void this.relist());
      return;
    }
    if (epoch !== this.epoch || this.stopped) return;
    this.isConnected = true;
    this.attempt = 0;
    this.replace(list.items);
    this.rv = list.resourceVersion;
    if (!this.synced && !this.stopped) {
      this.synced = true;
      const waiters = this.syncWaiters;
      this.syncWaiters = [];
      for (const w of waiters) w.resolve();
    }
    if (!this.stopped) this.startWatch();
  }

  private startWatch(): void {
    this.abandon();
    const epoch = this.epoch;
    this.watchStartedAt = this.lastActivity = Date.now();
    this.watchEvents = 0;
    this.watch = this.client.watch<T>(
      this.type,
      { namespace: this.options.namespace, labelSelector: this.options.labelSelector, resourceVersion: this.rv ?? "" },
      {
        onEvent: (e) => {
          if (epoch === this.epoch && !this.stopped) this.onEvent(e);
        },
        onBookmark: (rv) => {
          if (epoch !== this.epoch || this.stopped) return;
          this.lastActivity = Date.now();
          this.rv = rv; // nothing before it is still to come: a resumed watch starts here
        },
        onClose: (err) => {
          if (epoch === this.epoch && !this.stopped) this.onWatchClose(err);
        },
      },
    );
    this.armWatchdog(epoch, this.idleTimeoutMs);
  }

  private armWatchdog(epoch: number, ms: number): void {
    this.watchdog = setTimeout(() => {
      if (epoch !== this.epoch || this.stopped) return;
      const idle = Date.now() - this.lastActivity;
      if (idle >= this.idleTimeoutMs) this.startWatch(); // resumes from the last resourceVersion seen
      else this.armWatchdog(epoch, this.idleTimeoutMs - idle);
    }, ms);
    this.watchdog.unref();
  }

  private onWatchClose(err: Error | undefined): void {
    this.watch = undefined;
    clearTimeout(this.watchdog);
    if (Date.now() - this.watchStartedAt >= HEALTHY_WATCH_MS) this.attempt = 0;
    if (err && isGone(err)) {
      void this.relist();
    } else if (err) {
      this.failed(err, () => void this.reconnect());
    } else if (this.watchEvents > 0 || this.attempt === 0) {
      // A server-side timeout: carry on where we were. (A watch that keeps closing at once backs off below.)
      this.attempt++;
      this.startWatch();
    } else {
      this.retry(() => this.startWatch());
    }
  }

  /** After an error: probe the cluster, then resume the watch from the last resourceVersion (410 then re-lists). */
  private async reconnect(): Promise<void> {
    const epoch = this.epoch;
    try {
      await this.client.version();
    } catch (err) {
      if (epoch === this.epoch && !this.stopped) this.failed(err, () => void this.reconnect());
      return;
    }
    if (epoch !== this.epoch || this.stopped) return;
    this.isConnected = true;
    this.startWatch();
  }

  private failed(err: unknown, again: () => void): void {
    this.isConnected = false;
    this.error = err instanceof Error ? err : new Error(String(err));
    this.errorAt = new Date();
    this.retry(again);
  }

  private retry(again: () => void): void {
    const base = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    const delay = base / 2 + Math.random() * (base / 2); // jitter: many informers must not retry in lockstep
    clearTimeout(this.retryTimer);
    const epoch = this.epoch;
    this.retryTimer = setTimeout(() => {
      if (epoch === this.epoch && !this.stopped) again();
    }, delay);
  }

  // ---- the cache ----

  private keyOf(obj: KubeObject): string {
    return this.type.namespaced ? objectRef(obj) : obj.metadata.name;
  }

  private onEvent(e: WatchEvent<T>): void {
    this.lastActivity = Date.now();
    this.watchEvents++;
    this.attempt = 0;
    this.isConnected = true;
    // No resourceVersion is compared for order: a watch delivers events in order, starting after the version it was
    // started from (the last list's or event's or bookmark's), so each event is newer than the cache by the API's
    // guarantee. Equality alone spots a change that is already cached.
    const obj = deepFreeze(e.object);
    const rv = obj.metadata.resourceVersion;
    const key = this.keyOf(obj);
    const old = this.store.get(key);
    if (e.type === "DELETED") {
      if (old) {
        this.store.delete(key);
        this.emit((h) => h.onDelete?.(obj));
      }
    } else if (!old) {
      this.store.set(key, obj);
      this.emit((h) => h.onAdd?.(obj));
    } else if (old.metadata.resourceVersion !== rv) {
      this.store.set(key, obj);
      this.emit((h) => h.onUpdate?.(obj, old));
    }
    if (rv) this.rv = rv;
  }

  /** The cache becomes `items`; handlers hear only about the difference. */
  private replace(items: T[]): void {
    const seen = new Set<string>();
    for (const item of items) {
      const obj = deepFreeze(item);
      const key = this.keyOf(obj);
      seen.add(key);
      const old = this.store.get(key);
      if (!old) {
        this.store.set(key, obj);
        this.emit((h) => h.onAdd?.(obj));
      } else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
        this.store.set(key, obj);
        this.emit((h) => h.onUpdate?.(obj, old));
      }
    }
    for (const [key, old] of [...this.store]) {
      if (seen.has(key)) continue;
      this.store.delete(key);
      this.emit((h) => h.onDelete?.(old));
    }
  }

  private emit(fn: (h: InformerHandlers<T>) => void): void {
    for (const h of [...this.handlers]) {
      if (this.stopped) return;
      this.call(() => fn(h));
    }
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (this.options.onHandlerError) this.options.onHandlerError(err, this);
      else console.error(`informer for ${this.description}: a handler failed: ${errorMessage(err)}`);
    }
  }
}

function deepFreeze<V>(value: V): V {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
