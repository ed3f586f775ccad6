import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "../app/logger.js";
import { formatError } from "../graphql/errors.js";
import { AuthenticationError } from "../auth/errors.js";
import { anonymous, type Identity } from "../auth/identity.js";
import { defaultUnauthenticatedPaths, requestCredentials, type RequestAuthenticator } from "./authenticate.js";
import { checkBodySize, checkJsonDepth, readBody, RequestRejected } from "./body.js";
import { consoleFiles } from "./console.js";
import { hostAllowed, isLoopback } from "./hosts.js";
import { defaultLimits, validationRules, type Limits } from "./limits.js";
import { playground, wantsHtml, type PlaygroundTab } from "./playground.js";
import { sendError, sendJson } from "./respond.js";
import { attachWebSocket } from "./websocket.js";

export const GRAPHQL_PATH = "/graphql";

export interface Readiness {
  ready: boolean;
  /** What is not ready yet, for /readyz. */
  waitingFor?: string[];
}

export interface ServerOptions<C> {
  schema: GraphQLSchema;
  /** Default 127.0.0.1: the API is reachable from this machine only unless asked otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logger: Logger;
  /** Every GraphQL request (HTTP and WebSocket) is authenticated by it; nothing is served to an unknown caller. */
  authenticator: RequestAuthenticator;
  /** Served without credentials (default /healthz, /livez, /readyz, /metrics). */
  unauthenticatedPaths?: readonly string[];
  /**
   * A request's context (the caller's identity, services, per-request DataLoaders). `live` is set for subscriptions,
   * whose context lives as long as the subscription and so must not cache reads.
   */
  context(identity: Identity, options: { live: boolean }): C;
  readiness?(): Readiness;
  /** HTTPS and WSS with this certificate and key (PEM files); with clientCaFile, client certificates are verified too. */
  tls?: TlsFiles;
  /** Host names (besides the bound address) the Host header may name, e.g. a DNS name of the bound address. */
  allowedHosts?: readonly string[];
  /** Allow plain HTTP on an address other machines can reach (a trusted network only). */
  insecureAllowHttp?: boolean;
  limits?: Partial<Limits>;
  playgroundTabs?: readonly PlaygroundTab[];
  /** The built web console (dist/console), served at / and /assets/; omitted: / is the playground. */
  consoleDir?: string;
  /** Served at /metrics (Prometheus text format), without authentication like /healthz; omitted: no /metrics. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** More Apollo plugins (e.g. metrics of GraphQL operations). */
  plugins?: ApolloServerPlugin[];
}

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  /** Client certificates signed by these CAs authenticate (CN = user, O = groups); others are not asked for. */
  clientCaFile?: string;
}

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new Error(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function createNodeServer(tls: TlsFiles | undefined, listener: RequestListener): Server {
  const timeouts = { requestTimeout: 120_000, headersTimeout: 30_000 };
  if (!tls) return createServer(timeouts, listener);
  try {
    return createHttpsServer(
      {
        ...timeouts,
        cert: readPem(tls.certFile, "--tls-cert-file"),
        key: readPem(tls.keyFile, "--tls-private-key-file"),
        ...(tls.clientCaFile ? { ca: readPem(tls.clientCaFile, "--client-ca-file"), requestCert: true, rejectUnauthorized: false } : {}),
      },
      listener,
    );
  } catch (e) {
    if ((e as Error).message.startsWith("--")) throw e;
    throw new Error(`--tls-cert-file/--tls-private-key-file: not a usable PEM certificate and key (${(e as Error).message})`);
  }
}

/** Headers on every answer: no MIME sniffing, never framed by another site (clickjacking). */
const SAFETY_HEADERS: Record<string, string> = { "x-content-type-options": "nosniff", "x-frame-options": "DENY", "content-security-policy": "frame-ancestors 'none'" };

export interface RunningServer {
  /** e.g. http://127.0.0.1:4000/graphql */
  readonly url: string;
  readonly wsUrl: string;
  readonly host: string;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish (bounded by drainTimeoutMs), closes WebSockets. */
  stop(): Promise<void>;
}

/** The GraphQL server: Apollo over HTTP and graphql-ws over WebSocket on one port and path, plus health endpoints. */
export async function startServer<C extends object>(options: ServerOptions<C>): Promise<RunningServer> {
  const limits: Limits = { ...defaultLimits, ...options.limits };
  const host = options.host ?? "127.0.0.1";
  const { logger, schema } = options;
  const { authenticator } = options;
  const openPaths = new Set(options.unauthenticatedPaths ?? defaultUnauthenticatedPaths);
  const rules = validationRules(limits);
  const servePlayground = playground(options.playgroundTabs ?? []);
  const serveConsole = options.consoleDir ? consoleFiles(options.consoleDir) : undefined;
  let stopping = false;

  if (!isLoopback(host) && !options.tls && !options.insecureAllowHttp) {
    throw new Error(
      `${host} can be reached from other machines: serve it over TLS (--tls-cert-file and --tls-private-key-file), ` +
        "or accept plain HTTP on a trusted network with --insecure-allow-http",
    );
  }
  const allowedHosts = options.allowedHosts ?? [];
  const httpServer = createNodeServer(options.tls, (req, res) => {
    for (const [k, v] of Object.entries(SAFETY_HEADERS)) res.setHeader(k, v);
    route(req, res).catch((err) => {
      logger.error("request failed", { method: req.method, url: req.url, error: err });
      if (!res.headersSent) sendError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error; the fedplane server log has the details.");
      else res.destroy();
    });
  });

  const ws = attachWebSocket({
    server: httpServer,
    path: GRAPHQL_PATH,
    boundHost: host,
    allowedHosts,
    schema,
    rules,
    limits,
    authenticator,
    context: options.context,
    logger,
  });

  const closeWebSockets: ApolloServerPlugin = {
    async serverWillStart() {
      return { drainServer: () => ws.close() };
    },
  };
  const apollo = new ApolloServer<C>({
    schema,
    logger: apolloLogger(logger),
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    introspection: true,
    stopOnTerminationSignals: false, // the CLI owns signals and stops the whole app in order
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: rules,
    formatError: (formatted, error) => formatError(formatted, error, logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: limits.drainTimeoutMs }),
      closeWebSockets,
      ApolloServerPluginLandingPageDisabled(), // the offline playground replaces Apollo's CDN-loaded page
      // No cache hints are used, and Apollo's default cache-control plugin hooks every field resolution (it halved the
      // throughput of large queries, see bench/FINDINGS.md); the `cache-control: no-store` it sent is set below instead.
      ApolloServerPluginCacheControlDisabled(),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (!hostAllowed(req, host, allowedHosts)) {
      return sendError(res, 403, "FORBIDDEN", `Host ${req.headers.host} is not served here; use http://127.0.0.1 or http://localhost.`);
    }
    // Pages carry no data (they ask for a token and send it with each request); everything else needs credentials
    // unless configured open, like a Kubernetes API server's health endpoints.
    const consoleFile = !!serveConsole && ((path === "/" && wantsHtml(req)) || path.startsWith("/assets/"));
    const page = consoleFile || ((path === "/" || path === GRAPHQL_PATH) && wantsHtml(req));
    const open = page || openPaths.has(path);
    const identity = open ? anonymous : await authenticate(req, res);
    if (!identity) return;
    if (path === "/healthz" || path === "/livez") return sendJson(res, 200, { status: "ok" });
    if (path === "/readyz") {
      const readiness = stopping ? { ready: false, waitingFor: ["shutting down"] } : (options.readiness?.() ?? { ready: true });
      return sendJson(res, readiness.ready ? 200 : 503, { status: readiness.ready ? "ready" : "not ready", ...readiness });
    }
    if (path === "/metrics" && options.metrics) {
      const { contentType, body } = await options.metrics();
      res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
      return void res.end(body);
    }
    if (consoleFile) return serveConsole!(req, res, path);
    if (page) return servePlayground(req, res);
    if (path === GRAPHQL_PATH) return serveGraphQL(req, res, identity);
    return sendError(res, 404, "NOT_FOUND", `Nothing at ${path}; the GraphQL API is at ${GRAPHQL_PATH}.`);
  }

  /** The caller, or undefined once a 401 has been sent (and the connection is closed: the body is not read). */
  async function authenticate(req: IncomingMessage, res: ServerResponse): Promise<Identity | undefined> {
    try {
      return await authenticator.authenticate(requestCredentials(req));
    } catch (e) {
      if (!(e instanceof AuthenticationError)) throw e;
      sendError(res, 401, e.code, e.message, { "www-authenticate": 'Bearer realm="fedplane"', connection: "close" });
      req.resume(); // drop any body unread, so the client reads the 401 rather than a reset
      return undefined;
    }
  }

  async function serveGraphQL(req: IncomingMessage, res: ServerResponse, identity: Identity): Promise<void> {
    let parsed: unknown;
    try {
      const body = await readBody(req, limits);
      parsed = parseBody(body, String(req.headers["content-type"] ?? ""));
      checkBodySize(body.length, parsed, limits);
    } catch (e) {
      if (!(e instanceof RequestRejected)) throw e;
      return sendError(res, e.status, e.code, e.message, e.status === 413 ? { connection: "close" } : {});
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search: new URL(req.url ?? "/", "http://x").search, body: parsed },
      context: async () => options.context(identity, { live: false }),
    });
    res.statusCode = response.status ?? 200;
    res.setHeader("cache-control", "no-store");
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  const wanted = options.port ?? 4000;
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(wanted, host, () => {
        httpServer.off("error", reject);
        resolve();
      });
    });
  } catch (e) {
    await apollo.stop();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new Error(`port ${wanted} on ${host} is in use: stop what uses it, or pick another port with --port (or PORT)`);
    if (code === "EADDRNOTAVAIL") throw new Error(`${host} is not an address of this machine: pick another with --host`);
    if (code === "EACCES") throw new Error(`not allowed to listen on port ${wanted}: pick a port above 1023 with --port`);
    throw e;
  }
  const port = (httpServer.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  if (!isLoopback(host) && !options.tls) logger.warn("the GraphQL API is reachable from other machines over plain HTTP (--insecure-allow-http): tokens cross the network unencrypted", { host });
  const scheme = options.tls ? "https" : "http";

  return {
    url: `${scheme}://${urlHost}:${port}${GRAPHQL_PATH}`,
    wsUrl: `${options.tls ? "wss" : "ws"}://${urlHost}:${port}${GRAPHQL_PATH}`,
    host,
    port,
    async stop() {
      if (stopping) return;
      stopping = true;
      await apollo.stop();
    },
  };
}

function parseBody(body: Buffer, contentType: string): unknown {
  if (body.length === 0) return undefined;
  const text = body.toString("utf8");
  if (!/json/i.test(contentType)) return text; // Apollo answers non-JSON POSTs itself (CSRF and content-type checks)
  try {
    const parsed: unknown = JSON.parse(text);
    checkJsonDepth(parsed, "request body");
    return parsed;
  } catch (e) {
    if (e instanceof RequestRejected) throw e;
    throw new RequestRejected(400, "BAD_REQUEST", `Request body is not valid JSON: ${(e as Error).message}`);
  }
}

function apolloLogger(logger: Logger) {
  const log = logger.child({ component: "apollo" });
  return {
    debug: (m: string) => log.debug(m),
    info: (m: string) => log.info(m),
    warn: (m: string) => log.warn(m),
    error: (m: string) => log.error(m),
  };
}
