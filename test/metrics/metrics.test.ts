import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedManifest } from "../../src/app/examples.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";

const PATIENT = { timeoutMs: 60_000, intervalMs: 200 };

async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one sample, matched by name and a label subset; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

function promtool(input: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile("/usr/bin/promtool", ["check", "metrics"], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
    child.stdin!.end(input);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe("/metrics (embedded default)", () => {
  let fp: TestFedplane;
  let metricsUrl: string;
  beforeAll(async () => {
    fp = await startTestFedplane({ embeddedClusters: 1 });
    metricsUrl = fp.app.metricsUrl!;
    await fp.client.applyManifest({ manifest: seedManifest(["local", "cluster-1"]) });
    await eventually(() => expect(fp.app.services.federation.list().every((o) => o.status?.placementStatus?.state === "PLACED")).toBe(true), PATIENT);
  });
  afterAll(async () => {
    await fp?.stop();
  });

  it("is served on the API port without credentials and has controller-runtime's, client-go's, fedplane's and Node's series", async () => {
    expect(metricsUrl).toBe(fp.app.url.replace(/graphql$/, "metrics"));
    const text = await eventually(async () => {
      const t = await scrape(metricsUrl);
      expect(sample(t, "fedplane_destinations", { state: "PLACED" })).toBeGreaterThan(0);
      return t;
    }, PATIENT);
    expect(sample(text, "controller_runtime_reconcile_total", { controller: "federation", result: "success" })).toBeGreaterThan(0);
    expect(sample(text, "controller_runtime_reconcile_time_seconds_count", { controller: "federation" })).toBeGreaterThan(0);
    expect(sample(text, "controller_runtime_reconcile_errors_total", { controller: "federation" }) ?? 0).toBeGreaterThanOrEqual(0);
    expect(sample(text, "workqueue_adds_total", { name: "federation" })).toBeGreaterThan(0);
    expect(sample(text, "workqueue_depth", { name: "federation" })).toBeGreaterThanOrEqual(0);
    expect(sample(text, "workqueue_queue_duration_seconds_count", { name: "federation" })).toBeGreaterThan(0);
    expect(sample(text, "workqueue_work_duration_seconds_count", { name: "federation" })).toBeGreaterThan(0);
    expect(sample(text, "leader_election_master_status", { name: "fedplane" })).toBe(1);
    expect(sample(text, "fedplane_clusters", { ready: "true" })).toBe(2);
    expect(sample(text, "fedplane_federated_resources", { kind: "FederatedUpstream", state: "PLACED" })).toBeGreaterThan(0);
    expect(sample(text, "fedplane_destinations", { kind: "FederatedUpstream", state: "PLACED" })).toBe(2);
    expect(sample(text, "rest_client_requests_total", { method: "POST", code: "201", host: "cluster-1" })).toBeGreaterThan(0);
    expect(sample(text, "graphql_operations_total", { type: "mutation", outcome: "success" })).toBeGreaterThan(0);
    expect(sample(text, "process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(sample(text, "nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
  });

  it("counts GraphQL operations by type, name and outcome, with durations", async () => {
    const query = (body: unknown) => fetch(fp.app.url, { method: "POST", headers: { "content-type": "application/json", ...fp.authHeaders }, body: JSON.stringify(body) });
    await query({ query: "query MetricsProbe { __typename }" });
    await query({ query: "query MetricsBroken { noSuchField }" });
    const text = await scrape(metricsUrl);
    expect(sample(text, "graphql_operations_total", { type: "query", name: "MetricsProbe", outcome: "success" })).toBe(1);
    expect(sample(text, "graphql_operations_total", { name: "MetricsBroken", outcome: "invalid" })).toBe(1);
    expect(sample(text, "graphql_operation_duration_seconds_count", { type: "query", name: "MetricsProbe" })).toBe(1);
  });

  it("passes promtool check metrics", async () => {
    const { code, output } = await promtool(await scrape(metricsUrl));
    expect(output).toBe("");
    expect(code).toBe(0);
  });

  it("a real Prometheus scrapes it and answers a PromQL query about the placement", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fedplane-prometheus-"));
    const target = new URL(metricsUrl);
    writeFileSync(
      join(dir, "prometheus.yml"),
      `global: {scrape_interval: 1s}\nscrape_configs:\n  - job_name: fedplane\n    metrics_path: ${target.pathname}\n    static_configs: [{targets: ["${target.host}"]}]\n`,
    );
    const port = await freePort();
    const prometheus = spawn(
      "/usr/bin/prometheus",
      [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let log = "";
    prometheus.stderr.on("data", (d) => (log += d));
    const exited = new Promise((resolve) => prometheus.on("exit", resolve));
    try {
      const promql = 'sum(fedplane_destinations{kind="FederatedUpstream",state="PLACED"})';
      const value = await eventually(
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`);
          const body = (await res.json()) as { status: string; data: { result: { value: [number, string] }[] } };
          expect(body.status).toBe("success");
          expect(body.data.result).toHaveLength(1);
          return Number(body.data.result[0].value[1]);
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      ).catch((e) => {
        throw new Error(`${(e as Error).message}\nprometheus log:\n${log.slice(-3000)}`);
      });
      expect(value).toBe(2);
    } finally {
      prometheus.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe("--metrics-bind-address", () => {
  it("moves /metrics to its own address (the API port no longer serves it); a malformed address is refused with the flag named", async () => {
    const fp = await startTestFedplane({ embeddedClusters: 0, metrics: { bindAddress: "127.0.0.1:0" } });
    try {
      const url = new URL(fp.app.metricsUrl!);
      expect(url.port).not.toBe(new URL(fp.app.url).port);
      expect(sample(await scrape(url.href), "leader_election_master_status", { name: "fedplane" })).toBe(1);
      expect((await fetch(fp.app.url.replace(/graphql$/, "metrics"))).status).toBe(404);
    } finally {
      await fp.stop();
    }
    await expect(startTestFedplane({ embeddedClusters: 0, metrics: { bindAddress: "localhost" } })).rejects.toThrow(/--metrics-bind-address must be host:port/);
  });

  it("false turns metrics off", async () => {
    const fp = await startTestFedplane({ embeddedClusters: 0, metrics: false });
    try {
      expect(fp.app.metricsUrl).toBeUndefined();
      expect((await fetch(fp.app.url.replace(/graphql$/, "metrics"))).status).toBe(404);
    } finally {
      await fp.stop();
    }
  });
});
