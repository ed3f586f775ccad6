import type { Authorizer } from "../auth/attributes.js";
import { RbacAuthorizer } from "../auth/rbac-store.js";
import { SubjectAccessReviewAuthorizer } from "../auth/subject-access-review.js";
import type { Backend } from "./backend.js";
import type { Logger } from "./logger.js";

export interface AuthorizationOptions {
  /** With a real admin cluster: how long SubjectAccessReview decisions are reused (default 10 s). */
  authorizationTtlMs?: number;
}

/**
 * The admin cluster's RBAC decides: a real one through SubjectAccessReview; the embedded one by evaluating the Roles,
 * ClusterRoles and bindings it holds, as Kubernetes would.
 */
export async function createAuthorizer(backend: Backend, logger: Logger, options: AuthorizationOptions): Promise<{ authorizer: Authorizer; stop(): void }> {
  if (backend.kind === "kubernetes") return { authorizer: new SubjectAccessReviewAuthorizer(backend.admin, { ttlMs: options.authorizationTtlMs }), stop() {} };
  const rbac = new RbacAuthorizer(backend.admin, (message, error) => logger.warn(message, { error }));
  await rbac.start();
  return { authorizer: rbac, stop: () => rbac.stop() };
}
