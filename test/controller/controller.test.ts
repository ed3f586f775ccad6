import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/app/logger.js";
import { Controller } from "../../src/controller/controller.js";
import type { ControllerMetrics, ReconcileOutcome } from "../../src/controller/metrics.js";
import { ItemExponentialLimiter } from "../../src/controller/rate-limiter.js";
import { TerminalError, type Reconciler } from "../../src/controller/reconcile.js";
import { eventually } from "../support/eventually.js";
import { ManualClock } from "./manual-clock.js";

const quickRetries = () => new ItemExponentialLimiter(1, 20);

/** Lets every pending promise callback run (a few rounds: reconciles await more than once). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

function recordingMetrics() {
  const outcomes: [string, ReconcileOutcome][] = [];
  const calls: string[] = [];
  const metrics: ControllerMetrics = {
    queueDepth: (c, n) => calls.push(`${c} depth ${n}`),
    queueAdd: (c) => calls.push(`${c} add`),
    queueRetry: (c) => calls.push(`${c} retry`),
    queueLatency: (c) => calls.push(`${c} latency`),
    workDuration: (c) => calls.push(`${c} work`),
    reconciled: (c, outcome) => outcomes.push([c, outcome]),
    activeWorkers: (c, n) => calls.push(`${c} active ${n}`),
  };
  return { metrics, outcomes, calls };
}

describe("Controller", () => {
  it("keeps its workers alive through synchronous throws and rejected promises, retrying those keys with backoff", async () => {
    const attempts = new Map<string, number>();
    const done: string[] = [];
    const reconciler: Reconciler = {
      reconcile(key) {
        const n = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, n);
        if (key === "throws" && n < 3) throw new Error("synchronous throw");
        if (key === "rejects" && n < 3) return Promise.reject(new Error("rejected"));
        if (key === "rejects-non-error" && n < 2) return Promise.reject("a string");
        done.push(key);
        return Promise.resolve();
      },
    };
    const c = new Controller({ name: "t", reconciler, workers: 1, rateLimiter: quickRetries() });
    await c.start();
    for (const key of ["throws", "rejects", "rejects-non-error", "fine"]) c.add(key);
    await eventually(() => expect([...done].sort()).toEqual(["fine", "rejects", "rejects-non-error", "throws"]));
    expect(attempts.get("throws")).toBe(3);
    expect(attempts.get("rejects")).toBe(3);
    // The single worker is still there for new keys.
    c.add("later");
    await eventually(() => expect(done).toContain("later"));
    await c.stop();
  });

  it("never reconciles one key in two workers at once; a key added during its reconcile runs again afterwards", async () => {
    let running = 0;
    let maxSameKey = 0;
    let maxWorkers = 0;
    const runs = new Map<string, number>();
    const runningKeys = new Map<string, number>();
    const reconciler: Reconciler = {
      async reconcile(key) {
        running++;
        runningKeys.set(key, (runningKeys.get(key) ?? 0) + 1);
        maxSameKey = Math.max(maxSameKey, runningKeys.get(key)!);
        maxWorkers = Math.max(maxWorkers, running);
        await new Promise((r) => setTimeout(r, 2));
        runningKeys.set(key, runningKeys.get(key)! - 1);
        running--;
        runs.set(key, (runs.get(key) ?? 0) + 1);
      },
    };
    const c = new Controller({ name: "t", reconciler, workers: 4 });
    await c.start();
    c.add("a");
    for (let i = 0; i < 30; i++) {
      c.add("a");
      c.add(`k${i % 6}`);
      await new Promise((r) => setTimeout(r, 1));
    }
    await eventually(() => expect(c.has("a") || [...Array(6).keys()].some((i) => c.has(`k${i}`))).toBe(false));
    expect(maxSameKey).toBe(1);
    expect(maxWorkers).toBeGreaterThan(1);
    expect(maxWorkers).toBeLessThanOrEqual(4);
    expect(runs.get("a")).toBeGreaterThan(1);
    await c.stop();
  });

  it("requeue keeps the backoff, requeueAfter waits and starts it over, success forgets it, a terminal error is not retried", async () => {
    const clock = new ManualClock();
    const limiter = new ItemExponentialLimiter(100, 10_000);
    const { metrics, outcomes } = recordingMetrics();
    const script: Record<string, (() => Promise<object | void>)[]> = {
      r: [async () => ({ requeue: true }), async () => ({ requeue: true }), async () => {}],
      after: [async () => ({ requeueAfter: 5_000, requeue: true }), async () => {}],
      term: [
        async () => {
          throw new TerminalError("spec.x is invalid");
        },
      ],
    };
    const calls: string[] = [];
    const failuresSeen: number[] = [];
    const c = new Controller({
      name: "t",
      clock,
      rateLimiter: limiter,
      metrics,
      reconciler: {
        reconcile: async (key) => {
          calls.push(key);
          if (key === "r") failuresSeen.push(limiter.failures("r"));
          return script[key].shift()!();
        },
      },
    });
    await c.start();
    c.add("r");
    c.add("after");
    c.add("term");
    await settle();
    expect(calls).toEqual(["r", "after", "term"]);
    clock.advance(100); // r's first backoff
    await settle();
    expect(calls).toEqual(["r", "after", "term", "r"]);
    clock.advance(199);
    await settle();
    expect(calls.length).toBe(4);
    clock.advance(1); // r's second backoff: 200 ms
    await settle();
    expect(calls).toEqual(["r", "after", "term", "r", "r"]);
    expect(failuresSeen).toEqual([0, 1, 2]);
    expect(limiter.failures("r")).toBe(0); // the success forgot it
    clock.advance(4_699);
    await settle();
    expect(calls.filter((k) => k === "after")).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(calls.filter((k) => k === "after")).toHaveLength(2);
    clock.advance(60_000);
    await settle();
    expect(calls.filter((k) => k === "term")).toHaveLength(1);
    expect(limiter.failures("term")).toBe(0);
    expect(outcomes.map(([, o]) => o)).toEqual(["requeue", "requeue_after", "terminal", "requeue", "success", "success"]);
    expect(outcomes.every(([name]) => name === "t")).toBe(true);
    await c.stop();
  });

  it("stop() aborts reconciles in flight and returns only after they finished writing; nothing runs after it", async () => {
    const clock = new ManualClock();
    const writes: string[] = [];
    let started = 0;
    const c = new Controller({
      name: "t",
      clock,
      workers: 2,
      reconciler: {
        async reconcile(key, signal) {
          started++;
          // A write in progress when the signal aborts: it still takes a moment to return.
          await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
          await new Promise((r) => setTimeout(r, 20));
          writes.push(`${key} finished after abort: ${signal.aborted}`);
        },
      },
    });
    await c.start();
    c.add("a");
    c.add("b");
    c.addAfter("delayed", 1_000);
    await eventually(() => expect(started).toBe(2));
    await c.stop();
    expect(writes.sort()).toEqual(["a finished after abort: true", "b finished after abort: true"]);
    c.add("c");
    clock.advance(10_000);
    await settle();
    expect(started).toBe(2);
    expect(c.running).toBe(false);
  });

  it("stop() is bounded when a reconcile ignores its signal, says so, and a restart does not run that key twice at once", async () => {
    const clock = new ManualClock();
    const lines: string[] = [];
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    let concurrent = 0;
    let maxConcurrent = 0;
    const c = new Controller({
      name: "t",
      clock,
      stopTimeoutMs: 5_000,
      logger: createLogger({ level: "debug", format: "json", write: (l) => lines.push(l) }),
      reconciler: {
        async reconcile(key) {
          concurrent++;
          maxConcurrent = Math.max(maxConcurrent, concurrent);
          if (key === "hung") await hung;
          concurrent--;
        },
      },
    });
    await c.start();
    c.add("hung");
    await settle();
    let stopped = false;
    const stopping = c.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    clock.advance(5_000);
    await stopping;
    expect(lines.map((l) => JSON.parse(l)).find((l) => l.level === "error")).toMatchObject({
      msg: expect.stringContaining("still running"),
      keys: ["hung"],
      controller: "t",
    });
    const restarted = c.start();
    c.add("hung");
    await settle();
    expect(maxConcurrent).toBe(1);
    release();
    await restarted;
    c.add("hung");
    await eventually(() => expect(c.has("hung")).toBe(false));
    expect(maxConcurrent).toBe(1);
    await c.stop();
  });

  it("puts the controller, the key and one reconcile ID per reconcile in every log line", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: "debug", format: "json", write: (l) => lines.push(JSON.parse(l)) });
    let n = 0;
    const c = new Controller({
      name: "writer",
      logger,
      rateLimiter: quickRetries(),
      reconciler: {
        async reconcile(key, _signal, log) {
          log.info("reconciling");
          if (n++ === 0) throw new Error("first attempt fails");
        },
      },
    });
    await c.start();
    c.add("east");
    await eventually(() => expect(lines.filter((l) => l.msg === "reconciling")).toHaveLength(2));
    await c.stop();
    expect(lines.length).toBe(3);
    for (const l of lines) expect(l).toMatchObject({ controller: "writer", key: "east", reconcileID: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const [first, failure, second] = lines;
    expect(failure).toMatchObject({ level: "error", error: "first attempt fails", reconcileID: first.reconcileID });
    expect(second.reconcileID).not.toBe(first.reconcileID);
  });

  it("reports queue and reconcile metrics under its name", async () => {
    const { metrics, outcomes, calls } = recordingMetrics();
    const c = new Controller({ name: "m", metrics, reconciler: { reconcile: async () => {} } });
    c.add("x"); // before start: waits for it
    await c.start();
    await eventually(() => expect(outcomes).toEqual([["m", "success"]]));
    await c.stop();
    expect(calls).toEqual(["m add", "m depth 1", "m depth 0", "m latency", "m active 1", "m active 0", "m work", "m depth 0"]);
  });
});
