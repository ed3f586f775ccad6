import { errorMessage, isApiError } from "../cluster/errors.js";

export type FederationErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "UNAVAILABLE";

/** A failure the caller can act on: a code (what kind of failure), the field it is about, and what to do next. */
export class FederationError extends Error {
  constructor(
    readonly code: FederationErrorCode,
    message: string,
    /** The input field, e.g. "spec.placement.clusters[1]" or "document 2: metadata.name". */
    readonly field?: string,
  ) {
    super(message);
    this.name = "FederationError";
  }
}

export const badInput = (field: string, reason: string) => new FederationError("BAD_USER_INPUT", `${field}: ${reason}`, field);

/** An API server's failure in the caller's terms. */
export function fromApiError(e: unknown, what: string): FederationError {
  if (e instanceof FederationError) return e;
  const message = `${what}: ${errorMessage(e)}`;
  if (isApiError(e, "NotFound")) return new FederationError("NOT_FOUND", message);
  if (isApiError(e, "Conflict") || isApiError(e, "AlreadyExists")) return new FederationError("CONFLICT", message);
  if (isApiError(e, "Invalid") || isApiError(e, "BadRequest")) return new FederationError("BAD_USER_INPUT", message);
  if (isApiError(e, "Forbidden") || isApiError(e, "Unauthorized")) return new FederationError("FORBIDDEN", message);
  return new FederationError("UNAVAILABLE", `${message} (the admin cluster did not answer; try again)`);
}
