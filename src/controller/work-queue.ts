import { systemClock, type Clock } from "./clock.js";
import { defaultRateLimiter, type RateLimiter } from "./rate-limiter.js";

/** client-go's workqueue metrics of one queue; times in seconds. */
export interface QueueMetrics {
  /** Keys waiting to be handed to a worker (workqueue_depth). */
  depth(keys: number): void;
  /** A key was queued that was not queued already (workqueue_adds_total). */
  added(): void;
  /** addRateLimited(): a retry (workqueue_retries_total). */
  retried(): void;
  /** From a key's add to a worker taking it (workqueue_queue_duration_seconds). */
  queueLatency(seconds: number): void;
  /** From a worker taking a key to done() (workqueue_work_duration_seconds). */
  workDuration(seconds: number): void;
}

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
  /** Key -> when it started being processed. */
  private readonly processing = new Map<string, number>();
  /** Key -> when it was added (for the queue latency). */
  private readonly addedAt = new Map<string, number>();
  private readonly waiting = new Map<string, { at: number; timer: unknown }>();
  private readonly getters: ((key: string | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(
    readonly limiter: RateLimiter = defaultRateLimiter(systemClock),
    private readonly clock: Clock = systemClock,
    private readonly metrics?: QueueMetrics,
  ) {}

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    this.addedAt.set(key, this.clock.now());
    this.metrics?.added();
    this.metrics?.depth(this.dirty.size);
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
    this.metrics?.retried();
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
    const started = this.processing.get(key);
    if (started === undefined) return;
    this.processing.delete(key);
    this.metrics?.workDuration((this.clock.now() - started) / 1000);
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
    this.addedAt.clear();
    this.metrics?.depth(0);
    for (const getter of this.getters.splice(0)) getter(undefined);
  }

  private hand(key: string, to: (key: string) => void) {
    const now = this.clock.now();
    this.dirty.delete(key);
    this.processing.set(key, now);
    this.metrics?.depth(this.dirty.size);
    this.metrics?.queueLatency((now - (this.addedAt.get(key) ?? now)) / 1000);
    this.addedAt.delete(key);
    to(key);
  }
}
