import type { ClusterClient } from "../cluster/client.js";
import { ApiError } from "../cluster/errors.js";
import { KubernetesClusterClient, type KubernetesClientOptions } from "../cluster/kubernetes/client.js";
import { parseKubeconfig, requireInlineCredentials, selectContext } from "../cluster/kubernetes/kubeconfig.js";

/** Finds an in-process (embedded) cluster by name; the embedded world owns them. */
export type EmbeddedResolver = (name: string) => ClusterClient;

export interface ConnectOptions {
  /** Required for kubeconfigs whose server is embedded://<name>. */
  embedded?: EmbeddedResolver;
  kubernetes?: KubernetesClientOptions;
  /** Where the kubeconfig came from, for messages, e.g. "Secret gloo-system/cluster-a". */
  origin?: string;
}

/**
 * Turns the kubeconfig of a registered cluster (a `solo.io/kubeconfig` Secret) into a ClusterClient: a server of
 * embedded://<name> is an in-process cluster, anything else a real API server. Problems are ApiError "Invalid" naming
 * the field, never quoting the kubeconfig.
 */
export function connectCluster(clusterName: string, kubeconfig: string, options: ConnectOptions = {}): ClusterClient {
  const origin = options.origin ?? `kubeconfig of cluster "${clusterName}"`;
  const selected = selectContext(parseKubeconfig(kubeconfig, origin), origin);
  if (selected.server.protocol === "embedded:") {
    const embeddedName = selected.server.hostname;
    if (!embeddedName) throw new ApiError("Invalid", `kubeconfig (${origin}): embedded:// server needs a cluster name, e.g. embedded://cluster-a`);
    if (!options.embedded) {
      throw new ApiError("Invalid", `kubeconfig (${origin}) points at embedded cluster "${embeddedName}", but this server runs no embedded clusters`);
    }
    return options.embedded(embeddedName);
  }
  requireInlineCredentials(selected);
  return new KubernetesClusterClient(clusterName, selected, options.kubernetes);
}
