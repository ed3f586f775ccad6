import { performance } from "node:perf_hooks";

/**
 * Wall-clock milliseconds with sub-millisecond resolution, comparable between processes on one machine (timeOrigin is
 * the process start in Unix time): a latency can start in the server process and end in a client process.
 */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Milliseconds since an earlier wallMs(). */
export function since(startMs: number): number {
  return wallMs() - startMs;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls check until it returns true; throws naming `what` after timeoutMs. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}
