import type { KubeObject } from "../cluster/object.js";
import { KUBECONFIG_SECRET_KEY, KUBECONFIG_SECRET_TYPE } from "./kinds.js";
import { adminObjects } from "./registration-objects.js";

/** Gloo Federation's KubernetesCluster: a registered cluster, pointing at its kubeconfig Secret. */
export interface KubernetesClusterObject extends KubeObject {
  spec?: { secretName?: string; clusterDomain?: string; providerInfo?: unknown };
  status?: { namespace?: string; policyRules?: PolicyRule[]; status?: KubernetesClusterCondition[] };
}

/** An RBAC PolicyRule as Gloo Federation records it (proto JSON names: `nonResourceUrls`, not RBAC's `nonResourceURLs`). */
export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceUrls?: string[];
}

export interface KubernetesClusterCondition {
  state: "PENDING" | "PROCESSING" | "INVALID" | "FAILED" | "ACCEPTED";
  message?: string;
  /** int64 in Gloo Federation's CRD: a string is refused there. */
  observedGeneration?: number;
  processingTime?: string;
  owner?: string;
}

/** The kubeconfig text a Secret holds, or why it holds none. */
export function kubeconfigOf(secret: KubeObject | undefined, secretRef: string): { kubeconfig: string } | { error: string } {
  const fix = `create it with the cluster's kubeconfig (type ${KUBECONFIG_SECRET_TYPE}, key ${KUBECONFIG_SECRET_KEY})`;
  if (!secret) return { error: `Secret ${secretRef} not found: ${fix}` };
  if (secret.type !== KUBECONFIG_SECRET_TYPE) return { error: `Secret ${secretRef} has type ${String(secret.type)}, not ${KUBECONFIG_SECRET_TYPE}: ${fix}` };
  const data = (secret.data as Record<string, string> | undefined)?.[KUBECONFIG_SECRET_KEY];
  const text = data !== undefined ? Buffer.from(data, "base64").toString("utf8") : (secret.stringData as Record<string, string> | undefined)?.[KUBECONFIG_SECRET_KEY];
  if (!text) return { error: `Secret ${secretRef} has no key ${KUBECONFIG_SECRET_KEY}: ${fix}` };
  return { kubeconfig: text };
}

/** The kubeconfig Secret of a cluster, exactly as registration writes it. */
export function kubeconfigSecret(name: string, namespace: string, kubeconfig: string): KubeObject {
  return adminObjects({ cluster: name, federationNamespace: namespace, kubeconfig })[0].object;
}

/** The KubernetesCluster of a cluster, exactly as registration writes it. */
export function kubernetesClusterRecord(name: string, namespace: string, labels: Record<string, string> = {}): KubernetesClusterObject {
  return adminObjects({ cluster: name, federationNamespace: namespace, kubeconfig: "", clusterLabels: labels })[1].object;
}
