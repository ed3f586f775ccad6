import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest, type Server } from "node:http";
import { createServer as createHttpsServer, request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createFedplane } from "../../src/app/fedplane.js";
import { createLogger, silentLogger } from "../../src/app/logger.js";
import { createPki, type Pki } from "../../src/controlplane/pki.js";
import { createFedplaneClient, FedplaneRequestError } from "../../src/sdk/client.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";

/** Transport and exposure, bad input and audit, as promises. */

function statusWithHost(url: string, host: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host, ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Opens a graphql-ws connection with the token; resolves "ack" or the close code. */
function connect(url: string, token: string, options: WebSocket.ClientOptions = {}): Promise<{ ws: WebSocket; result: number | "ack" | "refused" }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, "graphql-transport-ws", options);
    ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init", payload: { Authorization: `Bearer ${token}` } })));
    ws.on("message", (d) => JSON.parse(String(d)).type === "connection_ack" && resolve({ ws, result: "ack" }));
    ws.on("close", (code) => resolve({ ws, result: code }));
    ws.on("unexpected-response", () => resolve({ ws, result: "refused" }));
    ws.on("error", () => undefined);
  });
}

/** A WebSocket that is open but has not sent connection_init. */
function opened(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, "graphql-transport-ws");
    ws.on("open", () => resolve(ws));
    ws.on("error", reject);
  });
}

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e) => e as FedplaneRequestError);

describe("exposure: names, transport and caps", () => {
  let fp: TestFedplane;
  let logs: string[];
  let auditFile: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fedplane-exposure-"));
    auditFile = join(dir, "audit.log");
    logs = [];
    fp = await startTestFedplane({
      embeddedClusters: 0,
      auditLog: auditFile,
      logger: createLogger({ level: "debug", format: "json", write: (l) => logs.push(l) }),
      limits: { maxWebSocketConnections: 4, maxWebSocketConnectionsPerUser: 2, maxSubscriptionsPerConnection: 2 },
    });
  });
  afterAll(async () => {
    await fp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses DNS-rebinding host names: loopback is localhost, 127.0.0.0/8 and ::1 literals only", async () => {
    const base = fp.app.url.replace(/\/graphql$/, "/readyz");
    const port = new URL(fp.app.url).port;
    for (const host of ["127.attacker.example", "127.0.0.1.nip.io", "localhost.attacker.example", "evil.example", `127.attacker.example:${port}`])
      expect({ host, status: await statusWithHost(base, host) }).toEqual({ host, status: 403 });
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `127.1.2.3:${port}`, `[::1]:${port}`, "LOCALHOST"])
      expect({ host, status: await statusWithHost(base, host) }).toEqual({ host, status: 200 });
  });

  it("refuses WebSocket upgrades from rebinding names and foreign origins", async () => {
    const port = new URL(fp.app.url).port;
    expect((await connect(fp.app.wsUrl, fp.token, { headers: { host: `127.attacker.example:${port}` } })).result).toBe("refused");
    expect((await connect(fp.app.wsUrl, fp.token, { origin: `http://127.attacker.example:${port}` })).result).toBe("refused");
    const same = await connect(fp.app.wsUrl, fp.token, { origin: `http://127.0.0.1:${port}` });
    expect(same.result).toBe("ack");
    same.ws.close();
  });

  it("refuses to serve plain HTTP on an address other machines can reach", async () => {
    await expect(createFedplane({ host: "0.0.0.0", port: 0, embeddedClusters: 0, logger: silentLogger })).rejects.toThrow(
      "0.0.0.0 can be reached from other machines: serve it over TLS (--tls-cert-file and --tls-private-key-file), or accept plain HTTP on a trusted network with --insecure-allow-http",
    );
  });

  it("sends nosniff and frame-ancestors on every answer", async () => {
    const response = await fetch(fp.app.url, { method: "POST", headers: { "content-type": "application/json", ...fp.authHeaders }, body: '{"query":"{ __typename }"}' });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const unauthenticated = await fetch(fp.app.url, { method: "POST", body: "{}" });
    expect(unauthenticated.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("caps subscriptions per WebSocket with an error naming the limit", async () => {
    const client = createFedplaneClient({ url: fp.app.url, token: fp.token });
    try {
      const subs = [0, 1].map(() => client.clusterStatusChanged({})[Symbol.asyncIterator]());
      for (const s of subs) expect((await s.next()).done).toBe(false);
      const third = await failure(client.clusterStatusChanged({})[Symbol.asyncIterator]().next());
      expect(third?.code).toBe("TOO_MANY_SUBSCRIPTIONS");
      expect(third?.message).toContain("this WebSocket already has 2 subscriptions, the most allowed");
    } finally {
      await client.close();
    }
  });

  it("caps WebSockets per user (4429) and per server (1013)", async () => {
    const mine = [await connect(fp.app.wsUrl, fp.token), await connect(fp.app.wsUrl, fp.token)];
    expect(mine.map((c) => c.result)).toEqual(["ack", "ack"]);
    expect((await connect(fp.app.wsUrl, fp.token)).result).toBe(4429);
    const more = [await opened(fp.app.wsUrl), await opened(fp.app.wsUrl)]; // sockets count from the upgrade on, before connection_init
    expect((await connect(fp.app.wsUrl, fp.token)).result).toBe(1013);
    for (const c of [...mine.map((m) => m.ws), ...more]) c.close();
    await eventually(async () => expect((await connect(fp.app.wsUrl, fp.token)).result).toBe("ack"));
  });

  it("refuses bad input with BAD_USER_INPUT naming the document and the limit", async () => {
    const bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    const aliasBomb = await failure(fp.client.applyManifest({ manifest: `kind: ConfigMap\n---\n${bomb}` }));
    expect([aliasBomb?.code, aliasBomb?.message]).toEqual(["BAD_USER_INPUT", "document 2: its aliases expand past the limit of 100 alias uses (a YAML alias bomb?)"]);
    const unresolved = await failure(fp.client.applyManifest({ manifest: "metadata:\n  <<: *base\n  name: x\n" }));
    expect([unresolved?.code, unresolved?.message]).toEqual(["BAD_USER_INPUT", "document 1: an alias refers to no anchor before it (*base)"]);
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const answer = await fetch(fp.app.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...fp.authHeaders },
      body: `{"query":"query($v: JSON) { __typename }","variables":{"v":${deep}}}`,
    });
    expect(answer.status).toBe(400);
    expect((await answer.json()).errors[0]).toEqual({ message: "request body: nested deeper than 64 levels of arrays and objects, the limit", extensions: { code: "BAD_USER_INPUT" } });
    const expiry = await failure(fp.client.registerCluster({ input: { name: "later", tokenExpiresAt: "yesterday" } }));
    expect([expiry?.code, expiry?.field]).toEqual(["BAD_USER_INPUT", "input.tokenExpiresAt"]);
    const kubeconfigBomb = await failure(fp.client.registerCluster({ input: { name: "bombed", kubeconfig: bomb } }));
    expect(kubeconfigBomb?.code).toBe("BAD_USER_INPUT");
    expect(kubeconfigBomb?.message).toContain("aliases past the limit of 100");
  });

  it("answers a 70 MiB body with 413, not a reset connection", async () => {
    const answer = await fetch(fp.app.url, { method: "POST", headers: { "content-type": "application/json", ...fp.authHeaders }, body: Buffer.alloc(70 * 1024 * 1024, 32) });
    expect(answer.status).toBe(413);
    expect((await answer.json()).errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("writes every mutation to the audit log: user, groups, operation, objects, dry run, outcome", async () => {
    const manifest = `apiVersion: fed.gloo.solo.io/v1
kind: FederatedUpstream
metadata: { name: audited, namespace: gloo-system }
spec:
  placement: { clusters: [local], namespaces: [gloo-system] }
  template: { metadata: { name: audited }, spec: { static: { hosts: [{ addr: solo.io, port: 80 }] } } }
`;
    await fp.client.applyManifest({ manifest, dryRun: true });
    await failure(fp.client.deleteFederatedResource({ kind: "UPSTREAM", namespace: "gloo-system", name: "absent" }));
    const lines = await eventually(() => {
      const l = readFileSync(auditFile, "utf8").trim().split("\n").map((x) => JSON.parse(x));
      expect(l.some((r) => r.operation === "deleteFederatedResource")).toBe(true);
      return l;
    });
    expect(lines.find((r) => r.operation === "applyManifest" && r.dryRun)).toMatchObject({
      user: "fedplane-admin",
      groups: ["system:masters", "system:authenticated"],
      objects: ["FederatedUpstream gloo-system/audited"],
      outcome: "succeeded",
    });
    expect(lines.find((r) => r.operation === "deleteFederatedResource")).toMatchObject({ outcome: "failed", objects: ["FederatedUpstream gloo-system/absent"] });
    expect(readFileSync(auditFile, "utf8")).not.toContain("kubeconfig-token-xyz");
  });
});

describe("TLS: HTTPS, WSS, client certificates, and what registered URLs answer", () => {
  let pki: Pki;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fedplane-tls-"));
    pki = await createPki(dir, "fedplane-test");
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves HTTPS, and a client certificate signed by --client-ca-file authenticates as CN with O as groups", async () => {
    const fp = await startTestFedplane({ embeddedClusters: 0, tls: { certFile: pki.servingCert, keyFile: pki.servingKey, clientCaFile: pki.caCert } });
    try {
      expect(fp.app.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/graphql$/);
      expect(fp.app.wsUrl).toMatch(/^wss:/);
      const post = (options: { cert?: Buffer; key?: Buffer; headers?: Record<string, string> }) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = httpsRequest(
            fp.app.url,
            { method: "POST", ca: readFileSync(pki.caCert), cert: options.cert, key: options.key, headers: { "content-type": "application/json", ...options.headers } },
            (res) => {
              let body = "";
              res.on("data", (c) => (body += c));
              res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
            },
          );
          req.on("error", reject);
          req.end('{"query":"{ serverInfo { caller { user groups } } }"}');
        });
      const byCert = await post({ cert: readFileSync(pki.adminCert), key: readFileSync(pki.adminKey) });
      expect(JSON.parse(byCert.body).data.serverInfo.caller).toEqual({ user: "fedplane-admin", groups: ["system:masters", "system:authenticated"] });
      expect((await post({})).status).toBe(401);
      expect((await post({ headers: fp.authHeaders })).status).toBe(200);
    } finally {
      await fp.stop();
    }
  }, 60_000);

  it("never reads back what a registered URL answers, nor echoes a token in its path (no SSRF read-back)", async () => {
    const logs: string[] = [];
    const fp = await startTestFedplane({ embeddedClusters: 0, logger: createLogger({ level: "debug", format: "json", write: (l) => logs.push(l) }) });
    const secretService: Server = createHttpsServer({ cert: readFileSync(pki.servingCert), key: readFileSync(pki.servingKey) }, (_req, res) =>
      res.writeHead(404, { "content-type": "text/plain" }).end("internal-secret-body"),
    );
    await new Promise<void>((r) => secretService.listen(0, "127.0.0.1", r));
    const port = (secretService.address() as AddressInfo).port;
    const kubeconfig = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:${port}/path-token-abc123", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: kubeconfig-token-xyz } }]
contexts: [{ name: c, context: { cluster: c, user: u } }]
current-context: c
`;
    try {
      const registered = await failure(fp.client.registerCluster({ input: { name: "probe-me", kubeconfig } }));
      if (registered) for (const secret of ["internal-secret-body", "path-token-abc123", "kubeconfig-token-xyz"]) expect(registered.message).not.toContain(secret);
      const lastError = await eventually(async () => {
        const c = (await fp.client.cluster({ name: "probe-me" })).cluster;
        expect(c?.lastError).toBeTruthy();
        return c!.lastError!;
      });
      expect(lastError).toContain("HTTP 404");
      for (const secret of ["internal-secret-body", "path-token-abc123", "kubeconfig-token-xyz"]) expect(lastError).not.toContain(secret);
      for (const secret of ["internal-secret-body", "kubeconfig-token-xyz", fp.token]) expect(logs.join("\n")).not.toContain(secret);
    } finally {
      secretService.close();
      await fp.stop();
    }
  }, 60_000);

});
