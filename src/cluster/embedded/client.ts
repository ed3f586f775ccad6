import type { ClusterClient, DeleteOptions, ListOptions, ServerVersion, WatchHandle, WatchHandlers, WatchOptions } from "../client.js";
import { ClusterConnectionError } from "../errors.js";
import type { KubeObject, ObjectList } from "../object.js";
import type { ResourceType } from "../resource-type.js";
import type { ClusterState } from "./cluster-state.js";
import type { StoredObject, Watcher } from "./watcher.js";

/** The world's view of one cluster as clients reach it: its state plus simulated network conditions. */
export interface ClusterHandle {
  readonly state: ClusterState;
  reachable: boolean;
  latencyMs: number;
}

export const EMBEDDED_VERSION: ServerVersion = { gitVersion: "v1.34.0-embedded", major: "1", minor: "34" };

const copy = <T>(s: StoredObject): T => JSON.parse(s.json) as T;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

  private async enter(): Promise<ClusterState> {
    const latency = this.faults ? (this.lookup(this.name)?.latencyMs ?? 0) : 0;
    if (latency > 0) await delay(latency);
    const err = this.failure();
    if (err) throw err;
    return this.lookup(this.name)!.state;
  }

  async get<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string): Promise<T> {
    return copy<T>((await this.enter()).get(type, namespace, name));
  }

  async list<T extends KubeObject = KubeObject>(type: ResourceType, options?: ListOptions): Promise<ObjectList<T>> {
    const { items, rv } = (await this.enter()).list(type, options);
    return { items: items.map((o) => copy<T>(o)), resourceVersion: String(rv) };
  }

  async create<T extends KubeObject = KubeObject>(type: ResourceType, obj: T): Promise<T> {
    return copy<T>((await this.enter()).create(type, obj));
  }

  async update<T extends KubeObject = KubeObject>(type: ResourceType, obj: T): Promise<T> {
    return copy<T>((await this.enter()).update(type, obj));
  }

  async updateStatus<T extends KubeObject = KubeObject>(type: ResourceType, obj: T): Promise<T> {
    return copy<T>((await this.enter()).updateStatus(type, obj));
  }

  async patch<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, mergePatch: unknown): Promise<T> {
    return copy<T>((await this.enter()).patch(type, namespace, name, mergePatch));
  }

  async delete(type: ResourceType, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<void> {
    (await this.enter()).delete(type, namespace, name, options);
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

  async version(): Promise<ServerVersion> {
    await this.enter();
    return { ...EMBEDDED_VERSION };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of [...this.watchers]) w.stop();
    this.watchers.clear();
  }
}
