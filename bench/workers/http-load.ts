import http from "node:http";
import { wallMs } from "../lib/clock.js";
import { serveWorker } from "../lib/worker.js";

export interface LoadRequest {
  url: string;
  body: string;
  headers?: Record<string, string>;
  concurrency: number;
  /** Measured phase; a warm-up of warmupMs runs first and is not recorded. */
  durationMs: number;
  warmupMs: number;
}

export interface LoadResult {
  latenciesMs: number[];
  durationMs: number;
  errors: number;
  firstError?: string;
  responseBytes: number;
}

/** Closed-loop load: `concurrency` requests in flight over kept-alive connections, like autocannon -c. */
async function run(req: LoadRequest): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: req.concurrency });
  const url = new URL(req.url);
  const headers = { "content-type": "application/json", accept: "application/json", ...req.headers, "content-length": String(Buffer.byteLength(req.body)) };
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let responseBytes = 0;
  let recording = false;
  const fail = (why: string) => {
    if (!recording) return;
    errors++;
    firstError ??= why;
  };
  const once = () =>
    new Promise<void>((resolve) => {
      const start = wallMs();
      const r = http.request({ agent, method: "POST", hostname: url.hostname, port: url.port, path: url.pathname, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          if (res.statusCode !== 200) fail(`HTTP ${res.statusCode}: ${body.toString("utf8", 0, 300)}`);
          // Apollo writes `errors` first when there are any.
          else if (body.toString("utf8", 0, 10) === '{"errors":') fail(body.toString("utf8", 0, 300));
          else if (recording) {
            latencies.push(wallMs() - start);
            responseBytes = body.length;
          }
          resolve();
        });
      });
      r.on("error", (e) => {
        fail(e.message);
        resolve();
      });
      r.end(req.body);
    });
  let stopAt = Date.now() + req.warmupMs;
  const loop = async () => {
    while (Date.now() < stopAt) await once();
  };
  await Promise.all(Array.from({ length: req.concurrency }, loop));
  recording = true;
  const start = wallMs();
  stopAt = Date.now() + req.durationMs;
  await Promise.all(Array.from({ length: req.concurrency }, loop));
  const durationMs = wallMs() - start;
  agent.destroy();
  return { latenciesMs: latencies, durationMs, errors, firstError, responseBytes };
}

export type HttpLoadWorker = { run: typeof run };

serveWorker({ run });
