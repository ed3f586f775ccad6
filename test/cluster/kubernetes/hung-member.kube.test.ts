import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterClient } from "../../../src/cluster/client.js";
import { ClusterConnectionError, isNotFound } from "../../../src/cluster/errors.js";
import { KubernetesClusterClient, type KubernetesClientOptions } from "../../../src/cluster/kubernetes/client.js";
import { ensureNamespace } from "../../../src/cluster/namespaces.js";
import { Upstream, upstream } from "../../conformance/fixtures.js";
import { sharedControlPlanes } from "../../support/controlplanes.js";
import { eventually } from "../../support/eventually.js";
import { TcpProxy } from "../../support/tcp-proxy.js";

/**
 * A member that accepts TCP and never answers (a TCP proxy that stops forwarding, in front of a real API server): the
 * caller is freed at its deadline, and the write it gave up on never lands, also once the path works again.
 */
const planes = sharedControlPlanes();

describe.skipIf(!planes)("Kubernetes backend: a hung member", () => {
  const plane = planes ? (planes.workloads[0] ?? planes.admin) : undefined;
  let proxy: TcpProxy;
  let direct: KubernetesClusterClient;
  let ns: string;
  const clients: ClusterClient[] = [];

  const throughProxy = (options: KubernetesClientOptions = {}) => {
    const kubeconfig = readFileSync(plane!.kubeconfigPath, "utf8").replaceAll(plane!.server, `https://${proxy.address}`);
    const client = KubernetesClusterClient.fromKubeconfigText("hung", kubeconfig, options);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const server = new URL(plane!.server);
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port) });
    direct = KubernetesClusterClient.fromFile(plane!.name, plane!.kubeconfigPath);
    ns = `hung-member-${Date.now().toString(36)}`;
    await ensureNamespace(direct, ns);
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    await direct?.close();
    await proxy?.close();
  });

  /** Proves a write given up on never landed: the path works again and later writes through it are seen first. */
  async function expectNeverLands(name: string): Promise<void> {
    proxy.setHung(false);
    const after = throughProxy();
    await after.create(Upstream, upstream(ns, `${name}-marker`));
    await after.get(Upstream, ns, `${name}-marker`);
    const err = await direct.get(Upstream, ns, name).catch((e: unknown) => e);
    expect(isNotFound(err), `${name} must not exist`).toBe(true);
  }

  it("the caller's deadline (AbortSignal.timeout) frees it, and the write never lands", async () => {
    const client = throughProxy({ requestTimeoutMs: 120_000 });
    await client.version(); // a kept-alive connection that then goes silent
    proxy.setHung(true);
    const err = await client.create(Upstream, upstream(ns, "by-signal"), { signal: AbortSignal.timeout(1_000) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterConnectionError);
    expect((err as ClusterConnectionError).code).toBe("ETIMEDOUT");
    await expectNeverLands("by-signal");
  });

  it("the transport's own request deadline aborts the connection, and the write never lands", async () => {
    const client = throughProxy({ requestTimeoutMs: 1_000 });
    proxy.setHung(true); // also new connections: TLS never completes
    const err = await client.create(Upstream, upstream(ns, "by-timeout")).catch((e: unknown) => e);
    expect((err as ClusterConnectionError).code).toBe("ETIMEDOUT");
    expect((err as Error).message).toContain("got no answer within 1s");
    await expectNeverLands("by-timeout");
  });

  it("close() ends calls in flight at once, and nothing they carried is written", async () => {
    const client = throughProxy({ requestTimeoutMs: 120_000 });
    await client.version();
    proxy.setHung(true);
    const calls = ["closed-a", "closed-b"].map((name) => client.create(Upstream, upstream(ns, name)).catch((e: unknown) => e));
    await eventually(() => expect(proxy.heldBytes).toBeGreaterThan(0)); // on the wire, held by the proxy
    await client.close();
    for (const err of await Promise.all(calls)) {
      expect(err).toBeInstanceOf(ClusterConnectionError);
      expect((err as Error).message).toContain("is closed");
    }
    await expectNeverLands("closed-a");
    await expectNeverLands("closed-b");
  });
});
