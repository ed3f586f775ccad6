import type { ClusterClient } from "../cluster/client.js";
import { errorMessage } from "../cluster/errors.js";
import type { KubeObject } from "../cluster/object.js";
import type { ResourceType } from "../cluster/resource-type.js";
import { tokenDigest, type Authenticator } from "./authenticator.js";
import { AuthenticationError, invalidCredentials } from "./errors.js";
import { authenticatedIdentity, type Identity } from "./identity.js";
import { TtlCache } from "./ttl-cache.js";

export const tokenReviewType: ResourceType = { group: "authentication.k8s.io", version: "v1", kind: "TokenReview", plural: "tokenreviews", namespaced: false };

interface TokenReview extends KubeObject {
  spec: { token: string; audiences?: string[] };
  status?: { authenticated?: boolean; user?: { username?: string; uid?: string; groups?: string[] }; error?: string; audiences?: string[] };
}

export interface TokenReviewOptions {
  /** Audiences the token must be meant for (TokenReview spec.audiences); empty: the API server's own. */
  audiences?: readonly string[];
  /** How long an answer is reused (default 10 s; a revoked token works at most this long). */
  ttlMs?: number;
  /** Distinct tokens remembered (default 4096). */
  maxEntries?: number;
}

/**
 * Bearer tokens verified by the admin cluster (TokenReview), as kube-rbac-proxy does: ServiceAccount tokens and
 * whatever the API server accepts (OIDC, webhook). Answers, good and bad, are cached briefly under the token's digest.
 */
export class TokenReviewAuthenticator implements Authenticator {
  private readonly cache: TtlCache<Identity | string>;
  private readonly audiences: string[];

  constructor(
    private readonly admin: ClusterClient,
    options: TokenReviewOptions = {},
  ) {
    this.cache = new TtlCache(options.ttlMs ?? 10_000, options.maxEntries ?? 4096);
    this.audiences = [...(options.audiences ?? [])];
  }

  async authenticate(request: { bearerToken?: string }): Promise<Identity | undefined> {
    const token = request.bearerToken;
    if (token === undefined) return undefined;
    const key = tokenDigest(token);
    let answer = this.cache.get(key);
    if (answer === undefined) {
      answer = await this.review(token);
      this.cache.set(key, answer);
    }
    if (typeof answer === "string") throw invalidCredentials(answer);
    return answer;
  }

  private async review(token: string): Promise<Identity | string> {
    let review: TokenReview;
    try {
      review = await this.admin.create<TokenReview>(tokenReviewType, {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenReview",
        metadata: { name: "" },
        spec: { token, ...(this.audiences.length ? { audiences: this.audiences } : {}) },
      } as TokenReview);
    } catch (e) {
      // Not cached: the admin cluster being unreachable says nothing about the token.
      throw new AuthenticationError(`Unauthorized: the admin cluster could not review the token (${errorMessage(e)}); try again shortly.`);
    }
    const status = review.status ?? {};
    if (!status.authenticated || !status.user?.username) return "the admin cluster did not accept the token";
    if (this.audiences.length && !(status.audiences ?? []).some((a) => this.audiences.includes(a)))
      return `the token is not meant for ${this.audiences.join(", ")}`;
    return authenticatedIdentity(status.user.username, status.user.groups ?? [], status.user.uid);
  }
}
