import { setTimeout as sleep } from "node:timers/promises";

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Checked before every attempt: a reason to give up at once (e.g. the process died). */
  readonly abort?: () => string | undefined;
}

/**
 * Polls `check` until it returns true. The error names what was awaited, the last failure seen, and the abort
 * reason, so a stuck startup explains itself.
 */
export async function waitFor(what: string, check: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last = "";
  for (;;) {
    const aborted = options.abort?.();
    if (aborted) throw new Error(`gave up waiting for ${what}: ${aborted}`);
    try {
      if (await check()) return;
      last = "";
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${what}${last ? ` (last error: ${last})` : ""}`);
    }
    await sleep(options.intervalMs ?? 250);
  }
}
