import type { ClusterClient } from "../../src/cluster/client.js";
import { isNotFound } from "../../src/cluster/errors.js";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import type { ResourceType } from "../../src/cluster/resource-type.js";
import type { ControlPlanes } from "../../src/controlplane/harness.js";
import type { CaseContext } from "./case.js";
import { mapLimit } from "./concurrency.js";
import { PLACEMENT_NAMESPACES, upstreamKind } from "./fixtures.js";

/**
 * Deletes what a baseline wrote (its federated objects in `namespace` of the admin cluster, member objects named
 * `prefix*`), so fedplane, started afterwards, neither reconciles nor caches them.
 */
export async function removeBenchObjects(ctx: CaseContext, planes: ControlPlanes, namespace: string, prefix: string): Promise<void> {
  const started = Date.now();
  let removed = 0;
  const remove = async (client: ClusterClient, type: ResourceType, ns: string) => {
    const { items } = await client.list(type, { namespace: ns });
    const doomed = items.filter((o) => o.metadata.name.startsWith(prefix));
    await mapLimit(doomed, 32, async (o) => {
      try {
        await client.delete(type, ns, o.metadata.name);
        removed++;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    });
  };
  const clients = planes.planes.map((p) => KubernetesClusterClient.fromFile(p.name, p.kubeconfigPath));
  try {
    await remove(clients[0], upstreamKind.type, namespace);
    for (const client of clients.slice(1)) for (const ns of PLACEMENT_NAMESPACES) await remove(client, upstreamKind.target, ns);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
  ctx.progress(`removed ${removed} baseline objects in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
