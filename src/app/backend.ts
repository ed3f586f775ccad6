import type { ClusterClient } from "../cluster/client.js";
import { EmbeddedWorld } from "../cluster/embedded/world.js";
import { errorMessage, isNotFound } from "../cluster/errors.js";
import { KubernetesClusterClient } from "../cluster/kubernetes/client.js";
import { inClusterContext } from "../cluster/kubernetes/in-cluster.js";
import { loadKubeconfigFile } from "../cluster/kubernetes/kubeconfig.js";
import { connectCluster } from "../clusters/connector.js";
import { EmbeddedMembers } from "../clusters/embedded-members.js";
import { kubernetesClusterType } from "../clusters/kinds.js";
import { glooSchemaCheck } from "../gloo/embedded-schemas.js";
import type { Logger } from "./logger.js";

/** The embedded world's admin cluster; registered as the member cluster "local" too. */
export const EMBEDDED_ADMIN = "local";
/** Where Gloo lives and seed-style resources are placed; created in every embedded cluster. */
const GLOO_NAMESPACE = "gloo-system";

/** Where fedplane keeps its state and how it reaches member clusters. */
export interface Backend {
  kind: "embedded" | "kubernetes";
  admin: ClusterClient;
  /** kubeconfig text of a registered cluster -> its client. */
  connect(name: string, kubeconfig: string): ClusterClient;
  world?: EmbeddedWorld;
  embeddedMembers?: EmbeddedMembers;
  close(): Promise<void>;
}

/** Wraps every cluster client fedplane creates (admin and members), e.g. to count API calls; a seam for metrics. */
export type InstrumentClient = (client: ClusterClient) => ClusterClient;
const asIs: InstrumentClient = (client) => client;

export interface EmbeddedBackendOptions {
  /** Omitted: in memory only. */
  dataDir?: string;
  federationNamespace: string;
  /** Workload clusters cluster-1..cluster-N created when the data dir is new. */
  embeddedClusters: number;
  logger: Logger;
  instrument?: InstrumentClient;
}

export async function openEmbedded(options: EmbeddedBackendOptions): Promise<Backend> {
  // Gloo's schemas, so the embedded clusters drop and warn about unknown fields as real clusters with Gloo's CRDs do.
  const world = await EmbeddedWorld.open({ dataDir: options.dataDir, schemaCheck: glooSchemaCheck, warn: (message) => options.logger.warn(message) });
  try {
    const fresh = !world.hasCluster(EMBEDDED_ADMIN);
    if (fresh) world.createCluster(EMBEDDED_ADMIN, { namespaces: [...new Set([options.federationNamespace, GLOO_NAMESPACE])] });
    const instrument = options.instrument ?? asIs;
    const admin = instrument(world.client(EMBEDDED_ADMIN));
    const embeddedMembers = new EmbeddedMembers({ world, admin, namespace: options.federationNamespace });
    if (fresh) {
      for (let i = 1; i <= options.embeddedClusters; i++) {
        await embeddedMembers.register(`cluster-${i}`, { namespaces: [GLOO_NAMESPACE] });
      }
      options.logger.info("created embedded clusters", {
        admin: EMBEDDED_ADMIN,
        workloads: options.embeddedClusters,
        dataDir: options.dataDir ?? "(in memory)",
      });
    }
    return {
      kind: "embedded",
      admin,
      connect: (name, kubeconfig) => instrument(connectCluster(name, kubeconfig, { embedded: (n) => world.client(n) })),
      world,
      embeddedMembers,
      close: () => world.close(),
    };
  } catch (e) {
    await world.close();
    throw e;
  }
}

export interface KubernetesBackendOptions {
  /** Omitted: the in-cluster configuration (the Pod's ServiceAccount). */
  kubeconfig?: string;
  context?: string;
  federationNamespace: string;
  instrument?: InstrumentClient;
}

/**
 * A real admin cluster: it must be reachable and serve KubernetesClusters (Gloo Federation's CRDs or fedplane's,
 * deploy/crds); federated kinds whose CRD is missing are reported, not required.
 */
export async function openKubernetes(options: KubernetesBackendOptions): Promise<Backend> {
  const selected = options.kubeconfig ? loadKubeconfigFile(options.kubeconfig, options.context) : inClusterContext();
  const instrument = options.instrument ?? asIs;
  const admin = instrument(new KubernetesClusterClient("local", selected));
  const where = options.kubeconfig
    ? `the admin cluster (context "${selected.contextName}" of ${options.kubeconfig}, ${selected.server.href})`
    : `the admin cluster (${selected.origin}, ${selected.server.href})`;
  try {
    await admin.version();
  } catch (e) {
    await admin.close();
    throw new Error(`cannot reach ${where}: ${errorMessage(e)}. ${options.kubeconfig ? "Check --kubeconfig and --context." : "Check the Pod's network and ServiceAccount."}`);
  }
  try {
    await admin.list(kubernetesClusterType, { namespace: options.federationNamespace });
  } catch (e) {
    await admin.close();
    if (isNotFound(e)) {
      throw new Error(
        `${where} has no KubernetesCluster CRD (kubernetesclusters.multicluster.solo.io): install Gloo Federation's CRDs or fedplane's (\`kubectl apply -f deploy/crds\`).`,
      );
    }
    throw new Error(`cannot list KubernetesClusters in ${where}: ${errorMessage(e)}`);
  }
  return {
    kind: "kubernetes",
    admin,
    connect: (name, kubeconfig) => instrument(connectCluster(name, kubeconfig)),
    close: () => admin.close(),
  };
}
