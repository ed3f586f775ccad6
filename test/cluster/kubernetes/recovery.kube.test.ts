import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Informer } from "../../../src/cluster/informer.js";
import { ensureNamespace } from "../../../src/cluster/namespaces.js";
import type { WatchEvent } from "../../../src/cluster/object.js";
import { KubernetesClusterClient, type KubernetesClientOptions } from "../../../src/cluster/kubernetes/client.js";
import { ClusterConnectionError } from "../../../src/cluster/errors.js";
import { readCrdFiles } from "../../../src/controlplane/crds.js";
import { crdName } from "../../../src/crds/project-crds.js";
import { startControlPlanes, type ControlPlanes } from "../../../src/controlplane/harness.js";
import { isAlive, startProcess, type ManagedProcess } from "../../../src/controlplane/process.js";
import { sharedControlPlanes } from "../../support/controlplanes.js";
import { eventually } from "../../support/eventually.js";
import { Upstream, upstream } from "../../conformance/fixtures.js";

/**
 * What no shared API server may be put through: this file starts a control plane of its own, freezes its
 * kube-apiserver with SIGSTOP (a hung server: TCP still accepted by the kernel, nothing answered) and restarts it.
 */

// Shared planes unavailable means the binaries are (the global setup said so loudly): skip likewise.
const available = sharedControlPlanes() !== undefined;

describe.skipIf(!available)("Kubernetes backend against a hung and a restarted kube-apiserver", () => {
  let planes: ControlPlanes;
  let apiserverPid: number;
  let restarted: ManagedProcess | undefined;
  const clients: KubernetesClusterClient[] = [];
  const informers: Informer[] = [];

  const connect = (options: KubernetesClientOptions) => {
    const client = KubernetesClusterClient.fromFile("recovery", planes.admin.kubeconfigPath, options);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const crds = readCrdFiles().filter((crd) => crdName(crd) === "upstreams.gloo.solo.io");
    planes = await startControlPlanes({ names: ["k8s-recovery"], crds, log: (line) => process.stderr.write(`[recovery] ${line}\n`) });
    apiserverPid = planes.admin.pids[1];
  });

  afterAll(async () => {
    for (const informer of informers) informer.stop();
    for (const client of clients) await client.close();
    if (apiserverPid) process.kill(apiserverPid, "SIGCONT");
    await restarted?.stop();
    await planes?.stop();
  });

  it("a watch on a frozen API server is closed by the idle watchdog, calls time out, and all recovers on SIGCONT", async () => {
    const admin = connect({});
    const client = connect({ watchTimeoutSeconds: 30, watchIdleTimeoutMs: 2_000, requestTimeoutMs: 2_000 });
    const ns = `hung-${Date.now().toString(36)}`;
    await ensureNamespace(admin, ns);
    const first = await admin.create(Upstream, upstream(ns, "a"));
    // The server ends these watches within 2 s, so a 3 s silence can only mean a hung server.
    const informerClient = connect({ watchTimeoutSeconds: 1, watchIdleTimeoutMs: 3_000, requestTimeoutMs: 2_000 });
    const informer = new Informer(informerClient, Upstream, { namespace: ns, backoff: { initialMs: 50, maxMs: 500 } });
    informers.push(informer);
    const log: string[] = [];
    informer.addHandlers({ onAdd: (o) => log.push(`add ${o.metadata.name}`), onUpdate: (o) => log.push(`update ${o.metadata.name}`) });
    informer.start();
    await informer.waitForSync();

    // A watch that has just proved alive (it replays the creation), frozen right after.
    const events: WatchEvent[] = [];
    let closed: Error | undefined;
    client.watch(Upstream, { namespace: ns, resourceVersion: "0" }, {
      onEvent: (e) => events.push(e),
      onClose: (err) => (closed = err ?? new Error("closed without error")),
    });
    await eventually(() => expect(events.map((e) => e.object.metadata.uid)).toContain(first.metadata.uid));
    process.kill(apiserverPid, "SIGSTOP");
    try {
      await eventually(() => expect(closed).toBeInstanceOf(ClusterConnectionError));
      expect((closed as ClusterConnectionError).code).toBe("ETIMEDOUT");
      expect(closed!.message).toContain("received nothing, not even a bookmark, for 2s");
      const failure = await client.get(Upstream, ns, "a").catch((e: unknown) => e);
      expect((failure as ClusterConnectionError).code).toBe("ETIMEDOUT");
      expect((failure as Error).message).toContain(planes.admin.server);
      await eventually(() => expect(informer.connected).toBe(false), { timeoutMs: 30_000 });
    } finally {
      process.kill(apiserverPid, "SIGCONT");
    }

    await admin.patch(Upstream, ns, "a", { metadata: { labels: { after: "sigcont" } } });
    await eventually(() => expect(informer.get(ns, "a")?.metadata.labels).toEqual({ after: "sigcont" }), { timeoutMs: 30_000 });
    expect(log).toEqual(["add a", "update a"]);
    expect(informer.connected).toBe(true);
  }, 120_000);

  it("an informer recovers after the API server restarts, missing and repeating nothing", async () => {
    const client = connect({});
    const ns = `restart-${Date.now().toString(36)}`;
    await ensureNamespace(client, ns);
    await client.create(Upstream, upstream(ns, "a"));
    await client.create(Upstream, upstream(ns, "b"));
    const informer = new Informer(client, Upstream, { namespace: ns, backoff: { initialMs: 50, maxMs: 1_000 } });
    informers.push(informer);
    const log: string[] = [];
    informer.addHandlers({
      onAdd: (o) => log.push(`add ${o.metadata.name}`),
      onUpdate: (o) => log.push(`update ${o.metadata.name}`),
      onDelete: (o) => log.push(`delete ${o.metadata.name}`),
    });
    informer.start();
    await informer.waitForSync();

    // The same command line again: same port, certificates and etcd, a fresh process with an empty watch cache.
    const argv = readFileSync(`/proc/${apiserverPid}/cmdline`, "utf8").split("\0").filter(Boolean);
    process.kill(apiserverPid, "SIGTERM");
    await eventually(() => expect(isAlive(apiserverPid)).toBe(false), { timeoutMs: 60_000 });
    await eventually(() => expect(informer.connected).toBe(false));
    const lost = await client.version().catch((e: unknown) => e);
    expect((lost as ClusterConnectionError).code).toBe("ECONNREFUSED");

    restarted = startProcess("k8s-recovery/kube-apiserver", argv[0], argv.slice(1), join(planes.admin.dir, "kube-apiserver.restarted.log"));
    apiserverPid = restarted.pid;
    await eventually(() => client.ready(), { timeoutMs: 120_000, intervalMs: 250 });

    await client.create(Upstream, upstream(ns, "c"));
    await client.patch(Upstream, ns, "a", { metadata: { labels: { after: "restart" } } });
    await client.delete(Upstream, ns, "b");
    // Resumed from its resourceVersion or re-listed after 410 (the new server's watch cache starts afresh): either
    // way each change once; after a re-list the informer reports the difference in its own order.
    await eventually(() => expect([...log.slice(2)].sort()).toEqual(["add c", "delete b", "update a"]), { timeoutMs: 30_000 });
    expect(log.slice(0, 2)).toEqual(["add a", "add b"]);
    expect(informer.list().map((o) => o.metadata.name).sort()).toEqual(["a", "c"]);
    expect(informer.connected).toBe(true);
  }, 180_000); // a graceful API server shutdown and a cold start, on a busy machine
});
