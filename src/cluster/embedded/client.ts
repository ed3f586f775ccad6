import type {
  CallOptions,
  ClusterClient,
  DeleteOptions,
  ListOptions,
  ServerVersion,
  WatchHandle,
  WatchHandlers,
  WatchOptions,
  WriteOptions,
} from "../client.js";
import { abortedCallError, ClusterConnectionError } from "../errors.js";
import type { KubeObject, ObjectList } from "../object.js";
import type { ResourceType } from "../resource-type.js";
import type { ClusterState } from "./cluster-state.js";
import type { WriteIntent } from "./field-validation.js";
import type { StoredObject, Watcher } from "./watcher.js";

/** The world's view of one cluster as clients reach it: its state plus simulated network conditions. */
export interface ClusterHandle {
  readonly state: ClusterState;
  reachable: boolean;
  latencyMs: number;
}

export const EMBEDDED_VERSION: ServerVersion = { gitVersion: "v1.34.0-embedded", major: "1", minor: "34" };

const copy = <T>(s: StoredObject): T => JSON.parse(s.json) as T;
const intentOf = (o: WriteOptions = {}): WriteIntent => ({ dryRun: o.dryRun, fieldValidation: o.fieldValidation, warnings: o.warnings });

/** Waits `ms`, or less when the signal fires first. */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * A ClusterClient over an embedded cluster. Every object handed out is a fresh copy. With `faults` (the default) the
 * client suffers the cluster's simulated unreachability and latency, like a client across a network.
 */
export class EmbeddedClusterClient implements ClusterClient {
  private readonly watchers = new Set<WatchHandle>();
  private closed = false;

  constructor(
    readonly name: string,
    private readonly lookup: (name: string) => ClusterHandle | undefined,
    private readonly faults: boolean,
  ) {}

  private failure(): Error | undefined {
    if (this.closed) return new ClusterConnectionError(`the client of embedded cluster "${this.name}" is closed`, "ECONNREFUSED");
    const handle = this.lookup(this.name);
    if (!handle) return new ClusterConnectionError(`connect ECONNREFUSED: embedded cluster "${this.name}" does not exist`, "ECONNREFUSED");
    if (this.faults && !handle.reachable) return new ClusterConnectionError(`connect ECONNREFUSED: embedded cluster "${this.name}" is unreachable`, "ECONNREFUSED");
    return undefined;
  }

  /**
   * The cluster's state once the simulated network is crossed. The state's operations are synchronous, so a call
   * whose signal fired before this returns changes nothing, and one that got past it completes as a whole.
   */
  private async enter(what: string, options: CallOptions = {}): Promise<ClusterState> {
    const { signal } = options;
    // Sent on a later turn, as across a network: an abort right after the call stops it on both backends alike.
    await Promise.resolve();
    const latency = this.faults ? (this.lookup(this.name)?.latencyMs ?? 0) : 0;
    if (latency > 0 && !signal?.aborted) await delay(latency, signal);
    if (signal?.aborted) throw abortedCallError(signal, `${what} on embedded cluster "${this.name}"`);
    const err = this.failure();
    if (err) throw err;
    return this.lookup(this.name)!.state;
  }

  async get<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, options?: CallOptions): Promise<T> {
    return copy<T>((await this.enter("get", options)).get(type, namespace, name));
  }

  async list<T extends KubeObject = KubeObject>(type: ResourceType, options?: ListOptions): Promise<ObjectList<T>> {
    const { items, rv } = (await this.enter("list", options)).list(type, options);
    return { items: items.map((o) => copy<T>(o)), resourceVersion: String(rv) };
  }

  async create<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions): Promise<T> {
    return copy<T>((await this.enter("create", options)).create(type, obj, intentOf(options)));
  }

  async update<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions): Promise<T> {
    return copy<T>((await this.enter("update", options)).update(type, obj, intentOf(options)));
  }

  async updateStatus<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions): Promise<T> {
    return copy<T>((await this.enter("updateStatus", options)).updateStatus(type, obj, intentOf(options)));
  }

  async patch<T extends KubeObject = KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    mergePatch: unknown,
    options?: WriteOptions,
  ): Promise<T> {
    return copy<T>((await this.enter("patch", options)).patch(type, namespace, name, mergePatch, intentOf(options)));
  }

  async delete(type: ResourceType, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<void> {
    (await this.enter("delete", options)).delete(type, namespace, name, options);
  }

  watch<T extends KubeObject = KubeObject>(type: ResourceType, options: WatchOptions, handlers: WatchHandlers<T>): WatchHandle {
    const err = this.failure();
    if (err) {
      let stopped = false;
      setImmediate(() => stopped || handlers.onClose(err));
      return { stop: () => (stopped = true) };
    }
    let watcher: Watcher | undefined;
    const forget = () => watcher && this.watchers.delete(watcher);
    watcher = this.lookup(this.name)!.state.watch(
      type,
      options,
      {
        onEvent: (e) => handlers.onEvent(e as never),
        onClose: (e) => {
          forget();
          handlers.onClose(e);
        },
      },
      this.faults,
    );
    this.watchers.add(watcher);
    const w = watcher;
    return {
      stop: () => {
        forget();
        w.stop();
      },
    };
  }

  async version(options?: CallOptions): Promise<ServerVersion> {
    await this.enter("version", options);
    return { ...EMBEDDED_VERSION };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of [...this.watchers]) w.stop();
    this.watchers.clear();
  }
}
