import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Informer } from "../../../src/cluster/informer.js";
import { KubernetesClusterClient } from "../../../src/cluster/kubernetes/client.js";
import { ensureNamespace } from "../../../src/cluster/namespaces.js";
import type { KubeObject } from "../../../src/cluster/object.js";
import { Upstream, upstream } from "../../conformance/fixtures.js";
import { sharedControlPlanes } from "../../support/controlplanes.js";
import { eventually } from "../../support/eventually.js";
import { TcpProxy } from "../../support/tcp-proxy.js";

/**
 * A watch whose connection dies silently (the path stops forwarding, nothing is closed: no FIN, no RST) is found and
 * replaced within 30 s with the client's default settings, and the informer on it misses and repeats nothing.
 */
const planes = sharedControlPlanes();

describe.skipIf(!planes)("Kubernetes backend: a silently dead watch", () => {
  const plane = planes ? (planes.workloads[0] ?? planes.admin) : undefined;
  let proxy: TcpProxy;
  let direct: KubernetesClusterClient;
  let client: KubernetesClusterClient;
  let informer: Informer | undefined;

  beforeAll(async () => {
    const server = new URL(plane!.server);
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port) });
    direct = KubernetesClusterClient.fromFile(plane!.name, plane!.kubeconfigPath);
    const kubeconfig = readFileSync(plane!.kubeconfigPath, "utf8").replaceAll(plane!.server, `https://${proxy.address}`);
    client = KubernetesClusterClient.fromKubeconfigText("dead-watch", kubeconfig); // the defaults are under test
  });

  afterAll(async () => {
    informer?.stop();
    await client?.close();
    await direct?.close();
    await proxy?.close();
  });

  it("is replaced within 30 s; the informer then has every change exactly once", { timeout: 90_000 }, async () => {
    const ns = `dead-watch-${Date.now().toString(36)}`;
    await ensureNamespace(direct, ns);
    const seen: string[] = [];
    informer = new Informer(client, Upstream, { namespace: ns });
    informer.addHandlers({
      onAdd: (o: KubeObject) => seen.push(`add ${o.metadata.name}`),
      onUpdate: (o: KubeObject) => seen.push(`update ${o.metadata.name} ${o.metadata.labels?.step ?? ""}`),
      onDelete: (o: KubeObject) => seen.push(`delete ${o.metadata.name}`),
    });
    informer.start();
    await informer.waitForSync({ timeoutMs: 10_000 });
    await direct.create(Upstream, upstream(ns, "a"));
    await eventually(() => expect(seen).toEqual(["add a"]));

    proxy.stallOpenConnections(); // the watch (and kept-alive connections) go silent; new connections work
    const stalledAt = Date.now();
    await direct.create(Upstream, upstream(ns, "b"));
    await direct.patch(Upstream, ns, "a", { metadata: { labels: { step: "1" } } });
    await eventually(() => expect(seen).toEqual(["add a", "add b", "update a 1"]), { timeoutMs: 30_000, intervalMs: 100 });
    const recoveredInMs = Date.now() - stalledAt;
    expect(recoveredInMs).toBeLessThan(30_000);
    expect(informer.lastError).toBeDefined(); // it was found dead (a watchdog, then a probe on a dead kept-alive connection)

    // And it carries on: later changes arrive once each, in order.
    await direct.patch(Upstream, ns, "a", { metadata: { labels: { step: "2" } } });
    await direct.delete(Upstream, ns, "b");
    await eventually(() => expect(seen).toEqual(["add a", "add b", "update a 1", "update a 2", "delete b"]));
    expect(informer.list().map((o) => o.metadata.name)).toEqual(["a"]);
  });
});
