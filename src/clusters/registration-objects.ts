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
  roles: { group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true },
  roleBindings: { group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", namespaced: true },
} as const satisfies Record<string, ResourceType>;

/** glooctl's ClusterRole, and the Role it adds in the remote namespace: the same names, so either tool finds them. */
export const CLUSTER_ROLE_NAME = "gloo-federation-controller";
export const ROLE_NAME = CLUSTER_ROLE_NAME;
/** What fedplane needs beyond glooctl's rules, in a ClusterRole of its own (registrations by glooctl lack it and still work). */
export const NAMESPACES_CLUSTER_ROLE_NAME = "fedplane-namespaces";
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
/** glooctl's binding name: `<cluster>-gloo-federation-controller-clusterrole-binding`. */
export const clusterRoleBindingName = (cluster: string) => `${cluster}-${CLUSTER_ROLE_NAME}-clusterrole-binding`;
export const roleBindingName = (cluster: string) => `${cluster}-${ROLE_NAME}-role-binding`;
export const namespacesBindingName = (cluster: string) => `${cluster}-${NAMESPACES_CLUSTER_ROLE_NAME}-clusterrole-binding`;

/**
 * glooctl's ClusterRole, rule for rule: everything on Gloo's API groups (graphql.gloo.solo.io included), read-only on
 * the workloads health looks at. No rights on namespaces.
 */
export const clusterRoleRules = [
  {
    apiGroups: ["gloo.solo.io", "gateway.solo.io", "enterprise.gloo.solo.io", "ratelimit.solo.io", "graphql.gloo.solo.io"],
    resources: ["*"],
    verbs: ["*"],
  },
  { apiGroups: ["apps"], resources: ["deployments", "daemonsets"], verbs: ["get", "list", "watch"] },
  { apiGroups: [""], resources: ["pods", "nodes", "services"], verbs: ["get", "list", "watch"] },
];

/** glooctl's Role in the remote namespace: reaching Gloo's services through the API server proxy. */
export const roleRules = [{ apiGroups: [""], resources: ["services/proxy"], verbs: ["get"] }];

/** Beyond glooctl: placement creates a target namespace a member lacks (without it, such a destination is FAILED). */
export const namespacesRules = [{ apiGroups: [""], resources: ["namespaces"], verbs: ["get", "create"] }];

const roleRef = (kind: "ClusterRole" | "Role", name: string) => ({ apiGroup: rbac.clusterRoles.group, kind, name });

/** In the remote cluster, in creation order: glooctl's objects first, then fedplane's own. */
export function remoteObjects(cluster: string, namespace: string): RegisteredObject[] {
  const sa = serviceAccountName(cluster);
  const subjects = [{ kind: "ServiceAccount", name: sa, namespace }];
  return [
    make(core.serviceAccounts, { name: sa, namespace, labels: labels(cluster) }, {}),
    make(
      core.secrets,
      { name: tokenSecretName(cluster), namespace, labels: labels(cluster), annotations: { "kubernetes.io/service-account.name": sa } },
      { type: SA_TOKEN_SECRET_TYPE },
    ),
    make(rbac.clusterRoles, { name: CLUSTER_ROLE_NAME, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } }, { rules: clusterRoleRules }),
    make(rbac.clusterRoleBindings, { name: clusterRoleBindingName(cluster), labels: labels(cluster) }, { roleRef: roleRef("ClusterRole", CLUSTER_ROLE_NAME), subjects }),
    make(rbac.roles, { name: ROLE_NAME, namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } }, { rules: roleRules }),
    make(rbac.roleBindings, { name: roleBindingName(cluster), namespace, labels: labels(cluster) }, { roleRef: roleRef("Role", ROLE_NAME), subjects }),
    make(rbac.clusterRoles, { name: NAMESPACES_CLUSTER_ROLE_NAME, labels: { [MANAGED_BY_LABEL]: MANAGED_BY } }, { rules: namespacesRules }),
    make(
      rbac.clusterRoleBindings,
      { name: namespacesBindingName(cluster), labels: labels(cluster) },
      { roleRef: roleRef("ClusterRole", NAMESPACES_CLUSTER_ROLE_NAME), subjects },
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
