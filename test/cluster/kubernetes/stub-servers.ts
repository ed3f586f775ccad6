import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { stringify } from "yaml";
import { KubernetesClusterClient, type KubernetesClientOptions } from "../../../src/cluster/kubernetes/client.js";

/**
 * Local servers that misbehave on purpose, for what a real API server cannot be made to do on demand (hang half-way,
 * answer with scripted headers). Everything made here is closed after each test.
 */

export const widgets = { group: "test.fedplane.io", version: "v1", kind: "Widget", plural: "widgets", namespaced: true };

export function stubServers() {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function clientFor(server: string, options: KubernetesClientOptions): KubernetesClusterClient {
    const kubeconfig = stringify({
      clusters: [{ name: "c", cluster: { server, "insecure-skip-tls-verify": true } }],
      users: [{ name: "u", user: { token: "t0ken" } }],
      contexts: [{ name: "c", context: { cluster: "c", user: "u" } }],
      "current-context": "c",
    });
    const client = KubernetesClusterClient.fromKubeconfigText("stub", kubeconfig, options);
    cleanups.push(() => client.close());
    return client;
  }

  /** Listens on a free loopback port; the cleanup cuts open connections first, or close() would wait for them. */
  async function listen(server: net.Server, cutConnections: () => void): Promise<number> {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => {
      cutConnections();
      return new Promise((resolve) => server.close(resolve));
    });
    return (server.address() as AddressInfo).port;
  }

  /** Accepts TCP connections and never says a word (a hung API server, or one stopped with SIGSTOP). */
  async function silentServer(): Promise<{ port: number; sockets: net.Socket[]; closed: net.Socket[] }> {
    const sockets: net.Socket[] = [];
    const closed: net.Socket[] = [];
    const server = net.createServer((s) => {
      sockets.push(s);
      s.on("close", () => closed.push(s));
      s.resume(); // reads (and ignores) what arrives, so a client hanging up is noticed
    });
    return { port: await listen(server, () => sockets.forEach((s) => s.destroy())), sockets, closed };
  }

  /** An HTTP "API server" whose answers are scripted per test. */
  async function scriptedServer(onRequest: (res: http.ServerResponse, req: http.IncomingMessage) => void) {
    const requests: http.IncomingMessage[] = [];
    const server = http.createServer((req, res) => {
      requests.push(req);
      onRequest(res, req);
    });
    return { port: await listen(server, () => server.closeAllConnections()), requests };
  }

  return { clientFor, silentServer, scriptedServer };
}
