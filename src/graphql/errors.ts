import { randomUUID } from "node:crypto";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { isApiError, type StatusReason } from "../cluster/errors.js";
import { redactText, type Logger } from "../app/logger.js";

/** The codes fedplane puts in `extensions.code`, besides graphql-js/Apollo's own (GRAPHQL_PARSE_FAILED, ...). */
export const errorCodes = ["BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "UNAUTHENTICATED", "FORBIDDEN", "UNAVAILABLE", "INTERNAL_SERVER_ERROR"] as const;
export type ErrorCode = (typeof errorCodes)[number];

export function apiError(code: ErrorCode, message: string, extra: { field?: string } = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(extra.field ? { field: extra.field } : {}) } });
}

export const badInput = (field: string, message: string) => apiError("BAD_USER_INPUT", message, { field });
export const notFound = (message: string) => apiError("NOT_FOUND", message);

const reasonCodes: Partial<Record<StatusReason, ErrorCode>> = {
  NotFound: "NOT_FOUND",
  AlreadyExists: "CONFLICT",
  Conflict: "CONFLICT",
  Invalid: "BAD_USER_INPUT",
  BadRequest: "BAD_USER_INPUT",
  Forbidden: "FORBIDDEN",
  Unauthorized: "FORBIDDEN",
  Timeout: "UNAVAILABLE",
  ServiceUnavailable: "UNAVAILABLE",
};

// Codes the GraphQL layer itself produces for a bad request; they pass through untouched.
const protocolCodes = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

/** A domain error (federation, clusters, health) carries one of our codes and optionally the field it is about. */
function domainCode(e: unknown): { code: ErrorCode; field?: string } | undefined {
  if (!(e instanceof Error)) return undefined;
  const { code, field } = e as Error & { code?: unknown; field?: unknown };
  if (typeof code !== "string" || !(errorCodes as readonly string[]).includes(code)) return undefined;
  return { code: code as ErrorCode, ...(typeof field === "string" ? { field } : {}) };
}

/**
 * Turns whatever a resolver threw into what a client may see: our code and message for errors we understand, a
 * generic message and an error id for anything else (the details go to the server log, credentials removed).
 * Never a stack trace.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  const code = formatted.extensions?.code;

  if (code === "GRAPHQL_VALIDATION_FAILED" && /limit of \d+ exceeded/.test(formatted.message)) {
    // graphql-armor labels its limits "Syntax Error", which they are not
    return { ...base, message: formatted.message.replace(/^Syntax Error: /, ""), extensions: { code } };
  }
  if (original instanceof GraphQLError && typeof original.extensions?.code === "string") {
    return { ...base, message: redactText(original.message), extensions: pickExtensions(original.extensions) };
  }
  const domain = domainCode(original);
  if (domain) return { ...base, message: redactText((original as Error).message), extensions: { ...domain } };
  if (isApiError(original)) {
    const mapped = reasonCodes[original.reason];
    if (mapped) return { ...base, message: redactText(original.message), extensions: { code: mapped } };
  }
  if (typeof code === "string" && protocolCodes.has(code) && !(original instanceof Error && !(original instanceof GraphQLError))) {
    return { ...base, extensions: { code } };
  }
  const errorId = randomUUID().slice(0, 8);
  logger.error("unexpected error in a GraphQL request", { errorId, path: formatted.path?.join("."), error: original });
  return {
    ...base,
    message: `Internal server error (error id ${errorId}); the fedplane server log has the details.`,
    extensions: { code: "INTERNAL_SERVER_ERROR", errorId },
  };
}

function pickExtensions(ext: Record<string, unknown>): Record<string, unknown> {
  const { code, field } = ext;
  return { code, ...(typeof field === "string" ? { field } : {}) };
}
