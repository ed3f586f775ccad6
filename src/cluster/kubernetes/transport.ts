import type { Socket } from "node:net";
import type { Readable } from "node:stream";
import type { KubeConfig } from "@kubernetes/client-node";
import { buildConnector, Pool } from "undici";
import { abortedCallError, ApiError } from "../errors.js";
import { ClusterConnectionError } from "../errors.js";
import { responseError, transportError, type Target } from "./status.js";
import { parseWarningHeaders } from "./warnings.js";

export interface TransportOptions {
  /** Deadline of one request, from sending to the last byte of the answer. */
  requestTimeoutMs: number;
  /** Concurrent connections for ordinary requests (watches have their own pool, one connection each). */
  maxSockets: number;
}

/** What client-node's KubeConfig yields for a request: TLS material and auth headers. */
interface AppliedOptions {
  ca?: Buffer | string;
  cert?: Buffer | string;
  key?: Buffer | string;
  rejectUnauthorized?: boolean;
  servername?: string;
  auth?: string;
  headers?: Record<string, string | string[] | number>;
}

interface Credentials {
  headers: Record<string, string>;
  tls: Pick<AppliedOptions, "ca" | "cert" | "key" | "rejectUnauthorized" | "servername">;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
  /** Names the resource type in "not served" (missing CRD) messages. */
  resource?: string;
  /** Aborting destroys the request's connection: whatever the server had not yet received is never written. */
  signal?: AbortSignal;
  /** The answer's Warning headers (code 299 texts) are appended here. */
  warnings?: string[];
}

/** An open watch stream: its status, and its body as it arrives. */
export interface Stream {
  status: number;
  body: Readable;
}

// Idle keep-alive connections are closed by us well before kube-apiserver's own idle timeout (90 s), so a reuse never
// races the server's close: such a request would fail after being sent, and a write cannot be resent blindly.
const KEEP_ALIVE_MS = 30_000;
// A TCP connect or TLS handshake that takes longer than this fails (undici's default, named).
const CONNECT_TIMEOUT_MS = 10_000;
const USER_AGENT = "fedplane";

/**
 * HTTP to one API server over undici connection pools, kept alive and reused: TLS is set up once per connection, not
 * per request (client-node 1.4 builds a fresh https.Agent, hence a new TLS handshake, for every call). Ordinary
 * requests share one pool of `maxSockets` connections; each watch holds a connection of its own from a second pool.
 * Every request has one deadline and may carry the caller's AbortSignal: either one ends it by destroying its
 * connection, so nothing is sent after the caller gave up. Credentials come from the cluster's own KubeConfig: read
 * once for static ones (token, client certificate, basic), per request for plugins that refresh (exec, OIDC, token
 * files), which cache internally.
 */
export class Transport {
  readonly target: Target;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly secure: boolean;
  private readonly dynamicAuth: boolean;
  private credentials?: Promise<Credentials>;
  private pool?: Pool;
  private streamPool?: Pool;
  private poolTls?: Credentials["tls"];
  /** Every connection, from its first byte: close() ends those still in their TLS handshake too. */
  private readonly sockets = new Set<Socket>();
  private closed = false;

  constructor(
    private readonly kc: KubeConfig,
    clusterName: string,
    private readonly options: TransportOptions,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new ApiError("Invalid", `cluster "${clusterName}": its kubeconfig has no current cluster`);
    const base = new URL(cluster.server);
    this.secure = base.protocol === "https:";
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/$/, "");
    // Only the origin in messages: a server URL's path or query may carry a token.
    this.target = { cluster: clusterName, server: this.origin };
    const user = kc.getCurrentUser();
    this.dynamicAuth = !!(user && (user.exec || user.authProvider));
  }

  /** Sends one request and resolves with the parsed JSON answer; failures reject with ApiError. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const text = await this.requestText(method, path, options);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError("InternalError", `cluster "${this.target.cluster}" answered ${method} ${path} with a body that is not JSON`);
    }
  }

  async requestText(method: string, path: string, options: RequestOptions = {}): Promise<string> {
    const { status, text } = await this.exchange(method, path, options);
    if (status >= 200 && status < 300) return text;
    throw responseError(status, text, this.target, options.resource);
  }

  /** Any HTTP answer, failures included; only transport failures (and the deadline, and aborts) reject. */
  async exchange(method: string, path: string, options: RequestOptions = {}): Promise<{ status: number; text: string }> {
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
    const what = `${method} ${path} on cluster "${this.target.cluster}"`;
    const deadline = new Deadline(timeoutMs, options.signal, () => this.timeoutError(method, path, timeoutMs), (s) => abortedCallError(s, what));
    try {
      const creds = await deadline.race(this.resolveCredentials());
      const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
      const headers: Record<string, string> = { ...creds.headers, Accept: "application/json", "User-Agent": USER_AGENT };
      if (body) headers["Content-Type"] = options.contentType ?? "application/json";
      // Raced, not only signalled: undici notices an abort of a request still waiting for its connection only once that
      // connection is made or has failed, which for a hung server is the connect timeout, not the caller's deadline.
      // The aborted request is never sent on that connection.
      const res = await deadline.race(this.poolFor("ordinary", creds).request({
        method: method as "GET",
        path: this.basePath + path,
        headers,
        body,
        signal: deadline.signal,
        // The deadline covers the whole exchange; undici's own phase timers would only fire later or duplicate it.
        headersTimeout: 0,
        bodyTimeout: 0,
      }));
      const text = await deadline.race(res.body.text());
      if (options.warnings) options.warnings.push(...parseWarningHeaders(headerList(res.headers.warning)));
      return { status: res.statusCode, text };
    } catch (err) {
      throw this.failure(err, deadline.signal);
    } finally {
      deadline.clear();
    }
  }

  /** Opens a long-lived GET (a watch) on a connection of its own; aborting `signal` closes it. */
  async stream(path: string, signal: AbortSignal): Promise<Stream> {
    try {
      const creds = await this.resolveCredentials();
      if (signal.aborted) throw signal.reason;
      const res = await this.poolFor("stream", creds).request({
        method: "GET",
        path: this.basePath + path,
        headers: { ...creds.headers, Accept: "application/json", "User-Agent": USER_AGENT },
        signal,
        // The watch's own watchdog judges silence (bookmarks included); undici's timers know nothing of bookmarks.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      return { status: res.statusCode, body: res.body };
    } catch (err) {
      throw this.failure(err, signal);
    }
  }

  /** What a failed request reports: the deadline's or the caller's reason when it was theirs, else the transport's. */
  private failure(err: unknown, signal: AbortSignal): Error {
    if (this.closed && !(err instanceof ApiError)) return this.closedError();
    if (signal.aborted && signal.reason instanceof Error) return signal.reason;
    return transportError(err, this.target);
  }

  private timeoutError(method: string, path: string, timeoutMs: number): ClusterConnectionError {
    return new ClusterConnectionError(
      `${method} ${path} on cluster "${this.target.cluster}" (${this.target.server}) got no answer within ${timeoutMs / 1000}s; check that the API server is up and responsive (its /readyz) (ETIMEDOUT)`,
      "ETIMEDOUT",
    );
  }

  private closedError(): ClusterConnectionError {
    return new ClusterConnectionError(`the client of cluster "${this.target.cluster}" is closed`, "ECONNABORTED");
  }

  /** Ends every request in flight (they reject as closed) and every watch; nothing is sent afterwards. */
  close(): void {
    this.closed = true;
    for (const pool of [this.pool, this.streamPool]) pool?.destroy(this.closedError()).catch(() => undefined);
    for (const socket of this.sockets) socket.destroy();
  }

  private resolveCredentials(): Promise<Credentials> {
    if (this.closed) return Promise.reject(this.closedError());
    if (this.credentials && !this.dynamicAuth) return this.credentials;
    const pending = this.readCredentials();
    this.credentials = pending;
    // A failed read (e.g. an unreadable CA file) is retried by the next request instead of being cached forever.
    pending.catch(() => {
      if (this.credentials === pending) this.credentials = undefined;
    });
    return pending;
  }

  private async readCredentials(): Promise<Credentials> {
    const opts: AppliedOptions = {};
    try {
      await this.kc.applyToHTTPSOptions(opts as never);
    } catch (e) {
      // Plugin and file errors name files and commands, not secrets; say where they came from.
      throw new ApiError(
        "Unauthorized",
        `cannot get credentials for cluster "${this.target.cluster}" from its kubeconfig: ${(e as Error).message}`,
      );
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k] = Array.isArray(v) ? v.join(", ") : String(v);
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString("base64")}`;
    return {
      headers,
      tls: { ca: opts.ca, cert: opts.cert, key: opts.key, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername },
    };
  }

  private poolFor(kind: "ordinary" | "stream", creds: Credentials): Pool {
    if (this.closed) throw this.closedError();
    if (this.poolTls && !sameTls(this.poolTls, creds.tls)) {
      // An exec plugin rotated the client certificate: new connections must present the new one. Requests in flight
      // on the old pools finish there.
      for (const pool of [this.pool, this.streamPool]) pool?.close().catch(() => undefined);
      this.pool = undefined;
      this.streamPool = undefined;
    }
    this.poolTls = creds.tls;
    if (kind === "stream") return (this.streamPool ??= this.newPool(null, creds.tls));
    return (this.pool ??= this.newPool(this.options.maxSockets, creds.tls));
  }

  private newPool(connections: number | null, tls: Credentials["tls"]): Pool {
    const connect = buildConnector({
      timeout: CONNECT_TIMEOUT_MS,
      ...(this.secure
        ? {
            ca: tls.ca,
            cert: tls.cert,
            key: tls.key,
            ...(tls.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: tls.rejectUnauthorized }),
            ...(tls.servername ? { servername: tls.servername } : {}),
          }
        : {}),
    });
    return new Pool(this.origin, {
      connections,
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      connect: (options, callback) => {
        // undici's connector returns the socket it opens (its types say void): tracked so close() can end it.
        const socket = (connect as (...args: Parameters<typeof connect>) => unknown)(options, callback);
        if (socket && typeof (socket as Socket).destroy === "function") {
          this.sockets.add(socket as Socket);
          (socket as Socket).once("close", () => this.sockets.delete(socket as Socket));
        }
      },
    });
  }
}

/**
 * One request's deadline joined with the caller's signal: whichever fires first aborts the request with its own
 * reason (a timeout error, or the caller's abort as a ClusterConnectionError).
 */
class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort: () => void;

  constructor(
    timeoutMs: number,
    private readonly caller: AbortSignal | undefined,
    timeout: () => Error,
    aborted: (signal: AbortSignal) => Error,
  ) {
    this.timer = setTimeout(() => this.controller.abort(timeout()), timeoutMs);
    this.onCallerAbort = () => this.controller.abort(aborted(caller!));
    if (caller?.aborted) this.onCallerAbort();
    else caller?.addEventListener("abort", this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Throws the abort reason if the deadline or the caller has already ended the request. */
  check(): void {
    if (this.signal.aborted) throw this.signal.reason;
  }

  /** Waits for `p`, but no longer than the deadline. */
  race<T>(p: Promise<T>): Promise<T> {
    this.check();
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.signal.reason);
      this.signal.addEventListener("abort", onAbort, { once: true });
      p.then(resolve, reject).finally(() => this.signal.removeEventListener("abort", onAbort));
    });
  }

  clear(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener("abort", this.onCallerAbort);
  }
}

const headerList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const sameBytes = (a?: Buffer | string, b?: Buffer | string) =>
  a === b || (a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b)));

function sameTls(a: Credentials["tls"], b: Credentials["tls"]): boolean {
  return sameBytes(a.ca, b.ca) && sameBytes(a.cert, b.cert) && sameBytes(a.key, b.key) && a.rejectUnauthorized === b.rejectUnauthorized && a.servername === b.servername;
}
