import type { Logger } from "../app/logger.js";

/** What a reconcile asks for next (controller-runtime's reconcile.Result). */
export interface Result {
  /** Reconcile the key again after the rate limiter's per-item backoff (its failure count is kept). */
  requeue?: boolean;
  /** Reconcile the key again after this many milliseconds; the backoff starts over. Wins over `requeue`. */
  requeueAfter?: number;
}

/**
 * Makes the world match the desired state of one key. Level-triggered: it is told only the key, never what changed,
 * and reads everything else itself. Resolving (with nothing, or a Result) is success; throwing a TerminalError is a
 * final failure; throwing anything else is retried with backoff. `signal` aborts when the controller stops: pass it to
 * every call, so that nothing is written after stop(). `log` carries the controller, the key and a reconcile ID.
 */
export interface Reconciler {
  reconcile(key: string, signal: AbortSignal, log: Logger): Promise<Result | void>;
}

/**
 * A failure that retrying cannot fix (e.g. an object that is invalid until a human edits it): logged, counted, and not
 * retried; the next event about the key reconciles it again.
 */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TerminalError";
  }
}

export function isTerminal(error: unknown): boolean {
  return error instanceof TerminalError;
}
