import type { ResourceType } from "../cluster/resource-type.js";

/** Gloo Federation's registered-cluster record, kept in the federation namespace of the admin cluster. */
export const kubernetesClusterType: ResourceType = {
  group: "multicluster.solo.io",
  version: "v1alpha1",
  kind: "KubernetesCluster",
  plural: "kubernetesclusters",
  namespaced: true,
};

/** Discovered Gloo installations, one per cluster x namespace, written to the admin cluster. */
export const glooInstanceType: ResourceType = {
  group: "fed.solo.io",
  version: "v1",
  kind: "GlooInstance",
  plural: "glooinstances",
  namespaced: true,
};

/** The Secret type and key Gloo Federation uses for a registered cluster's credentials. */
export const KUBECONFIG_SECRET_TYPE = "solo.io/kubeconfig";
export const KUBECONFIG_SECRET_KEY = "kubeconfig";
