/**
 * What a client may conclude from two resourceVersions. Equality is always meaningful (the same version of an object,
 * or of a list). Order is part of the API only since Kubernetes 1.35 (KEP-5504): decimal integers, increasing within
 * one resource type, for every type kube-apiserver serves (built-in and CRDs); older kube-apiservers and the embedded
 * backend behave the same, while aggregated API servers may use any string. So order is answered only for two
 * canonical decimal integers of the same resource type, and otherwise is unknown (undefined): callers must then fall
 * back to equality. Within one watch the API guarantees order itself: events arrive in resourceVersion order and a
 * watch started at a version delivers only what came after it, so an informer never needs to compare at all.
 */
export function compareResourceVersions(a: string | undefined, b: string | undefined): -1 | 0 | 1 | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (a === b) return 0;
  if (!canonical.test(a) || !canonical.test(b)) return undefined;
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : 1;
}

/** True when `a` is known to be older than `b` (see compareResourceVersions); false when newer, equal or unknown. */
export function isOlderResourceVersion(a: string | undefined, b: string | undefined): boolean {
  return compareResourceVersions(a, b) === -1;
}

const canonical = /^(0|[1-9]\d*)$/;
