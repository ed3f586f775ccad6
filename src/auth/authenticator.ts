import { createHash } from "node:crypto";
import type { PeerCertificate } from "node:tls";
import { missingCredentials } from "./errors.js";
import type { Identity } from "./identity.js";

/** What a request presents: a bearer token (HTTP header or graphql-ws connection_init) and/or a verified client certificate. */
export interface AuthRequest {
  bearerToken?: string;
  /** Only set when the TLS layer verified the certificate against --client-ca-file. */
  clientCertificate?: PeerCertificate;
}

/**
 * Answers who presented these credentials. Resolves undefined when it has nothing to say about them (e.g. no
 * certificate for a certificate authenticator); rejects with AuthenticationError when they are presented but invalid.
 */
export interface Authenticator {
  authenticate(request: AuthRequest): Promise<Identity | undefined>;
}

/** Tries each authenticator in order (as kube-apiserver's union authenticator); no answer from any of them is a 401. */
export function unionAuthenticator(authenticators: readonly Authenticator[]): { authenticate(request: AuthRequest): Promise<Identity> } {
  return {
    async authenticate(request) {
      for (const a of authenticators) {
        const identity = await a.authenticate(request);
        if (identity) return identity;
      }
      throw missingCredentials();
    },
  };
}

/** `Bearer <token>` -> token; anything else -> undefined. The scheme is case-insensitive (RFC 7235). */
export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return m?.[1];
}

/** Cache keys and logs never hold a token itself, only this digest. */
export const tokenDigest = (token: string) => createHash("sha256").update(token).digest("base64url");
