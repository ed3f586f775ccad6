import type { Logger } from "./logger.js";

export interface WaitLogOptions {
  /** First "waiting for" line after this long (default 2 s: well within the 5 s a silent start may last). */
  firstMs?: number;
  /** Then a "still waiting" line this often (default 15 s). */
  everyMs?: number;
}

/**
 * Runs a start-up step that may wait on a cluster, saying what it waits for when it takes a while (never a silent
 * start): "waiting for <what>" soon, then "still waiting" lines with what `detail` knows (e.g. the last error).
 */
export async function loggedWait<T>(logger: Logger, what: string, work: Promise<T>, detail?: () => string | undefined, options: WaitLogOptions = {}): Promise<T> {
  const started = Date.now();
  const say = (prefix: string) => {
    const why = detail?.();
    logger.info(`${prefix} ${what}`, { waitedSeconds: Math.round((Date.now() - started) / 1000), ...(why ? { detail: why } : {}) });
  };
  let every: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    say("waiting for");
    every = setInterval(() => say("still waiting for"), options.everyMs ?? 15_000);
  }, options.firstMs ?? 2_000);
  try {
    return await work;
  } finally {
    clearTimeout(first);
    clearInterval(every);
  }
}
