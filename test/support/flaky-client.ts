import type {
  CallOptions,
  ClusterClient,
  DeleteOptions,
  ListOptions,
  WatchHandle,
  WatchHandlers,
  WatchOptions,
  WriteOptions,
} from "../../src/cluster/client.js";
import type { KubeObject } from "../../src/cluster/object.js";
import type { ResourceType } from "../../src/cluster/resource-type.js";

/**
 * Wraps any ClusterClient with network faults on the client side, so informer recovery can be tested the same way
 * against every backend: `cut()` drops the connection (calls reject, open watches close with an error) while writes
 * through the inner client go on; `hangWatches` makes new watches silent forever, like a dead TCP connection.
 */
export class FlakyClient implements ClusterClient {
  private down = false;
  /** New watches deliver nothing and never close (until stopped). */
  hangWatches = false;
  /** How many watches were started (including hung and refused ones). */
  watchCalls = 0;
  /** How many calls and watches were refused because of cut(). */
  refused = 0;
  private readonly open = new Set<{ fail(err?: Error): void }>();

  constructor(readonly inner: ClusterClient) {}

  get name(): string {
    return this.inner.name;
  }

  cut(): void {
    this.down = true;
    for (const w of [...this.open]) w.fail(outage());
  }

  restore(): void {
    this.down = false;
  }

  /** Ends open watches without an error, as an API server does when a watch times out. */
  closeWatches(): void {
    for (const w of [...this.open]) w.fail(undefined);
  }

  private check(): void {
    if (this.down) {
      this.refused++;
      throw outage();
    }
  }

  async get<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, options?: CallOptions) {
    this.check();
    return this.inner.get<T>(type, namespace, name, options);
  }

  async list<T extends KubeObject = KubeObject>(type: ResourceType, options?: ListOptions) {
    this.check();
    return this.inner.list<T>(type, options);
  }

  async create<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions) {
    this.check();
    return this.inner.create<T>(type, obj, options);
  }

  async update<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions) {
    this.check();
    return this.inner.update<T>(type, obj, options);
  }

  async updateStatus<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions) {
    this.check();
    return this.inner.updateStatus<T>(type, obj, options);
  }

  async patch<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, mergePatch: unknown, options?: WriteOptions) {
    this.check();
    return this.inner.patch<T>(type, namespace, name, mergePatch, options);
  }

  async delete(type: ResourceType, namespace: string | undefined, name: string, options?: DeleteOptions) {
    this.check();
    return this.inner.delete(type, namespace, name, options);
  }

  watch<T extends KubeObject = KubeObject>(type: ResourceType, options: WatchOptions, handlers: WatchHandlers<T>): WatchHandle {
    this.watchCalls++;
    let done = false;
    if (this.down) {
      this.refused++;
      setImmediate(() => done || handlers.onClose(outage()));
      return { stop: () => (done = true) };
    }
    if (this.hangWatches) return { stop: () => (done = true) };
    const entry = {
      fail: (err?: Error) => {
        if (done) return;
        done = true;
        this.open.delete(entry);
        inner.stop();
        setImmediate(() => handlers.onClose(err));
      },
    };
    const inner = this.inner.watch<T>(type, options, {
      onEvent: (e) => done || handlers.onEvent(e),
      onClose: (err) => {
        if (done) return;
        done = true;
        this.open.delete(entry);
        handlers.onClose(err);
      },
    });
    this.open.add(entry);
    return {
      stop: () => {
        done = true;
        this.open.delete(entry);
        inner.stop();
      },
    };
  }

  async version(options?: CallOptions) {
    this.check();
    return this.inner.version(options);
  }

  async close() {
    await this.inner.close();
  }
}

function outage(): Error {
  return Object.assign(new Error("connect ECONNREFUSED (simulated outage)"), { code: "ECONNREFUSED" });
}
