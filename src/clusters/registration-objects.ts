import type { KubeObject } from "../cluster/object.js";
import { apiVersionOf, core, type ResourceType } from "../cluster/resource-type.js";
import { stringify } from "yaml";
import { KUBECONFIG_SECRET_KEY, KUBECONFIG_SECRET_TYPE, kubernetesClusterType } from "./kinds.js";

/** The objects `glooctl cluster register` creates, built as pure values so register/deregister agree on every name. */

export const rbac = {
  clusterRoles: { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", namespaced: false },
  clusterRoleBindings: {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    kind: "ClusterRoleBinding",
    plural: "clusterrolebindings",
    namespaced: false,
  },
} as const satisfies Record<string, ResourceType>;

export const CLUSTER_ROLE_NAME = "gloo-federation-controller";
export const REGISTERED_CLUSTER_LABEL = "fedplane.io/registered-cluster";
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "fedplane";
/** On the kubeconfig Secret when its token expires (TokenRequest tokens are bounded; token-controller tokens are not). */
export const TOKEN_EXPIRES_ANNOTATION = "fedplane.io/token-expires-at";
export const SA_TOKEN_SECRET_TYPE = "kubernetes.io/service-account-token";

export interface RegisteredObject {
  type: ResourceType;
  object: KubeObject;
}

const labels = (cluster: string) => ({ [MANAGED_BY_LABEL]: MANAGED_BY, [REGISTERED_CLUSTER_LABEL]: cluster });

const make = (type: ResourceType, metadata: KubeObject["metadata"], rest: Record<string, unknown>): RegisteredObject => ({
  type,
  object: { apiVersion: apiVersionOf(type), kind: type.kind, metadata, ...rest },
});

export const serviceAccountName = (cluster: string) => cluster;
export const tokenSecretName = (cluster: string) => `${serviceAccountName(cluster)}-secret`;
export const clusterRoleBindingName = (cluster: string) => `${CLUSTER_ROLE_NAME}-${cluster}`;

/**
 * What fedplane may do in a registered cluster: everything on Gloo's API groups (it places and reads them), read-only
 * on the workloads health looks at, and get/create on namespaces because placement creates a missing target namespace.
 */
export const clusterRoleRules = [
  {
    apiGroups: ["gloo.solo.io", "gateway.solo.io", "enterprise.gloo.solo.io", "ratelimit.solo.io"],
    resources: ["*"],
    verbs: ["*"],
  },
  { apiGroups: ["apps"], resources: ["deployments", "daemonsets"], verbs: ["get", "list", "watch"] },
  { apiGroups: [""], resources: ["pods", "nodes", "services"], verbs: ["get", "list", "watch"] },
  { apiGroups: [""], resources: ["namespaces"], verbs: ["get", "create"] },
];

/** In the remote cluster, in creation order. */
export function remoteObjects(cluster: string, namespace: string): RegisteredObject[] {
  const sa = serviceAccountName(cluster);
  return [
    make(core.serviceAccounts, { name: sa, namespace, labels: labels(cluster) }, {}),
    make(
      core.secrets,
      { name: tokenSecretName(cluster), namespace, labels: labels(cluster), annotations: { "kubernetes.io/service-account.name": sa } },
      { type: SA_TOKEN_SECRET_TYPE },
    ),
    make(rbac.clusterRoles, { name: CLUSTER_ROLE_NAME, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } }, { rules: clusterRoleRules }),
    make(
      rbac.clusterRoleBindings,
      { name: clusterRoleBindingName(cluster), labels: labels(cluster) },
      {
        roleRef: { apiGroup: rbac.clusterRoles.group, kind: "ClusterRole", name: CLUSTER_ROLE_NAME },
        subjects: [{ kind: "ServiceAccount", name: sa, namespace }],
      },
    ),
  ];
}

/** How fedplane reaches the remote API server; only the ServiceAccount's token authenticates it. */
export interface RemoteEndpoint {
  server: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
}

export function serviceAccountKubeconfig(cluster: string, endpoint: RemoteEndpoint, token: string): string {
  const clusterEntry: Record<string, unknown> = { server: endpoint.server };
  if (endpoint.certificateAuthorityData) clusterEntry["certificate-authority-data"] = endpoint.certificateAuthorityData;
  if (endpoint.insecureSkipTlsVerify) clusterEntry["insecure-skip-tls-verify"] = true;
  if (endpoint.tlsServerName) clusterEntry["tls-server-name"] = endpoint.tlsServerName;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: cluster, cluster: clusterEntry }],
    users: [{ name: cluster, user: { token } }],
    contexts: [{ name: cluster, context: { cluster, user: cluster } }],
    "current-context": cluster,
  });
}

export interface AdminObjectsOptions {
  cluster: string;
  federationNamespace: string;
  kubeconfig: string;
  clusterDomain?: string;
  /** Cluster labels, for placement by clusterSelector. */
  clusterLabels?: Record<string, string>;
  tokenExpiresAt?: string;
}

/** In the admin cluster: the credentials Secret, then the KubernetesCluster that names it. */
export function adminObjects(o: AdminObjectsOptions): RegisteredObject[] {
  return [
    make(
      core.secrets,
      {
        name: o.cluster,
        namespace: o.federationNamespace,
        labels: labels(o.cluster),
        ...(o.tokenExpiresAt ? { annotations: { [TOKEN_EXPIRES_ANNOTATION]: o.tokenExpiresAt } } : {}),
      },
      { type: KUBECONFIG_SECRET_TYPE, data: { [KUBECONFIG_SECRET_KEY]: Buffer.from(o.kubeconfig).toString("base64") } },
    ),
    make(
      kubernetesClusterType,
      { name: o.cluster, namespace: o.federationNamespace, labels: { ...(o.clusterLabels ?? {}), ...labels(o.cluster) } },
      { spec: { secretName: o.cluster, clusterDomain: o.clusterDomain ?? "cluster.local" } },
    ),
  ];
}
