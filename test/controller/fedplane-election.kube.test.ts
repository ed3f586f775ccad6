import { afterAll, beforeAll, expect, it } from "vitest";
import type { ClusterClient } from "../../src/cluster/client.js";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import { core } from "../../src/cluster/resource-type.js";
import { describeWithControlPlanes } from "../support/controlplanes.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { FlakyClient } from "../support/flaky-client.js";

const TIMINGS = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 400 };
const PATIENT = { timeoutMs: 60_000, intervalMs: 50 };

/** Two fedplanes on one real admin cluster: the Manager's write loops run on exactly one of them, never on both. */
describeWithControlPlanes("leader election in fedplane (two replicas in one process)", (planes) => {
  const namespace = `ha-fp-${Math.random().toString(36).slice(2, 8)}`;
  let admin: KubernetesClusterClient;
  const replicas: { fp: TestFedplane; admin: FlakyClient }[] = [];
  const overlaps: string[] = [];
  let sampler: NodeJS.Timeout;

  beforeAll(async () => {
    admin = KubernetesClusterClient.fromFile("admin", planes.admin.kubeconfigPath);
    await admin.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    for (let i = 0; i < 2; i++) {
      let adminClient: FlakyClient | undefined;
      const fp = await startTestFedplane({
        kubeconfig: planes.admin.kubeconfigPath,
        federationNamespace: namespace,
        localCluster: false,
        leaderElection: { ...TIMINGS, identity: `replica-${i}` },
        // The admin client is the one opened first; wrapping it lets the test cut this replica off the API server.
        instrumentClient: (c: ClusterClient) => (c.name === "local" && !adminClient ? (adminClient = new FlakyClient(c)) : c),
      });
      replicas.push({ fp, admin: adminClient! });
    }
    // Both running their write loops at once would be two leaders.
    sampler = setInterval(() => {
      const running = replicas.filter((r) => r.fp.app.federation.reconciler.running);
      if (running.length > 1) overlaps.push(new Date().toISOString());
    }, 5);
  });

  afterAll(async () => {
    clearInterval(sampler);
    for (const r of replicas) {
      r.admin.restore();
      await r.fp.stop();
    }
    await admin?.delete(core.namespaces, undefined, namespace).catch(() => {});
    await admin?.close();
  });

  it("exactly one replica runs the write loops; cut off from the API server it stops them, and only then does the other start", async () => {
    const leader = await eventually(() => {
      const leading = replicas.filter((r) => r.fp.app.manager.leading);
      expect(leading).toHaveLength(1);
      expect(leading[0].fp.app.federation.reconciler.running).toBe(true);
      return leading[0];
    }, PATIENT);
    const follower = replicas.find((r) => r !== leader)!;
    expect(follower.fp.app.federation.reconciler.running).toBe(false);
    // A follower still serves the API.
    expect((await follower.fp.client.serverInfo()).serverInfo.version).toBeTruthy();

    leader.admin.cut();
    await eventually(() => {
      expect(follower.fp.app.manager.leading).toBe(true);
      expect(follower.fp.app.federation.reconciler.running).toBe(true);
    }, PATIENT);
    expect(leader.fp.app.manager.leading).toBe(false);
    expect(leader.fp.app.federation.reconciler.running).toBe(false);
    expect(overlaps).toEqual([]);
  });
});
