import type { ControlPlanes } from "../../src/controlplane/harness.js";
import type { FederatedObject } from "../../src/federation/resource.js";
import { ClientNodeWriter } from "./client-node-floor.js";
import { directWrites, upstreamKind } from "./fixtures.js";

/**
 * The baseline of placement: with @kubernetes/client-node and nothing else, create the federated object, write its
 * member objects in parallel, then write its PLACED status. No reads, no watches, no retries: the physical floor.
 */
export class DirectPlacer {
  private readonly admin: ClientNodeWriter;
  private readonly members = new Map<string, ClientNodeWriter>();

  constructor(
    planes: ControlPlanes,
    readonly keepAlive: boolean,
  ) {
    this.admin = new ClientNodeWriter(planes.admin.kubeconfigPath, keepAlive);
    for (const w of planes.workloads) this.members.set(w.name, new ClientNodeWriter(w.kubeconfigPath, keepAlive));
  }

  get label(): string {
    return this.keepAlive ? "client-node, kept-alive connections" : "client-node as shipped (new TLS connection per request)";
  }

  async place(fed: FederatedObject, clusters: readonly string[]): Promise<void> {
    const { members, placedStatus } = directWrites(fed, clusters);
    const created = await this.admin.create(upstreamKind.type, fed);
    await Promise.all(members.map((m) => this.members.get(m.cluster)!.create(upstreamKind.target, m.object)));
    await this.admin.writeStatus(upstreamKind.type, { ...created, status: { placementStatus: placedStatus } });
  }
}
