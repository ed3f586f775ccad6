import type { ClusterClient } from "../cluster/client.js";
import { errorMessage } from "../cluster/errors.js";
import type { KubeObject } from "../cluster/object.js";
import type { ResourceType } from "../cluster/resource-type.js";
import type { Authorizer, Decision, ResourceAttributes } from "./attributes.js";
import type { Identity } from "./identity.js";
import { TtlCache } from "./ttl-cache.js";

export const subjectAccessReviewType: ResourceType = {
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SubjectAccessReview",
  plural: "subjectaccessreviews",
  namespaced: false,
};

interface SubjectAccessReview extends KubeObject {
  status?: { allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string };
}

export interface SubjectAccessReviewOptions {
  /** How long a decision is reused (default 10 s): a revoked right works at most this long. */
  ttlMs?: number;
  maxEntries?: number;
}

/**
 * The admin cluster decides (SubjectAccessReview), as kube-rbac-proxy asks it: so fedplane's GraphQL API and kubectl
 * obey the same RBAC. Decisions are cached briefly per identity and question; failures to ask are not cached and deny.
 */
export class SubjectAccessReviewAuthorizer implements Authorizer {
  private readonly cache: TtlCache<Decision>;

  constructor(
    private readonly admin: ClusterClient,
    options: SubjectAccessReviewOptions = {},
  ) {
    this.cache = new TtlCache(options.ttlMs ?? 10_000, options.maxEntries ?? 8192);
  }

  async authorize(identity: Identity, a: ResourceAttributes): Promise<Decision> {
    const key = JSON.stringify([identity.user, identity.uid ?? "", [...identity.groups].sort(), a.verb, a.group, a.resource, a.namespace ?? "", a.name ?? ""]);
    const cached = this.cache.get(key);
    if (cached) return cached;
    let review: SubjectAccessReview;
    try {
      review = await this.admin.create<SubjectAccessReview>(subjectAccessReviewType, {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SubjectAccessReview",
        metadata: { name: "" },
        spec: {
          user: identity.user,
          groups: identity.groups,
          ...(identity.uid ? { uid: identity.uid } : {}),
          resourceAttributes: { verb: a.verb, group: a.group, resource: a.resource, ...(a.namespace ? { namespace: a.namespace } : {}), ...(a.name ? { name: a.name } : {}) },
        },
      });
    } catch (e) {
      return { allowed: false, reason: `the admin cluster could not be asked (${errorMessage(e)}); try again shortly` };
    }
    const status = review.status ?? {};
    const decision: Decision = { allowed: status.allowed === true && status.denied !== true, ...(status.reason ? { reason: status.reason } : {}) };
    this.cache.set(key, decision);
    return decision;
  }
}
