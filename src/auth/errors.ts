/**
 * Authentication failed or was missing: HTTP 401, GraphQL code UNAUTHENTICATED, WebSocket close 4401. The message
 * says what to send; it never repeats the credential.
 */
export class AuthenticationError extends Error {
  readonly code = "UNAUTHENTICATED";
  constructor(message: string) {
    super(message);
    this.name = "AuthenticationError";
  }
}

/** The caller is known but may not do this: HTTP 403, GraphQL code FORBIDDEN, WebSocket close 4403. */
export class AuthorizationError extends Error {
  readonly code = "FORBIDDEN";
  constructor(message: string) {
    super(message);
    this.name = "AuthorizationError";
  }
}

export const missingCredentials = () =>
  new AuthenticationError(
    "Unauthorized: no credentials. Send `Authorization: Bearer <token>` (the CLI: --token or FEDPLANE_TOKEN; the embedded " +
      "server's admin token is in <data-dir>/admin-token).",
  );

export const invalidCredentials = (why = "the token is not valid") =>
  new AuthenticationError(`Unauthorized: ${why}. Check the token (--token, FEDPLANE_TOKEN) or get a new one.`);
