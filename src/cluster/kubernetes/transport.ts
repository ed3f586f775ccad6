import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
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
  tls: Pick<AppliedOptions, "ca" | "cert" | "key">;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
  /** Names the resource type in "not served" (missing CRD) messages. */
  resource?: string;
  /** Aborting destroys the request's socket: whatever the server had not yet received is never written. */
  signal?: AbortSignal;
  /** The answer's Warning headers (code 299 texts) are appended here. */
  warnings?: string[];
}

// Idle keep-alive connections are closed by us before kube-apiserver's own idle timeout (90 s) can race a reuse.
const FREE_SOCKET_TIMEOUT_MS = 45_000;
const USER_AGENT = "fedplane";

/**
 * HTTP to one API server over connections that are kept alive and reused: TLS is set up once per connection, not
 * per request (client-node 1.4 builds a fresh https.Agent, hence a new TLS handshake, for every call). Credentials
 * come from the cluster's own KubeConfig: read once for static ones (token, client certificate, basic), per request
 * for plugins that refresh (exec, OIDC, token files), which cache internally.
 */
export class Transport {
  readonly target: Target;
  private readonly base: URL;
  private readonly secure: boolean;
  private readonly dynamicAuth: boolean;
  private credentials?: Promise<Credentials>;
  private agent?: http.Agent;
  private streamAgent?: http.Agent;
  private agentTls?: Credentials["tls"];
  private tlsOptions: Pick<AppliedOptions, "rejectUnauthorized" | "servername"> = {};
  private closed = false;

  constructor(
    private readonly kc: KubeConfig,
    clusterName: string,
    private readonly options: TransportOptions,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new ApiError("Invalid", `cluster "${clusterName}": its kubeconfig has no current cluster`);
    this.base = new URL(cluster.server);
    this.secure = this.base.protocol === "https:";
    this.target = { cluster: clusterName, server: this.base.origin + this.base.pathname.replace(/\/$/, "") };
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

  /** Any HTTP answer, failures included; only transport failures reject. */
  async exchange(method: string, path: string, options: RequestOptions = {}): Promise<{ status: number; text: string }> {
    const { signal } = options;
    const what = `${method} ${path} on cluster "${this.target.cluster}"`;
    if (signal?.aborted) throw abortedCallError(signal, what);
    const creds = await this.resolveCredentials();
    if (signal?.aborted) throw abortedCallError(signal, what);
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string> = { ...creds.headers, Accept: "application/json" };
    if (body) {
      headers["Content-Type"] = options.contentType ?? "application/json";
      headers["Content-Length"] = String(body.length);
    }
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
    return this.send(method, path, headers, body, timeoutMs, options, true);
  }

  private send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
    timeoutMs: number,
    options: RequestOptions,
    mayRetry: boolean,
  ): Promise<{ status: number; text: string }> {
    const { signal } = options;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortedCallError(signal, `${method} ${path} on cluster "${this.target.cluster}"`));
        return;
      }
      let req: http.ClientRequest;
      try {
        req = this.newRequest(method, path, headers, this.pooledAgent());
      } catch (e) {
        // Unusable TLS material from a kubeconfig file (read at connect time) throws here, before any request exists.
        reject(transportError(e, this.target));
        return;
      }
      const timer = setTimeout(() => req.destroy(this.timeoutError(method, path, timeoutMs)), timeoutMs);
      const onAbort = () => req.destroy(abortedCallError(signal!, `${method} ${path} on cluster "${this.target.cluster}"`));
      signal?.addEventListener("abort", onAbort, { once: true });
      let answered = false;
      let settled = false;
      const done = () => {
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const fail = (err: unknown) => {
        if (settled) return;
        done();
        reject(transportError(err, this.target));
      };
      req.on("response", (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          if (settled) return;
          done();
          if (options.warnings) options.warnings.push(...parseWarningHeaders(headerValues(res.rawHeaders, "warning")));
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
        });
        // A body cut off (or timed out) half-way: the request may not report it, the response always closes.
        res.on("error", () => undefined);
        res.on("close", () => {
          if (!res.complete) fail((req as { errored?: Error }).errored ?? Object.assign(new Error("answer cut off"), { code: "ECONNRESET" }));
        });
      });
      req.on("error", (err: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed just as we reused it: the request never reached it, so resend once.
        if (!settled && mayRetry && !answered && req.reusedSocket && (err.code === "ECONNRESET" || err.code === "EPIPE")) {
          done();
          this.send(method, path, headers, body, timeoutMs, options, false).then(resolve, reject);
          return;
        }
        fail(err);
      });
      req.end(body);
    });
  }

  /** Opens a long-lived GET (a watch) on its own connection; the caller owns the returned request. */
  async stream(path: string): Promise<http.ClientRequest> {
    const creds = await this.resolveCredentials();
    if (!this.streamAgent) this.streamAgent = this.newAgent(Infinity);
    return this.newRequest("GET", path, { ...creds.headers, Accept: "application/json" }, this.streamAgent);
  }

  timeoutError(method: string, path: string, timeoutMs: number): ClusterConnectionError {
    return new ClusterConnectionError(
      `${method} ${path} on cluster "${this.target.cluster}" (${this.target.server}) got no answer within ${timeoutMs / 1000}s; check that the API server is up and responsive (its /readyz) (ETIMEDOUT)`,
      "ETIMEDOUT",
    );
  }

  private closedError(): ClusterConnectionError {
    return new ClusterConnectionError(`the client of cluster "${this.target.cluster}" is closed`, "ECONNABORTED");
  }

  close(): void {
    this.closed = true;
    this.agent?.destroy();
    this.streamAgent?.destroy();
  }

  private newRequest(method: string, path: string, headers: Record<string, string>, agent: http.Agent): http.ClientRequest {
    if (this.closed) throw this.closedError();
    const options: http.RequestOptions = {
      agent,
      method,
      protocol: this.base.protocol,
      hostname: this.base.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: this.base.port || (this.secure ? 443 : 80),
      path: this.base.pathname.replace(/\/$/, "") + path,
      headers: { "User-Agent": USER_AGENT, ...headers },
    };
    return this.secure ? https.request(options) : http.request(options);
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
      await this.kc.applyToHTTPSOptions(opts as https.RequestOptions);
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
    const creds: Credentials = { headers, tls: { ca: opts.ca, cert: opts.cert, key: opts.key } };
    this.tlsOptions = { rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername };
    if (this.agentTls && !sameTls(this.agentTls, creds.tls)) {
      // An exec plugin rotated the client certificate: new connections must present the new one.
      this.agent = undefined;
      this.streamAgent = undefined;
    }
    this.agentTls = creds.tls;
    return creds;
  }

  private pooledAgent(): http.Agent {
    if (!this.agent) this.agent = this.newAgent(this.options.maxSockets);
    return this.agent;
  }

  private newAgent(maxSockets: number): http.Agent {
    const common = { keepAlive: true, keepAliveMsecs: 15_000, maxSockets, maxFreeSockets: 64, scheduling: "lifo" as const };
    if (!this.secure) return new http.Agent({ ...common, timeout: FREE_SOCKET_TIMEOUT_MS });
    return new https.Agent({
      ...common,
      timeout: FREE_SOCKET_TIMEOUT_MS,
      ...this.agentTls,
      ...(this.tlsOptions.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: this.tlsOptions.rejectUnauthorized }),
      ...(this.tlsOptions.servername ? { servername: this.tlsOptions.servername } : {}),
    });
  }
}

/** Every value of one header, each on its own (Node joins repeated unknown headers with ", ", which splits quoted text). */
function headerValues(rawHeaders: string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === name) values.push(rawHeaders[i + 1]);
  return values;
}

const sameBytes = (a?: Buffer | string, b?: Buffer | string) =>
  a === b || (a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b)));

function sameTls(a: Credentials["tls"], b: Credentials["tls"]): boolean {
  return sameBytes(a.ca, b.ca) && sameBytes(a.cert, b.cert) && sameBytes(a.key, b.key);
}
