import { describe, expect, it } from "vitest";
import type { WatchEvent } from "../../../src/cluster/object.js";
import { isApiError } from "../../../src/cluster/errors.js";
import { ClusterConnectionError } from "../../../src/cluster/errors.js";
import type { KubernetesClusterClient } from "../../../src/cluster/kubernetes/client.js";
import { eventually } from "../../support/eventually.js";
import { stubServers, widgets } from "./stub-servers.js";

/**
 * The watchdog and stream handling against local servers that misbehave on purpose (a real API server cannot be made
 * to hang half-way on demand). Conformance against real API servers is in test/conformance/.
 */

const { clientFor, silentServer, scriptedServer } = stubServers();

/**
 * Proves a stopped watch stays silent without a fixed sleep: a sentinel watch started afterwards with the same idle
 * timeout reports its own timeout only after the stopped one's watchdog would have fired (timers run in order).
 */
async function outlastWatchdog(client: KubernetesClusterClient): Promise<void> {
  const sentinel = recorder();
  client.watch(widgets, { resourceVersion: "1" }, sentinel.handlers);
  await eventually(() => expect(sentinel.closes).toHaveLength(1));
}

const line = (o: unknown) => `${JSON.stringify(o)}\n`;
const widget = (name: string, rv: string) => ({ apiVersion: "test.fedplane.io/v1", kind: "Widget", metadata: { name, namespace: "ns", resourceVersion: rv } });

function recorder() {
  const events: WatchEvent[] = [];
  const closes: (Error | undefined)[] = [];
  return { events, closes, handlers: { onEvent: (e: WatchEvent) => events.push(e), onClose: (err?: Error) => closes.push(err) } };
}

describe("Kubernetes watch watchdog", () => {
  it("closes a watch whose server accepted the connection and never answered (TLS never completes)", async () => {
    const { port } = await silentServer();
    const client = clientFor(`https://127.0.0.1:${port}`, { watchIdleTimeoutMs: 300 });
    const r = recorder();
    client.watch(widgets, { resourceVersion: "1" }, r.handlers);
    await eventually(() => expect(r.closes).toHaveLength(1));
    expect(r.closes[0]).toBeInstanceOf(ClusterConnectionError);
    expect((r.closes[0] as ClusterConnectionError).code).toBe("ETIMEDOUT");
    expect(r.closes[0]?.message).toContain("received nothing, not even a bookmark, for 0.3s");
    expect(r.closes[0]?.message).toContain(`https://127.0.0.1:${port}`);
    expect(r.closes[0]?.message).not.toContain("t0ken");
  });

  it("closes a watch that delivered events and a bookmark, then went silent", async () => {
    const { port } = await scriptedServer((res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write(line({ type: "ADDED", object: widget("a", "5") }));
      res.write(line({ type: "BOOKMARK", object: { kind: "Widget", apiVersion: "test.fedplane.io/v1", metadata: { resourceVersion: "6" } } }));
    });
    const client = clientFor(`http://127.0.0.1:${port}`, { watchIdleTimeoutMs: 300 });
    const r = recorder();
    client.watch(widgets, { resourceVersion: "4" }, r.handlers);
    await eventually(() => expect(r.closes).toHaveLength(1));
    expect(r.events.map((e) => [e.type, e.object.metadata.name])).toEqual([["ADDED", "a"]]);
    expect((r.closes[0] as ClusterConnectionError).code).toBe("ETIMEDOUT");
  });

  it("asks for bookmarks, a server-side timeout and the given resourceVersion and selector", async () => {
    const { port, requests } = await scriptedServer((res) => res.end());
    const client = clientFor(`http://127.0.0.1:${port}`, { watchTimeoutSeconds: 60 });
    const r = recorder();
    client.watch(widgets, { resourceVersion: "42", namespace: "ns", labelSelector: "app=web" }, r.handlers);
    await eventually(() => expect(r.closes).toEqual([undefined])); // a clean end: the caller resumes from its last event
    const url = new URL(requests[0].url ?? "", "http://x");
    expect(url.pathname).toBe("/apis/test.fedplane.io/v1/namespaces/ns/widgets");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ watch: "1", resourceVersion: "42", allowWatchBookmarks: "true", labelSelector: "app=web" });
    const timeout = Number(url.searchParams.get("timeoutSeconds"));
    expect(timeout).toBeGreaterThanOrEqual(60);
    expect(timeout).toBeLessThan(120);
    expect(requests[0].headers.authorization).toBe("Bearer t0ken");
  });

  it("turns an ERROR event with 410 into onClose(Gone), once", async () => {
    const { port } = await scriptedServer((res) => {
      res.writeHead(200);
      res.write(line({ type: "MODIFIED", object: widget("a", "7") }));
      res.end(line({ type: "ERROR", object: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "Expired", code: 410, message: "too old resource version: 1 (7)" } }));
    });
    const client = clientFor(`http://127.0.0.1:${port}`, {});
    const r = recorder();
    client.watch(widgets, { resourceVersion: "1" }, r.handlers);
    await eventually(() => expect(r.closes).toHaveLength(1));
    expect(r.events.map((e) => e.type)).toEqual(["MODIFIED"]);
    expect(isApiError(r.closes[0], "Gone")).toBe(true);
    expect(r.closes[0]?.message).toBe("too old resource version: 1 (7)");
  });

  it("maps a watch refused up front (HTTP 410) to Gone", async () => {
    const { port } = await scriptedServer((res) => {
      res.writeHead(410, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ kind: "Status", reason: "Expired", code: 410, message: "too old resource version" }));
    });
    const client = clientFor(`http://127.0.0.1:${port}`, {});
    const r = recorder();
    client.watch(widgets, { resourceVersion: "1" }, r.handlers);
    await eventually(() => expect(r.closes).toHaveLength(1));
    expect(isApiError(r.closes[0], "Gone")).toBe(true);
  });

  it("reports a connection cut mid-stream as an error, never as a clean end", async () => {
    const { port } = await scriptedServer((res) => {
      res.writeHead(200);
      res.write(line({ type: "ADDED", object: widget("a", "5") }));
      setImmediate(() => res.socket?.destroy());
    });
    const client = clientFor(`http://127.0.0.1:${port}`, {});
    const r = recorder();
    client.watch(widgets, { resourceVersion: "4" }, r.handlers);
    await eventually(() => expect(r.closes).toHaveLength(1));
    expect(r.closes[0]).toBeInstanceOf(ClusterConnectionError);
    expect(r.events).toHaveLength(1);
  });

  it("ends a watch on an event split across chunks only after the whole line arrived", async () => {
    const text = line({ type: "ADDED", object: widget("split", "9") });
    const { port } = await scriptedServer((res) => {
      res.writeHead(200);
      res.write(text.slice(0, 20));
      setTimeout(() => res.end(text.slice(20)), 50);
    });
    const client = clientFor(`http://127.0.0.1:${port}`, {});
    const r = recorder();
    client.watch(widgets, { resourceVersion: "4" }, r.handlers);
    await eventually(() => expect(r.closes).toHaveLength(1));
    expect(r.events.map((e) => e.object.metadata.name)).toEqual(["split"]);
  });

  it("stop() aborts the connection and onClose is never called, also when the server hangs", async () => {
    const silent = await silentServer();
    const client = clientFor(`https://127.0.0.1:${silent.port}`, { watchIdleTimeoutMs: 200 });
    const r = recorder();
    const handle = client.watch(widgets, { resourceVersion: "1" }, r.handlers);
    await eventually(() => expect(silent.sockets).toHaveLength(1));
    handle.stop();
    await eventually(() => expect(silent.closed).toContain(silent.sockets[0]));
    await outlastWatchdog(client);
    expect(r.closes).toEqual([]);
  });

  it("stop() right after watch(), before the request is even sent, is clean", async () => {
    const silent = await silentServer();
    const client = clientFor(`https://127.0.0.1:${silent.port}`, { watchIdleTimeoutMs: 200 });
    const r = recorder();
    client.watch(widgets, { resourceVersion: "1" }, r.handlers).stop();
    await outlastWatchdog(client);
    expect(r.closes).toEqual([]);
  });

  it("close() stops every watch without calling onClose", async () => {
    const silent = await silentServer();
    const client = clientFor(`https://127.0.0.1:${silent.port}`, { watchIdleTimeoutMs: 200 });
    const r = recorder();
    client.watch(widgets, { resourceVersion: "1" }, r.handlers);
    client.watch(widgets, { resourceVersion: "1", namespace: "ns" }, r.handlers);
    await eventually(() => expect(silent.sockets).toHaveLength(2));
    await client.close();
    await eventually(() => expect(silent.closed).toHaveLength(2));
    const other = clientFor(`https://127.0.0.1:${silent.port}`, { watchIdleTimeoutMs: 200 });
    await outlastWatchdog(other);
    expect(r.closes).toEqual([]);
  });
});

describe("Kubernetes request deadline", () => {
  it("fails a request to a hung API server with Timeout instead of waiting forever", async () => {
    const { port } = await silentServer();
    const client = clientFor(`https://127.0.0.1:${port}`, { requestTimeoutMs: 300 });
    const err = await client.get(widgets, "ns", "a").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterConnectionError);
    expect((err as ClusterConnectionError).code).toBe("ETIMEDOUT");
    expect((err as Error).message).toContain("got no answer within 0.3s");
    expect((err as Error).message).toContain(`https://127.0.0.1:${port}`);
  });

  it("fails a request whose answer stalls half-way with Timeout", async () => {
    const { port } = await scriptedServer((res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"apiVersion":"v1",');
    });
    const client = clientFor(`http://127.0.0.1:${port}`, { requestTimeoutMs: 300 });
    const err = await client.get(widgets, "ns", "a").catch((e: unknown) => e);
    expect((err as ClusterConnectionError).code).toBe("ETIMEDOUT");
  });

  it("fails a request whose connection is cut half-way through the answer", async () => {
    const { port } = await scriptedServer((res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"apiVersion":"v1",');
      setImmediate(() => res.socket?.destroy());
    });
    const client = clientFor(`http://127.0.0.1:${port}`, {});
    const err = await client.get(widgets, "ns", "a").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterConnectionError);
  });

  it("answers version() within the short probe deadline", async () => {
    const { port } = await silentServer();
    const client = clientFor(`https://127.0.0.1:${port}`, { requestTimeoutMs: 60_000, probeTimeoutMs: 200 });
    const err = await client.version().catch((e: unknown) => e);
    expect((err as ClusterConnectionError).code).toBe("ETIMEDOUT");
  });
});
