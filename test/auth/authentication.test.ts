import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createFedplaneClient, FedplaneRequestError } from "../../src/sdk/client.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { sdkOperations } from "./operations.js";

/**
 * Authentication, as promises to a reviewer: nothing but the health endpoints answers a caller without valid
 * credentials, over HTTP or WebSocket, whatever the operation.
 */

async function post(url: string, query: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] } };
}

/** Opens a graphql-ws socket and sends connection_init; resolves with the close code, or "ack". */
function connect(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ code: number | "ack"; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, "graphql-transport-ws", { headers });
    ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init", ...(payload === undefined ? {} : { payload }) })));
    ws.on("message", (data) => {
      if (JSON.parse(String(data)).type === "connection_ack") {
        resolve({ code: "ack", reason: "" });
        ws.close();
      }
    });
    ws.on("close", (code, reason) => resolve({ code, reason: String(reason) }));
    ws.on("error", reject);
  });
}

const forged = { authorization: "Bearer forged-0123456789abcdefghijklmnopqrstuvwxyz" };
const badCredentials: [string, Record<string, string>][] = [
  ["no credentials", {}],
  ["a forged token", forged],
  ["an empty bearer token", { authorization: "Bearer " }],
  ["another scheme (Basic)", { authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}` }],
  ["the retired X-Fedplane-User header", { "x-fedplane-user": "system:admin", "x-fedplane-groups": "system:masters" }],
];

describe("authentication: every request needs valid credentials", () => {
  let fp: TestFedplane;
  let other: TestFedplane;
  beforeAll(async () => {
    [fp, other] = await Promise.all([startTestFedplane({ embeddedClusters: 0 }), startTestFedplane({ embeddedClusters: 0 })]);
  });
  afterAll(async () => {
    await Promise.all([fp?.stop(), other?.stop()]);
  });

  it("knows every SDK operation (queries, mutations, subscriptions)", () => {
    expect(new Set(sdkOperations.map((o) => o.type))).toEqual(new Set(["query", "mutation", "subscription"]));
  });

  for (const [what, headers] of badCredentials) {
    it(`refuses every operation over HTTP with ${what}: 401 UNAUTHENTICATED, no data`, async () => {
      for (const op of sdkOperations) {
        const answer = await post(fp.app.url, op.query, headers);
        expect({ op: op.name, status: answer.status, code: answer.body.errors?.[0]?.extensions.code }).toEqual({ op: op.name, status: 401, code: "UNAUTHENTICATED" });
        expect(answer.body.data).toBeUndefined();
        expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
      }
    });

    it(`closes a WebSocket with ${what} (in connection_init or on the upgrade) with 4401 before any operation`, async () => {
      const { authorization } = headers;
      const viaPayload = await connect(fp.app.wsUrl, authorization === undefined ? headers : { Authorization: authorization });
      expect(viaPayload.code).toBe(4401);
      expect(viaPayload.reason).toMatch(/^Unauthorized/);
      const viaUpgrade = await connect(fp.app.wsUrl, undefined, headers);
      expect(viaUpgrade.code).toBe(4401);
    });
  }

  it("refuses another server's admin token", async () => {
    expect((await post(fp.app.url, "{ clusters { name } }", { authorization: `Bearer ${other.token}` })).status).toBe(401);
    expect((await connect(fp.app.wsUrl, { Authorization: `Bearer ${other.token}` })).code).toBe(4401);
  });

  it("never repeats the presented token in the answer", async () => {
    const answer = await post(fp.app.url, "{ clusters { name } }", forged);
    expect(JSON.stringify(answer.body)).not.toContain("forged-0123456789");
  });

  it("serves the admin token over HTTP, the WebSocket upgrade header and connection_init", async () => {
    expect((await post(fp.app.url, "{ serverInfo { caller { user } } }", fp.authHeaders)).body.data).toEqual({ serverInfo: { caller: { user: "fedplane-admin" } } });
    expect((await connect(fp.app.wsUrl, { Authorization: `Bearer ${fp.token}` })).code).toBe("ack");
    expect((await connect(fp.app.wsUrl, { authorization: `bearer ${fp.token}` })).code).toBe("ack");
    expect((await connect(fp.app.wsUrl, undefined, fp.authHeaders)).code).toBe("ack");
  });

  it("serves the health endpoints and the pages without credentials, and nothing else", async () => {
    const base = fp.app.url.replace(/\/graphql$/, "");
    for (const path of ["/healthz", "/livez", "/readyz"]) expect((await fetch(base + path)).status).toBe(200);
    expect((await fetch(base + "/nothing-here")).status).toBe(401);
    expect((await fetch(base + "/", { headers: { accept: "text/html" } })).status).toBe(200);
  });

  it("serves without credentials only the paths configured so", async () => {
    const strict = await startTestFedplane({ embeddedClusters: 0, unauthenticatedPaths: ["/livez"] });
    try {
      const base = strict.app.url.replace(/\/graphql$/, "");
      expect((await fetch(base + "/livez")).status).toBe(200);
      expect((await fetch(base + "/readyz")).status).toBe(401);
      expect((await fetch(base + "/readyz", { headers: strict.authHeaders })).status).toBe(200);
    } finally {
      await strict.stop();
    }
  });

  it("the SDK sends its token and reports a missing one as UNAUTHENTICATED", async () => {
    const anonymous = createFedplaneClient({ url: fp.app.url });
    const error = (await anonymous.clusters().catch((e) => e)) as FedplaneRequestError;
    expect(error).toBeInstanceOf(FedplaneRequestError);
    expect([error.status, error.code]).toEqual([401, "UNAUTHENTICATED"]);
    const subscription = anonymous.clusterStatusChanged({})[Symbol.asyncIterator]();
    await expect(subscription.next()).rejects.toThrow(/4401/);
    await anonymous.close();
    expect((await fp.client.clusters()).clusters.map((c) => c.name)).toEqual(["local"]);
  });
});
