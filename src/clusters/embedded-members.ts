import { stringify } from "yaml";
import type { ClusterClient } from "../cluster/client.js";
import type { EmbeddedWorld } from "../cluster/embedded/world.js";
import { isAlreadyExists } from "../cluster/errors.js";
import { core } from "../cluster/resource-type.js";
import { FEDERATION_NAMESPACE } from "../federation/kinds.js";
import { removeRegistration, validateClusterName, writeRegistration } from "./registration.js";

/** A kubeconfig naming an in-process cluster; the connector resolves embedded://<name> through the embedded world. */
export function embeddedKubeconfig(name: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: `embedded://${name}` } }],
    contexts: [{ name, context: { cluster: name } }],
    "current-context": name,
  });
}

export interface EmbeddedMembersOptions {
  world: EmbeddedWorld;
  /** The admin cluster, where KubernetesCluster objects and kubeconfig Secrets live. */
  admin: ClusterClient;
  /** The federation namespace (default gloo-system). */
  namespace?: string;
}

export interface RegisterEmbeddedOptions {
  /** Labels of the KubernetesCluster, available to placement selectors. */
  labels?: Record<string, string>;
  /** Namespaces to create in the new cluster besides the standard ones. */
  namespaces?: string[];
}

/**
 * Registers and deregisters embedded workload clusters exactly as real ones are registered in the admin cluster (a
 * solo.io/kubeconfig Secret, here naming embedded://<name>, and a KubernetesCluster), after creating the cluster in the
 * embedded world. The cluster registry picks them up like any other. Backs registerCluster / deregisterCluster of the
 * embedded default.
 */
export class EmbeddedMembers {
  private readonly namespace: string;

  constructor(private readonly options: EmbeddedMembersOptions) {
    this.namespace = options.namespace ?? FEDERATION_NAMESPACE;
  }

  /** Creates the embedded cluster (unless it exists) and registers it; registering again updates its labels. */
  async register(name: string, options: RegisterEmbeddedOptions = {}): Promise<void> {
    validateClusterName(name);
    const { world, admin } = this.options;
    if (!world.hasCluster(name)) world.createCluster(name, { namespaces: options.namespaces });
    try {
      await admin.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: this.namespace } });
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
    await writeRegistration(admin, { cluster: name, federationNamespace: this.namespace, clusterLabels: options.labels, kubeconfig: embeddedKubeconfig(name) });
  }

  /**
   * Deletes the KubernetesCluster and waits until it is gone (the registry's finalizer holds it while fedplane removes
   * what it placed there), then the Secret, then the embedded cluster itself.
   */
  async deregister(name: string, options: { waitMs?: number } = {}): Promise<void> {
    validateClusterName(name);
    await removeRegistration(this.options.admin, { cluster: name, federationNamespace: this.namespace, waitMs: options.waitMs ?? 120_000 });
    if (this.options.world.hasCluster(name)) this.options.world.removeCluster(name);
  }
}
