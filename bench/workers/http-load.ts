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
  /** Latency of every request completed in the measured window (their count / durationMs is the throughput). */
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
  const fail = (why: string) => {
    errors++;
    firstError ??= why;
  };
  // Steady state: a request counts (latency and throughput) when it completes inside the measured window.
  const recordFrom = wallMs() + req.warmupMs;
  const recordUntil = recordFrom + req.durationMs;
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
          else if (wallMs() >= recordFrom && wallMs() <= recordUntil) {
            latencies.push(wallMs() - start);
            responseBytes = body.length;
          }
          resolve();
        });
      });
      r.on("error", (e: NodeJS.ErrnoException) => {
        fail(`${e.message} (${e.code ?? "no code"}) after ${Math.round(wallMs() - start)} ms on a ${r.reusedSocket ? "reused" : "new"} connection`);
        resolve();
      });
      r.end(req.body);
    });
  // One continuous closed loop per connection through warm-up and measurement (stopping between them would leave some
  // connections idle past the server's keep-alive timeout).
  const loop = async () => {
    while (wallMs() < recordUntil) await once();
  };
  await Promise.all(Array.from({ length: req.concurrency }, loop));
  agent.destroy();
  return { latenciesMs: latencies, durationMs: req.durationMs, errors, firstError, responseBytes };
}

export type HttpLoadWorker = { run: typeof run };

serveWorker({ run });
