import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { ClusterClient } from "../../src/cluster/client.js";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { core } from "../../src/cluster/resource-type.js";
import { LEASE_NAME, LeaderElector } from "../../src/controller/leader-election.js";
import { describeWithControlPlanes } from "../support/controlplanes.js";
import { eventually } from "../support/eventually.js";
import { FlakyClient } from "../support/flaky-client.js";

// Short timings so a test takes seconds; the ratios are client-go's (15 s / 10 s / 2 s).
const TIMINGS = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 400 };
const PATIENT = { timeoutMs: 30_000, intervalMs: 50 };
type Lease = KubeObject & { spec: { holderIdentity?: string; leaseTransitions?: number } };

/** Electors in one process, each with its own client (so one can be cut off), and the timeline of who led when. */
class Candidates {
  readonly electors: LeaderElector[] = [];
  readonly clients: FlakyClient[] = [];
  readonly events: { identity: string; what: "started" | "stopped"; at: number }[] = [];
  /** Two leaders at once, seen when one starts leading while another still has not stopped. */
  readonly overlaps: string[] = [];
  private readonly leading = new Set<string>();

  constructor(
    private readonly admin: () => ClusterClient,
    private readonly namespace: string,
  ) {}

  add(identity: string): LeaderElector {
    const client = new FlakyClient(this.admin());
    const elector = new LeaderElector({
      ...TIMINGS,
      client,
      namespace: this.namespace,
      identity,
      onStartedLeading: () => {
        if (this.leading.size > 0) this.overlaps.push(`${identity} started leading while ${[...this.leading].join(", ")} still led`);
        this.leading.add(identity);
        this.events.push({ identity, what: "started", at: Date.now() });
      },
      onStoppedLeading: async () => {
        // Like the manager's lostLeadership(): stopping the write loops takes a moment; the next leader must wait for it.
        await new Promise((r) => setTimeout(r, 100));
        this.leading.delete(identity);
        this.events.push({ identity, what: "stopped", at: Date.now() });
      },
    });
    this.electors.push(elector);
    this.clients.push(client);
    elector.start();
    return elector;
  }

  leaders(): LeaderElector[] {
    return this.electors.filter((e) => e.leading);
  }

  async stop(): Promise<void> {
    await Promise.all(this.electors.map((e) => e.stop()));
    await Promise.all(this.clients.map((c) => c.close()));
  }
}

describeWithControlPlanes("leader election on a Lease (real API server)", (planes) => {
  let admin: KubernetesClusterClient;
  let namespace: string;
  let candidates: Candidates;
  let holders: string[];
  let stopWatch: () => void;

  beforeAll(async () => {
    admin = KubernetesClusterClient.fromFile("admin", planes.admin.kubeconfigPath);
  });
  afterAll(async () => {
    await admin?.close();
  });

  async function setUp(): Promise<void> {
    namespace = `le-${Math.random().toString(36).slice(2, 8)}`;
    await admin.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    candidates = new Candidates(() => KubernetesClusterClient.fromFile("admin", planes.admin.kubeconfigPath), namespace);
    // The Lease's history of holders, as the API server recorded it.
    holders = [];
    const list = await admin.list<Lease>(core.leases, { namespace });
    const handle = admin.watch<Lease>(core.leases, { namespace, resourceVersion: list.resourceVersion }, {
      onEvent: (e) => {
        const holder = e.object.spec?.holderIdentity ?? "";
        if (e.object.metadata.name === LEASE_NAME && holders.at(-1) !== holder) holders.push(holder);
      },
      onClose: () => {},
    });
    stopWatch = () => handle.stop();
  }

  afterEach(async () => {
    await candidates?.stop();
    stopWatch?.();
    await admin.delete(core.namespaces, undefined, namespace).catch(() => {});
  });

  it("three candidates: one leads and holds the Lease; when it stops it releases it and another takes over", async () => {
    await setUp();
    for (const id of ["a", "b", "c"]) candidates.add(id);
    const first = await eventually(() => {
      const leaders = candidates.leaders();
      expect(leaders).toHaveLength(1);
      return leaders[0];
    }, PATIENT);
    const lease = await admin.get<Lease>(core.leases, namespace, LEASE_NAME);
    expect(lease.spec.holderIdentity).toBe(first.identity);

    // Renewals keep the same leader (several retry periods pass).
    const renewedFrom = (await admin.get<Lease>(core.leases, namespace, LEASE_NAME)).metadata.resourceVersion;
    await eventually(async () => expect((await admin.get<Lease>(core.leases, namespace, LEASE_NAME)).metadata.resourceVersion).not.toBe(renewedFrom), PATIENT);
    expect(candidates.leaders()).toEqual([first]);

    await first.stop();
    expect(first.leading).toBe(false);
    const second = await eventually(() => {
      const leaders = candidates.leaders();
      expect(leaders).toHaveLength(1);
      return leaders[0];
    }, PATIENT);
    expect(second).not.toBe(first);
    const after = await admin.get<Lease>(core.leases, namespace, LEASE_NAME);
    expect(after.spec.holderIdentity).toBe(second.identity);
    expect(after.spec.leaseTransitions).toBeGreaterThanOrEqual(1);
    // The released Lease (empty holder) was taken without waiting out the lease duration.
    await eventually(() => expect(holders).toEqual([first.identity, "", second.identity]), PATIENT);
    expect(candidates.overlaps).toEqual([]);
  });

  it("a leader cut off from the API server stops leading after the renew deadline, before another starts; it does not come back while the new one renews", async () => {
    await setUp();
    candidates.add("a");
    const first = await eventually(() => {
      expect(candidates.leaders()).toHaveLength(1);
      return candidates.leaders()[0];
    }, PATIENT);
    candidates.add("b");
    candidates.add("c");
    await new Promise((r) => setTimeout(r, TIMINGS.retryPeriodMs * 2)); // the others have tried, and failed, to acquire
    expect(candidates.leaders()).toEqual([first]);

    const cutAt = Date.now();
    candidates.clients[candidates.electors.indexOf(first)].cut(); // as kill -9 or a partition looks to the others
    const second = await eventually(() => {
      const leaders = candidates.leaders();
      expect(leaders).toHaveLength(1);
      expect(leaders[0]).not.toBe(first);
      return leaders[0];
    }, PATIENT);
    expect(first.leading).toBe(false);

    const stopped = candidates.events.find((e) => e.identity === first.identity && e.what === "stopped")!;
    const started = candidates.events.find((e) => e.identity === second.identity && e.what === "started")!;
    expect(stopped, "the cut-off leader stopped leading").toBeDefined();
    expect(started.at).toBeGreaterThanOrEqual(stopped.at);
    expect(candidates.overlaps).toEqual([]);
    // The takeover waited for the old record to expire: at least the lease duration after the last renewal it saw.
    expect(started.at - cutAt).toBeGreaterThanOrEqual(TIMINGS.leaseDurationMs - TIMINGS.retryPeriodMs * 2);

    // Back on the network, the old leader finds the Lease held and renewed: it stays a follower.
    candidates.clients[candidates.electors.indexOf(first)].restore();
    await new Promise((r) => setTimeout(r, TIMINGS.leaseDurationMs));
    expect(candidates.leaders()).toEqual([second]);
    expect(holders).toEqual([first.identity, second.identity]);
    expect((await admin.get<Lease>(core.leases, namespace, LEASE_NAME)).spec.leaseTransitions).toBe(1);
  });
});
