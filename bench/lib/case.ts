import type { CaseMessage, Fact, Measurement } from "./measurement.js";

export interface CaseContext {
  /** Small sizes, same code paths (CI). */
  readonly quick: boolean;
  progress(line: string): void;
  record(measurement: Measurement): void;
  fact(key: string, value: string | number): void;
  /** Runs fn on stop, last registered first (also after a failure). */
  defer(fn: () => unknown): void;
}

const MODE_ENV = "FEDPLANE_BENCH_MODE";
export const caseEnv = (quick: boolean) => ({ [MODE_ENV]: quick ? "quick" : "full" });

/**
 * The body of a benchmark case file: runs it in this (child) process and reports to the runner over IPC; run directly
 * (`node --import ./tools/swc-loader/register.mjs bench/cases/x.ts`), it prints instead. Exits non-zero on a crash only.
 */
export function runCase(body: (ctx: CaseContext) => Promise<void>): void {
  const send = (message: CaseMessage) => {
    if (process.send) process.send(message);
    else if (message.type === "progress") console.log(message.line);
    else console.log(JSON.stringify(message.type === "fact" ? message.fact : message.measurement));
  };
  const cleanups: (() => unknown)[] = [];
  const ctx: CaseContext = {
    quick: process.env[MODE_ENV] === "quick",
    progress: (line) => send({ type: "progress", line }),
    record: (measurement) => send({ type: "measurement", measurement }),
    fact: (key, value) => send({ type: "fact", fact: { key, value } satisfies Fact }),
    defer: (fn) => cleanups.push(fn),
  };
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (e) {
        ctx.progress(`cleanup failed: ${(e as Error).message}`);
      }
    }
  };
  // The runner ends a case that overran its time by SIGTERM: still stop control planes and child processes.
  process.once("SIGTERM", () => void cleanup().finally(() => process.exit(143)));
  body(ctx)
    .then(async () => {
      const usage = process.resourceUsage();
      ctx.fact("process CPU (user+system)", `${((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(1)} s`);
      ctx.fact("process peak RSS", `${Math.round(usage.maxRSS / 1024)} MiB`);
      await cleanup();
      await flushIpc();
      process.exit(0);
    })
    .catch(async (e: unknown) => {
      process.stderr.write(`benchmark case failed: ${(e as Error)?.stack ?? String(e)}\n`);
      await cleanup();
      await flushIpc();
      process.exit(1);
    });
}

/** process.send is asynchronous; exiting right after it can drop the last messages. */
function flushIpc(): Promise<void> {
  if (!process.send) return Promise.resolve();
  return new Promise((resolve) => process.send!({ type: "progress", line: "" } satisfies CaseMessage, () => resolve()));
}
