import { systemClock, type Clock } from "./clock.js";
import { defaultRateLimiter, type RateLimiter } from "./rate-limiter.js";

/**
 * A controller-runtime style work queue of string keys:
 * - an added key is queued once however often it is added before a worker takes it (de-duplication);
 * - a key being processed is never handed to a second worker; added meanwhile, it is queued again when done();
 * - addAfter() delays an add (the earliest of several pending delays wins); addRateLimited() delays by the limiter.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private head = 0;
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiting = new Map<string, { at: number; timer: unknown }>();
  private readonly getters: ((key: string | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(
    readonly limiter: RateLimiter = defaultRateLimiter(systemClock),
    private readonly clock: Clock = systemClock,
  ) {}

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const getter = this.getters.shift();
    if (getter) this.hand(key, getter);
    else this.queue.push(key);
  }

  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    const at = this.clock.now() + delayMs;
    const pending = this.waiting.get(key);
    if (pending && pending.at <= at) return;
    if (pending) this.clock.clearTimeout(pending.timer);
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, delayMs);
    this.waiting.set(key, { at, timer });
  }

  /** Retry key after the limiter's delay (per-item backoff and the overall rate limit). */
  addRateLimited(key: string): void {
    this.addAfter(key, this.limiter.when(key));
  }

  /** key succeeded: its backoff starts over. */
  forget(key: string): void {
    this.limiter.forget(key);
  }

  /** The next key to process; undefined once the queue is shut down. Call done(key) when finished with it. */
  get(): Promise<string | undefined> {
    if (this.head < this.queue.length) {
      const key = this.queue[this.head++];
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        // Drop the consumed prefix now and then, so a long-lived queue does not grow without bound.
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      return new Promise((resolve) => this.hand(key, resolve));
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  done(key: string): void {
    this.processing.delete(key);
    if (!this.dirty.has(key)) return;
    const getter = this.getters.shift();
    if (getter) this.hand(key, getter);
    else this.queue.push(key);
  }

  get length(): number {
    return this.queue.length - this.head;
  }

  /** Whether key is queued, being processed or waiting for a delayed add. */
  has(key: string): boolean {
    return this.dirty.has(key) || this.processing.has(key) || this.waiting.has(key);
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.waiting.values()) this.clock.clearTimeout(timer);
    this.waiting.clear();
    this.queue.length = this.head = 0;
    this.dirty.clear();
    for (const getter of this.getters.splice(0)) getter(undefined);
  }

  private hand(key: string, to: (key: string) => void) {
    this.dirty.delete(key);
    this.processing.add(key);
    to(key);
  }
}

/** What a worker's handler asks for after processing a key. */
export interface WorkResult {
  /** Retry with the rate limiter's backoff (the key is not forgotten). */
  retry?: boolean;
  /** Process again after this many milliseconds (and forget the backoff). */
  requeueAfterMs?: number;
}

/**
 * Runs `workers` loops taking keys from the queue. A handler that throws or returns {retry: true} is retried with
 * backoff; one that succeeds is forgotten. Resolves when the queue is shut down and every loop has finished its key.
 */
export async function runWorkers(
  queue: WorkQueue,
  workers: number,
  handler: (key: string) => Promise<WorkResult | void>,
  onError: (key: string, error: unknown) => void = () => {},
): Promise<void> {
  const loop = async () => {
    for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
      try {
        const result = await handler(key);
        if (result?.retry) queue.addRateLimited(key);
        else {
          queue.forget(key);
          if (result?.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs);
        }
      } catch (e) {
        onError(key, e);
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
}
