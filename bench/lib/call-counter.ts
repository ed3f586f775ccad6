import type {
  CallOptions,
  ClusterClient,
  DeleteOptions,
  ListOptions,
  WatchHandlers,
  WatchOptions,
  WriteOptions,
} from "../../src/cluster/client.js";
import type { KubeObject } from "../../src/cluster/object.js";
import type { ResourceType } from "../../src/cluster/resource-type.js";

export type Verb = "get" | "list" | "create" | "update" | "updateStatus" | "patch" | "delete" | "watch" | "version";

/** API-server requests, by verb, across every client sharing it. */
export class RequestCounter {
  readonly byVerb = new Map<Verb, number>();

  count(verb: Verb): void {
    this.byVerb.set(verb, (this.byVerb.get(verb) ?? 0) + 1);
  }

  /** Every request, watches included (each watch is one long-lived request). */
  get total(): number {
    let sum = 0;
    for (const n of this.byVerb.values()) sum += n;
    return sum;
  }

  snapshot(): Map<Verb, number> {
    return new Map(this.byVerb);
  }

  /** Requests since an earlier snapshot, by verb, e.g. "create 2000, updateStatus 500"; `except` verbs left out. */
  since(before: Map<Verb, number>, except: readonly Verb[] = []): { total: number; text: string } {
    const parts: string[] = [];
    let total = 0;
    for (const [verb, n] of this.byVerb) {
      const d = n - (before.get(verb) ?? 0);
      if (d === 0 || except.includes(verb)) continue;
      total += d;
      parts.push(`${verb} ${d}`);
    }
    return { total, text: parts.join(", ") || "none" };
  }
}

/**
 * A ClusterClient that counts every call it forwards (fedplane's `instrumentClient` seam wraps every client with it):
 * one call is one API request (for the Kubernetes backend, a list of several pages is counted once).
 */
export class CountingClient implements ClusterClient {
  constructor(
    readonly inner: ClusterClient,
    readonly counter: RequestCounter,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  get<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, options?: CallOptions) {
    this.counter.count("get");
    return this.inner.get<T>(type, namespace, name, options);
  }

  list<T extends KubeObject = KubeObject>(type: ResourceType, options?: ListOptions) {
    this.counter.count("list");
    return this.inner.list<T>(type, options);
  }

  create<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions) {
    this.counter.count("create");
    return this.inner.create<T>(type, obj, options);
  }

  update<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions) {
    this.counter.count("update");
    return this.inner.update<T>(type, obj, options);
  }

  updateStatus<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions) {
    this.counter.count("updateStatus");
    return this.inner.updateStatus<T>(type, obj, options);
  }

  patch<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, mergePatch: unknown, options?: WriteOptions) {
    this.counter.count("patch");
    return this.inner.patch<T>(type, namespace, name, mergePatch, options);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, options?: DeleteOptions) {
    this.counter.count("delete");
    return this.inner.delete(type, namespace, name, options);
  }

  watch<T extends KubeObject = KubeObject>(type: ResourceType, options: WatchOptions, handlers: WatchHandlers<T>) {
    this.counter.count("watch");
    return this.inner.watch<T>(type, options, handlers);
  }

  version(options?: CallOptions) {
    this.counter.count("version");
    return this.inner.version(options);
  }

  close() {
    return this.inner.close();
  }
}
