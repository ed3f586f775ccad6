import https from "node:https";
import { KubeConfig } from "@kubernetes/client-node";

/** Requests an API server has served, by "VERB resource[/subresource]" (from apiserver_request_total on /metrics). */
export type RequestCounts = Map<string, number>;

// The API server's own bookkeeping (its lease renewals) and our scraping are not requests anyone under test made.
const IGNORED_RESOURCES = new Set(["leases"]);

/**
 * Counts requests where they land: on the API server. Nothing in the client under test is instrumented, so every
 * request is counted whoever made it (bench observers only hold watches opened before a measurement starts).
 */
export class ApiServerRequests {
  private readonly kc = new KubeConfig();

  constructor(
    readonly name: string,
    kubeconfigPath: string,
  ) {
    this.kc.loadFromFile(kubeconfigPath);
  }

  async counts(): Promise<RequestCounts> {
    const text = await this.get("/metrics");
    const counts: RequestCounts = new Map();
    for (const line of text.split("\n")) {
      if (!line.startsWith("apiserver_request_total{")) continue;
      const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      if (!labels.resource || IGNORED_RESOURCES.has(labels.resource)) continue;
      const key = `${labels.verb} ${labels.resource}${labels.subresource ? `/${labels.subresource}` : ""}`;
      counts.set(key, (counts.get(key) ?? 0) + Number(line.slice(line.lastIndexOf(" ") + 1)));
    }
    return counts;
  }

  private async get(path: string): Promise<string> {
    const options: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(options);
    const url = new URL(path, this.kc.getCurrentCluster()!.server);
    return new Promise((resolve, reject) => {
      https
        .get(url, { ...options, agent: undefined }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const body = Buffer.concat(chunks).toString("utf8");
            if (res.statusCode === 200) resolve(body);
            else reject(new Error(`GET ${path} on ${this.name}: HTTP ${res.statusCode} ${body.slice(0, 200)}`));
          });
        })
        .on("error", reject);
    });
  }
}

/** Requests served by all of `servers` between two snapshots: the total and a breakdown such as "POST upstreams 2000". */
export class RequestWindow {
  private before: RequestCounts[] = [];

  constructor(private readonly servers: readonly ApiServerRequests[]) {}

  async start(): Promise<void> {
    this.before = await Promise.all(this.servers.map((s) => s.counts()));
  }

  async end(): Promise<{ total: number; breakdown: string }> {
    const after = await Promise.all(this.servers.map((s) => s.counts()));
    const delta = new Map<string, number>();
    after.forEach((counts, i) => {
      for (const [key, n] of counts) {
        const d = n - (this.before[i].get(key) ?? 0);
        if (d > 0) delta.set(key, (delta.get(key) ?? 0) + d);
      }
    });
    const total = [...delta.values()].reduce((s, n) => s + n, 0);
    const breakdown = [...delta].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ");
    return { total, breakdown };
  }
}
