import { unionAuthenticator, type Authenticator } from "../auth/authenticator.js";
import { adminIdentity, loadOrCreateAdminToken } from "../auth/admin-token.js";
import { clientCertificateAuthenticator } from "../auth/client-certificate.js";
import { loadTokenFile, StaticTokenAuthenticator } from "../auth/static-tokens.js";
import { TokenReviewAuthenticator } from "../auth/token-review.js";
import type { RequestAuthenticator } from "../http/authenticate.js";
import type { Backend } from "./backend.js";

export interface AuthenticationOptions {
  /** kube-apiserver's static token file format: `token,user,uid,"group1,group2"`. */
  tokenAuthFile?: string;
  /** With a real admin cluster: audiences TokenReview checks tokens for. */
  tokenReviewAudiences?: string[];
  /** How long TokenReview answers are reused (default 10 s). */
  tokenReviewTtlMs?: number;
}

export interface Authentication {
  authenticator: RequestAuthenticator;
  /** Embedded default: the administrator's token (in system:masters) and where it is kept. */
  admin?: { token: string; file?: string; created: boolean };
}

/**
 * Who may call: TLS client certificates (when the server verifies them), static tokens (the embedded admin token and
 * --token-auth-file), and with a real admin cluster any token its TokenReview accepts.
 */
export function createAuthentication(backend: Backend, dataDir: string | undefined, options: AuthenticationOptions): Authentication {
  const authenticators: Authenticator[] = [clientCertificateAuthenticator];
  const fileTokens = options.tokenAuthFile ? loadTokenFile(options.tokenAuthFile) : [];
  const admin = backend.kind === "embedded" ? loadOrCreateAdminToken(dataDir) : undefined;
  const staticTokens = [...(admin ? [{ token: admin.token, identity: adminIdentity }] : []), ...fileTokens];
  if (backend.kind === "kubernetes") {
    const review = new TokenReviewAuthenticator(backend.admin, { audiences: options.tokenReviewAudiences, ttlMs: options.tokenReviewTtlMs });
    // A static token is tried first; any other token goes to the admin cluster.
    const known = new StaticTokenAuthenticator(staticTokens);
    authenticators.push({
      authenticate: async (request) => (await known.authenticate(request).catch(() => undefined)) ?? review.authenticate(request),
    });
  } else authenticators.push(new StaticTokenAuthenticator(staticTokens));
  return { authenticator: unionAuthenticator(authenticators), ...(admin ? { admin } : {}) };
}
