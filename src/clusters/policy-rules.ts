import type { ClusterClient } from "../cluster/client.js";
import type { KubeObject } from "../cluster/object.js";
import type { ResourceType } from "../cluster/resource-type.js";
import { withTimeout } from "./timeout.js";
import type { PolicyRule } from "./records.js";

const selfSubjectRulesReviews: ResourceType = {
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SelfSubjectRulesReview",
  plural: "selfsubjectrulesreviews",
  namespaced: false,
};

interface RulesReview extends KubeObject {
  status?: { resourceRules?: PolicyRule[]; nonResourceRules?: { verbs: string[]; nonResourceURLs?: string[] }[] };
}

/**
 * What a member cluster's credentials may do there, asked of that cluster (SelfSubjectRulesReview, which every
 * authenticated user may create): the rules Gloo Federation records as `status.policyRules` of a KubernetesCluster.
 * Cluster-wide rules are included in the answer for any namespace; namespace is where the registration lives.
 */
export async function grantedRules(client: ClusterClient, namespace: string, timeoutMs: number): Promise<PolicyRule[]> {
  const review = await withTimeout(
    client.create<RulesReview>(selfSubjectRulesReviews, {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectRulesReview",
      metadata: { name: "" },
      spec: { namespace },
    }),
    timeoutMs,
  );
  const nonResource = (review.status?.nonResourceRules ?? []).map(({ verbs, nonResourceURLs }) => ({ verbs, nonResourceUrls: nonResourceURLs }));
  return [...(review.status?.resourceRules ?? []), ...nonResource];
}
