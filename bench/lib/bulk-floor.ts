import type { ControlPlanes } from "../../src/controlplane/harness.js";
import type { FederatedObject } from "../../src/federation/resource.js";
import { ClientNodeWriter } from "./client-node-floor.js";
import { directWrites, upstreamKind } from "./fixtures.js";

/**
 * The bulk baseline: all federated objects created at once (the user's part), and as each create returns, one of
 * `workers` pipelines writes its member objects in parallel and then its PLACED status (the controller's part, at the
 * controller's concurrency). client-node with kept-alive connections.
 */
export class DirectBulk {
  private readonly admin: ClientNodeWriter;
  private readonly members: Map<string, ClientNodeWriter>;

  constructor(planes: ControlPlanes, private readonly workers: number) {
    this.admin = new ClientNodeWriter(planes.admin.kubeconfigPath, true);
    this.members = new Map(planes.workloads.map((w) => [w.name, new ClientNodeWriter(w.kubeconfigPath, true)]));
  }

  async place(objects: readonly FederatedObject[], clusters: readonly string[]): Promise<void> {
    const { admin, members, workers } = this;
    const ready: { created: FederatedObject; fed: FederatedObject }[] = [];
    const idle: (() => void)[] = [];
    let taken = 0;
    const creates = Promise.all(
      objects.map(async (fed) => {
        ready.push({ created: (await admin.create(upstreamKind.type, fed)) as FederatedObject, fed });
        idle.shift()?.();
      }),
    );
    const worker = async () => {
      while (taken < objects.length) {
        const next = ready.shift();
        if (!next) {
          await new Promise<void>((resolve) => idle.push(resolve));
          continue;
        }
        if (++taken === objects.length) for (const wake of idle.splice(0)) wake();
        const { members: writes, placedStatus } = directWrites(next.fed, clusters);
        await Promise.all(writes.map((m) => members.get(m.cluster)!.create(upstreamKind.target, m.object)));
        await admin.writeStatus(upstreamKind.type, { ...next.created, status: { placementStatus: placedStatus } });
      }
    };
    await Promise.all([creates, ...Array.from({ length: workers }, worker)]);
  }
}
