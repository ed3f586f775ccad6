/**
 * The Kubernetes API's failure vocabulary (metav1.Status reasons). Both backends throw these, so callers branch on
 * `reason`, never on backend-specific error types.
 */
export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Gone"
  | "Invalid"
  | "BadRequest"
  | "Forbidden"
  | "Unauthorized"
  | "Timeout"
  | "ServiceUnavailable"
  | "InternalError"
  | "Unknown";

const codes: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Invalid: 422,
  BadRequest: 400,
  Forbidden: 403,
  Unauthorized: 401,
  Timeout: 504,
  ServiceUnavailable: 503,
  InternalError: 500,
  Unknown: 500,
};

export class ApiError extends Error {
  readonly code: number;
  constructor(
    readonly reason: StatusReason,
    message: string,
    code?: number,
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code ?? codes[reason];
  }
}

/**
 * The cluster could not be reached or did not answer in time: no API server verdict. Deliberately not an ApiError, so
 * callers tell "unreachable, retry later" from "the server refused". `code` is errno-like (ECONNREFUSED, ETIMEDOUT,
 * ECONNRESET, a TLS code); the message names the cluster (and for real clusters its server URL, never credentials)
 * and what to check.
 */
export class ClusterConnectionError extends Error {
  override readonly name = "ClusterConnectionError";
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export const isApiError = (e: unknown, reason?: StatusReason): e is ApiError =>
  e instanceof ApiError && (reason === undefined || e.reason === reason);
export const isNotFound = (e: unknown) => isApiError(e, "NotFound");
export const isAlreadyExists = (e: unknown) => isApiError(e, "AlreadyExists");
export const isConflict = (e: unknown) => isApiError(e, "Conflict");
export const isGone = (e: unknown) => isApiError(e, "Gone");

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The caller gave up on a call (its AbortSignal fired) before the cluster answered: no server verdict, so a
 * ClusterConnectionError like any other unanswered call. A deadline (AbortSignal.timeout, a TimeoutError reason) is
 * ETIMEDOUT; any other abort is ABORT_ERR. The signal's reason is kept as `cause`.
 */
export function abortedCallError(signal: AbortSignal, what: string): ClusterConnectionError {
  const reason: unknown = signal.reason;
  const timedOut = reason instanceof Error && reason.name === "TimeoutError";
  const err = timedOut
    ? new ClusterConnectionError(`${what}: the caller's deadline passed before the cluster answered (ETIMEDOUT)`, "ETIMEDOUT")
    : new ClusterConnectionError(`${what}: cancelled by the caller before the cluster answered (ABORT_ERR)`, "ABORT_ERR");
  (err as { cause?: unknown }).cause = reason;
  return err;
}
