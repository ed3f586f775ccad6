import { Counter, type Registry } from "prom-client";
import type { CallOptions, ClusterClient, DeleteOptions, ListOptions, WatchHandlers, WatchOptions, WriteOptions } from "../cluster/client.js";
import { ApiError } from "../cluster/errors.js";
import type { KubeObject } from "../cluster/object.js";
import type { ResourceType } from "../cluster/resource-type.js";

export type RestClientCounter = Counter<"code" | "method" | "host">;

export function restClientCounter(registers: Registry[]): RestClientCounter {
  return new Counter({
    name: "rest_client_requests_total",
    help: "Number of HTTP requests to clusters, partitioned by status code, method, and host (fedplane's name of the cluster)",
    labelNames: ["code", "method", "host"],
    registers,
  });
}

/**
 * client-go's rest_client_requests_total for any ClusterClient (embedded or real): every call counted with the HTTP
 * method it maps to and the status code it got, "<error>" when no answer came (as client-go labels it). `host` is the
 * cluster's name, the one stable label fedplane has for both backends. Watches are long-running and not counted.
 */
export class CountingClient implements ClusterClient {
  constructor(
    private readonly inner: ClusterClient,
    private readonly requests: RestClientCounter,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  private async count<T>(method: string, success: number, call: Promise<T>): Promise<T> {
    try {
      const result = await call;
      this.requests.inc({ code: String(success), method, host: this.inner.name });
      return result;
    } catch (e) {
      this.requests.inc({ code: e instanceof ApiError ? String(e.code) : "<error>", method, host: this.inner.name });
      throw e;
    }
  }

  get<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, options?: CallOptions) {
    return this.count("GET", 200, this.inner.get<T>(type, namespace, name, options));
  }
  list<T extends KubeObject = KubeObject>(type: ResourceType, options?: ListOptions) {
    return this.count("GET", 200, this.inner.list<T>(type, options));
  }
  create<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions) {
    return this.count("POST", 201, this.inner.create<T>(type, obj, options));
  }
  update<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions) {
    return this.count("PUT", 200, this.inner.update<T>(type, obj, options));
  }
  updateStatus<T extends KubeObject = KubeObject>(type: ResourceType, obj: T, options?: WriteOptions) {
    return this.count("PUT", 200, this.inner.updateStatus<T>(type, obj, options));
  }
  patch<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, mergePatch: unknown, options?: WriteOptions) {
    return this.count("PATCH", 200, this.inner.patch<T>(type, namespace, name, mergePatch, options));
  }
  delete(type: ResourceType, namespace: string | undefined, name: string, options?: DeleteOptions) {
    return this.count("DELETE", 200, this.inner.delete(type, namespace, name, options));
  }
  watch<T extends KubeObject = KubeObject>(type: ResourceType, options: WatchOptions, handlers: WatchHandlers<T>) {
    return this.inner.watch<T>(type, options, handlers);
  }
  version(options?: CallOptions) {
    return this.count("GET", 200, this.inner.version(options));
  }
  close() {
    return this.inner.close();
  }
}
