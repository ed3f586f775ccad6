import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { bearerToken, type AuthRequest } from "../auth/authenticator.js";
import type { Identity } from "../auth/identity.js";

/** Who a request comes from; rejects with AuthenticationError (-> 401 / close 4401) when it cannot say. */
export interface RequestAuthenticator {
  authenticate(request: AuthRequest): Promise<Identity>;
}

/** Endpoints served without credentials, as a Kubernetes API server serves /livez and /readyz to anyone. */
export const defaultUnauthenticatedPaths: readonly string[] = ["/healthz", "/livez", "/readyz", "/metrics"];

/** The credentials of an HTTP request or WebSocket upgrade: its bearer token and a verified TLS client certificate. */
export function requestCredentials(req: IncomingMessage): AuthRequest {
  const socket = req.socket as Partial<TLSSocket>;
  const certificate = socket.authorized && socket.getPeerCertificate ? socket.getPeerCertificate() : undefined;
  const token = bearerToken(req.headers.authorization);
  return {
    ...(token !== undefined ? { bearerToken: token } : {}),
    ...(certificate && Object.keys(certificate).length ? { clientCertificate: certificate } : {}),
  };
}

/**
 * graphql-ws connection_init payload credentials: `{"Authorization": "Bearer <token>"}` (any key case), since browsers
 * cannot set headers on a WebSocket. They take precedence over the upgrade request's.
 */
export function connectionParamsCredentials(params: Readonly<Record<string, unknown>> | undefined, upgrade: AuthRequest): AuthRequest {
  const entry = Object.entries(params ?? {}).find(([k]) => k.toLowerCase() === "authorization");
  if (!entry) return upgrade;
  // A value that is not "Bearer <token>" is a bad credential, not an absent one.
  return { ...upgrade, bearerToken: bearerToken(String(entry[1])) ?? String(entry[1]) };
}
