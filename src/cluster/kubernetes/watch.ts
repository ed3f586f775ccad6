import type { WatchHandle, WatchHandlers, WatchOptions } from "../client.js";
import { ApiError } from "../errors.js";
import type { KubeObject, WatchEventType } from "../object.js";
import { resourceKey, type ResourceType } from "../resource-type.js";
import { collectionPath, queryString } from "./paths.js";
import { ClusterConnectionError } from "../errors.js";
import { isKubeStatus, responseError, statusError, transportError } from "./status.js";
import type { Stream, Transport } from "./transport.js";

export interface WatchTuning {
  /** Server-side timeoutSeconds; each watch asks for a random value in [t, 2t) so reconnects spread out. */
  serverTimeoutSeconds: number;
  /**
   * Client-side watchdog: a connection that delivers nothing, not even a bookmark, for this long is presumed dead.
   * Default: the watch's own server-side timeout plus a grace period, because kube-apiserver sends bookmarks only once
   * the resourceVersion has moved (a quiet resource type can stay silent until the server ends the watch).
   */
  idleTimeoutMs?: number;
}

// A live server ends the watch at timeoutSeconds; this much later the connection is presumed dead whatever it sent.
const DEADLINE_GRACE_MS = 15_000;

const objectEvents = new Set<string>(["ADDED", "MODIFIED", "DELETED"]);

/**
 * One watch request on its own connection. client-node 1.4's Watch is not used: it cannot be aborted before the
 * response headers arrive (the AbortController is returned only after fetch resolves), calls its done callback when
 * aborted, has no client-side timeout (its timeout signal is overwritten), silently drops unparsable lines and opens a
 * new TLS connection per watch.
 */
export class KubeWatch<T extends KubeObject> implements WatchHandle {
  /** Aborting it closes the watch's connection, whether the request is still being set up or streaming. */
  private readonly abort = new AbortController();
  private idle?: NodeJS.Timeout;
  private done = false;
  private readonly what: string;
  private readonly idleTimeoutMs: number;
  private readonly deadline: number;

  constructor(
    private readonly transport: Transport,
    type: ResourceType,
    options: WatchOptions,
    private readonly handlers: WatchHandlers<T>,
    tuning: WatchTuning,
    private readonly onEnd: (w: KubeWatch<T>) => void,
  ) {
    this.what = `watch of ${resourceKey(type)} on cluster "${transport.target.cluster}" (${transport.target.server})`;
    const timeoutSeconds = Math.floor(tuning.serverTimeoutSeconds * (1 + Math.random()));
    this.deadline = Date.now() + timeoutSeconds * 1000 + DEADLINE_GRACE_MS;
    this.idleTimeoutMs = tuning.idleTimeoutMs ?? timeoutSeconds * 1000 + DEADLINE_GRACE_MS;
    const path =
      collectionPath(type, options.namespace) +
      queryString({
        watch: 1,
        resourceVersion: options.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds,
        labelSelector: options.labelSelector,
      });
    this.arm();
    transport.stream(path, this.abort.signal).then(
      (stream) => this.open(stream),
      (err) => this.finish(transportError(err, transport.target)),
    );
  }

  stop(): void {
    this.end();
  }

  private open(stream: Stream): void {
    // Registered first: a destroyed body emits "error", which must never go unhandled.
    stream.body.on("error", (err) => this.finish(this.cutOff(err)));
    if (this.done) {
      stream.body.destroy();
      return;
    }
    if (stream.status === 200) this.read(stream);
    else this.reject(stream);
  }

  private read(stream: Stream): void {
    this.arm();
    stream.body.setEncoding("utf8");
    let buffered = "";
    stream.body.on("data", (chunk: string) => {
      this.arm();
      buffered += chunk;
      let nl: number;
      while (!this.done && (nl = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.trim()) this.dispatch(line);
      }
    });
    // The server ends a watch cleanly at timeoutSeconds (the body ends); a cut connection is an "error" instead.
    stream.body.on("end", () => this.finish(undefined));
  }

  private cutOff(err: unknown): Error {
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === "ECONNREFUSED" || code === "ETIMEDOUT") return transportError(err, this.transport.target);
    return new ClusterConnectionError(`${this.what} was cut off before the server ended it (ECONNRESET)`, "ECONNRESET");
  }

  /** A watch refused up front (410 for a too-old resourceVersion, 403, 404 for a missing CRD...). */
  private reject(stream: Stream): void {
    const chunks: Buffer[] = [];
    stream.body.on("data", (c: Buffer) => chunks.push(c));
    stream.body.on("end", () => this.finish(responseError(stream.status, Buffer.concat(chunks).toString("utf8"), this.transport.target)));
  }

  private dispatch(line: string): void {
    let event: { type?: string; object?: unknown };
    try {
      event = JSON.parse(line);
    } catch {
      // Dropping it would lose an event; ending the watch makes the caller resume from the last good one.
      this.finish(new ApiError("InternalError", `${this.what} delivered an event that is not JSON`));
      return;
    }
    const type = event.type ?? "";
    if (objectEvents.has(type)) {
      try {
        this.handlers.onEvent({ type: type as WatchEventType, object: event.object as T });
      } catch (err) {
        this.finish(err instanceof Error ? err : new Error(String(err)));
      }
    } else if (type === "ERROR") {
      const status = isKubeStatus(event.object) ? event.object : { message: `${this.what} failed` };
      this.finish(statusError(status, status.code ?? 500, this.transport.target));
    }
    // BOOKMARK: proof of life only; arm() already ran for its bytes.
  }

  /** (Re)starts the watchdog: silence for idleTimeoutMs, or the server overrunning its own deadline, ends the watch. */
  private arm(): void {
    if (this.done) return;
    clearTimeout(this.idle);
    const wait = Math.min(this.idleTimeoutMs, Math.max(0, this.deadline - Date.now()));
    this.idle = setTimeout(() => {
      const silence = wait === this.idleTimeoutMs ? `received nothing, not even a bookmark, for ${wait / 1000}s` : "outlived its server-side timeout";
      this.finish(
        new ClusterConnectionError(
          `${this.what} ${silence}; the connection is presumed dead and was closed (check that the API server is responsive) (ETIMEDOUT)`,
          "ETIMEDOUT",
        ),
      );
    }, wait);
  }

  private finish(err: Error | undefined): void {
    if (this.end()) this.handlers.onClose(err);
  }

  /** Tears the connection down once; true the first time. */
  private end(): boolean {
    if (this.done) return false;
    this.done = true;
    clearTimeout(this.idle);
    this.abort.abort();
    this.onEnd(this);
    return true;
  }
}
