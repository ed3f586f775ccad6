import { STATUS_CODES } from "node:http";
import { ApiError, ClusterConnectionError, type StatusReason } from "../errors.js";

/** Where a request went, for messages: never carries credentials. */
export interface Target {
  cluster: string;
  server: string;
}

/** The metav1.Status an API server sends with every failure (and in watch ERROR events). */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { field?: string; message?: string }[] };
}

// Reasons outside our vocabulary fold into the nearest one a caller can act on; the HTTP code is kept as sent.
const reasonAliases: Record<string, StatusReason> = {
  ServerTimeout: "Timeout",
  Expired: "Gone",
  ResourceExpired: "Gone",
  TooManyRequests: "ServiceUnavailable",
  MethodNotAllowed: "BadRequest",
  NotAcceptable: "BadRequest",
  UnsupportedMediaType: "BadRequest",
  RequestEntityTooLarge: "BadRequest",
};

const knownReasons = new Set<StatusReason>([
  "NotFound",
  "AlreadyExists",
  "Conflict",
  "Gone",
  "Invalid",
  "BadRequest",
  "Forbidden",
  "Unauthorized",
  "Timeout",
  "ServiceUnavailable",
  "InternalError",
]);

export function reasonForCode(code: number): StatusReason {
  switch (code) {
    case 400:
    case 405:
    case 406:
    case 413:
    case 415:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 422:
      return "Invalid";
    case 429:
    case 502:
    case 503:
      return "ServiceUnavailable";
    case 500:
      return "InternalError";
    case 504:
      return "Timeout";
    default:
      return "Unknown";
  }
}

export function reasonOf(status: KubeStatus, httpCode: number): StatusReason {
  const r = status.reason ?? "";
  if (knownReasons.has(r as StatusReason)) return r as StatusReason;
  return reasonAliases[r] ?? reasonForCode(status.code ?? httpCode);
}

export function isKubeStatus(body: unknown): body is KubeStatus {
  return typeof body === "object" && body !== null && (body as KubeStatus).kind === "Status";
}

/**
 * The server's own message is kept verbatim (fedplane shows it to users, e.g. RBAC denials); only answers that say
 * too little on their own get a hint about what to check.
 */
export function statusError(status: KubeStatus, httpCode: number, target: Target, resource?: string): ApiError {
  const code = status.code || httpCode;
  const reason = reasonOf(status, code);
  let message = status.message || STATUS_CODES[code] || `HTTP ${code}`;
  if (reason === "Unauthorized") {
    message = `${message}: cluster "${target.cluster}" (${target.server}) rejected the credentials; check the kubeconfig's token or client certificate (expired or revoked?)`;
  } else if (reason === "NotFound" && resource && !status.details?.name) {
    // A 404 without an object name means the resource type itself is not served, e.g. a CRD that is not installed.
    message = `${resource} is not served by cluster "${target.cluster}" (${target.server}): is its CustomResourceDefinition installed?`;
  }
  return new ApiError(reason, message, code);
}

/** An HTTP failure whose body may or may not be a Status (proxies and load balancers answer with anything). */
export function responseError(httpCode: number, body: string, target: Target, resource?: string): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (isKubeStatus(parsed)) return statusError(parsed, httpCode, target, resource);
  // Summarised by status code and reason only: the body of whatever a registered URL points at is never read back
  // to the caller (a registration must not turn fedplane into a proxy for internal services).
  const what = `${httpCode} ${STATUS_CODES[httpCode] ?? ""}`.trim();
  return statusError(
    { message: `cluster "${target.cluster}" (${target.server}) answered HTTP ${what}, not a Kubernetes API answer; is the server URL right?` },
    httpCode,
    target,
    resource,
  );
}

/** undici's names for transport failures, as the errno-like codes callers and messages use. */
const undiciCodes: Record<string, string> = {
  UND_ERR_SOCKET: "ECONNRESET",
  UND_ERR_CONNECT_TIMEOUT: "ETIMEDOUT",
  UND_ERR_HEADERS_TIMEOUT: "ETIMEDOUT",
  UND_ERR_BODY_TIMEOUT: "ETIMEDOUT",
};

const tlsCodes = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME|ALTNAME/;

/** Node transport failures (no HTTP answer at all), naming the cluster and what to check next. */
export function transportError(err: unknown, target: Target): ApiError | ClusterConnectionError {
  if (err instanceof ApiError || err instanceof ClusterConnectionError) return err;
  const e = err as NodeJS.ErrnoException;
  const code = undiciCodes[e?.code ?? ""] ?? (e?.code || "ECONNRESET");
  const where = `cluster "${target.cluster}" at ${target.server}`;
  const fail = (what: string) => new ClusterConnectionError(`${what} (${code})`.replace(/ \(\)$/, ""), code);
  switch (code) {
    case "ECONNREFUSED":
      return fail(`cannot reach ${where}: connection refused; check that its API server is running and that the kubeconfig's server URL is right`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return fail(`cannot reach ${where}: its host name does not resolve; check the kubeconfig's server URL and DNS`);
    case "ETIMEDOUT":
    case "ENETUNREACH":
    case "EHOSTUNREACH":
      return fail(`cannot reach ${where}; check the network path (firewall, VPN) to the API server`);
    case "ECONNRESET":
    case "EPIPE":
      return fail(`connection to ${where} was reset; the API server may be restarting or a proxy dropped the connection`);
  }
  if (tlsCodes.test(code) || /certificate|TLS|SSL/i.test(e?.message ?? "")) {
    return fail(
      `TLS handshake with ${where} failed: ${e.message}; check the kubeconfig's certificate-authority-data, tls-server-name and client certificate`,
    );
  }
  return fail(`request to ${where} failed: ${e?.message || String(err)}`);
}
