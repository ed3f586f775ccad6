import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createFedplaneClient, FedplaneRequestError } from "../../src/sdk/client.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";

/** A raw POST, for what the SDK would never send. */
async function post(url: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) {
  const response = await fetch(url, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

/** A request with a forged Host header (fetch does not allow setting it). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("HTTP server: safety limits and endpoints", () => {
  let fp: TestFedplane;
  let healthy: () => Promise<void>;
  beforeAll(async () => {
    fp = await startTestFedplane({ embeddedClusters: 0 });
    healthy = async () => expect((await fp.client.serverInfo()).serverInfo.backend).toBe("embedded");
  });
  afterAll(async () => {
    await fp?.stop();
  });

  it("answers /healthz and /readyz", async () => {
    const base = fp.app.url.replace(/\/graphql$/, "");
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready" });
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });

  it("refuses a 5 MB body with a clear 413, and keeps serving", async () => {
    const big = JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(5 * 1024 * 1024) } });
    const answer = await post(fp.app.url, big);
    expect(answer.status).toBe(413);
    const { errors } = answer.json();
    expect(errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
    expect(errors[0].message).toMatch(/Request body is 5\.0 MiB; fedplane accepts at most 1 MiB \(4 MiB for applyManifest/);
    await healthy();
  });

  it("allows manifest mutations up to the larger limit, but not other operations of that size", async () => {
    const padding = "x".repeat(2 * 1024 * 1024);
    const query = await post(fp.app.url, JSON.stringify({ query: "{ __typename }", variables: { padding } }));
    expect(query.status).toBe(413);
    const manifest = await post(
      fp.app.url,
      JSON.stringify({ query: "mutation($m: String!) { applyManifest(manifest: $m, dryRun: true) { dryRun } }", variables: { m: padding } }),
    );
    expect(manifest.status).not.toBe(413);
  });

  it("rejects a depth-50 query with the depth limit, and keeps serving", async () => {
    let nested = "user";
    for (let i = 0; i < 48; i++) nested = `caller { ${nested} }`;
    const error = (await fp.client.request(`{ serverInfo { ${nested} } }`).catch((e) => e)) as FedplaneRequestError;
    expect(error).toBeInstanceOf(FedplaneRequestError);
    expect(error.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(error.message).toContain("Query depth limit of 12 exceeded, found 50");
    await healthy();
  });

  it("rejects 1,000 aliases with the alias limit, and keeps serving", async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(" ");
    const error = (await fp.client.request(`{ ${aliases} }`).catch((e) => e)) as FedplaneRequestError;
    expect(error.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(error.message).toContain("Aliases limit of 30 exceeded, found 1000");
    await healthy();
  });

  it("rejects malformed JSON and GraphQL syntax with codes", async () => {
    const json = await post(fp.app.url, "{ not json");
    expect(json.status).toBe(400);
    expect(json.json().errors[0]).toMatchObject({ extensions: { code: "BAD_REQUEST" } });
    const syntax = (await fp.client.request("{ clusters { name ").catch((e) => e)) as FedplaneRequestError;
    expect(syntax.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("blocks cross-site requests (CSRF prevention) but serves JSON clients", async () => {
    const simple = await post(fp.app.url, JSON.stringify({ query: "{ __typename }" }), { "content-type": "text/plain" });
    expect(simple.status).toBe(400);
    expect(simple.text).toContain("Cross-Site Request Forgery");
    const get = await fetch(`${fp.app.url}?query=${encodeURIComponent("{ __typename }")}`);
    expect(get.status).toBe(400);
  });

  it("serves only loopback Host names (no DNS rebinding) and refuses foreign WebSocket origins", async () => {
    expect(await getWithHost(`${fp.app.url.replace(/\/graphql$/, "")}/healthz`, "evil.example:4000")).toBe(403);
    const port = new URL(fp.app.url).port;
    expect(await getWithHost(`${fp.app.url.replace(/\/graphql$/, "")}/healthz`, `localhost:${port}`)).toBe(200);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(fp.app.wsUrl, "graphql-transport-ws", { origin: "https://evil.example" });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it("closes a WebSocket that never sends connection_init (4408)", async () => {
    const fast = await startTestFedplane({ embeddedClusters: 0, limits: { connectionInitTimeoutMs: 200 } });
    try {
      const code = await new Promise<number>((resolve) => {
        const ws = new WebSocket(fast.app.wsUrl, "graphql-transport-ws");
        ws.on("close", (c) => resolve(c));
      });
      expect(code).toBe(4408);
    } finally {
      await fast.stop();
    }
  });

  it("carries the caller's identity in the context, over HTTP and WebSocket alike", async () => {
    const alice = createFedplaneClient({ url: fp.app.url, headers: { "x-fedplane-user": "alice", "x-fedplane-groups": "ops, admins" } });
    try {
      expect((await alice.serverInfo()).serverInfo.caller).toEqual({ user: "alice", groups: ["ops", "admins"], authenticated: false });
      expect((await fp.client.serverInfo()).serverInfo.caller).toMatchObject({ user: "anonymous", groups: [] });
      const ws = new WebSocket(fp.app.wsUrl, "graphql-transport-ws");
      const caller = await new Promise<unknown>((resolve, reject) => {
        ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init", payload: { "x-fedplane-user": "bob" } })));
        ws.on("message", (data) => {
          const msg = JSON.parse(String(data));
          if (msg.type === "connection_ack") {
            ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "{ serverInfo { caller { user } } }" } }));
          } else if (msg.type === "next") resolve(msg.payload.data.serverInfo.caller);
          else if (msg.type === "error") reject(new Error(JSON.stringify(msg.payload)));
        });
      });
      ws.close();
      expect(caller).toEqual({ user: "bob" });
    } finally {
      await alice.close();
    }
  });

  it("drains on shutdown: open subscriptions are closed, then the port is released", async () => {
    const other = await startTestFedplane({ embeddedClusters: 0 });
    const events = other.client.clusterStatusChanged({});
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.clusterStatusChanged.cluster.name).toBe("local");
    const pending = iterator.next();
    await other.app.stop();
    const ended = await pending.then(
      (r) => (r.done ? "completed" : "event"),
      (e: Error) => e.message,
    );
    expect(ended).toMatch(/completed|WebSocket closed \(1001/);
    await expect(fetch(other.app.url)).rejects.toThrow();
    await other.client.close();
  });

  it("serves the playground to browsers, with no asset from anywhere else", async () => {
    for (const path of ["/graphql"]) { // "/" is the web console: test/console/console.test.ts
      const page = await fetch(fp.app.url.replace(/\/graphql$/, path), { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
      const html = await page.text();
      expect(html).toContain("YogaGraphiQL.renderYogaGraphiQL");
      expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="(https?:)?\/\//);
      expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    }
  });
});
