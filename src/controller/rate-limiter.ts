import type { Clock } from "./clock.js";

/** How long to wait before retrying an item (client-go's workqueue.RateLimiter). */
export interface RateLimiter {
  /** The delay before the next retry of key; counts one more failure. */
  when(key: string): number;
  /** Forget key's failures (it succeeded). */
  forget(key: string): void;
  failures(key: string): number;
}

/** Per-item exponential backoff: base, 2 x base, 4 x base ... up to max. */
export class ItemExponentialLimiter implements RateLimiter {
  private readonly counts = new Map<string, number>();
  constructor(
    private readonly baseMs = 5,
    private readonly maxMs = 5 * 60_000,
  ) {}
  when(key: string): number {
    const n = this.counts.get(key) ?? 0;
    this.counts.set(key, n + 1);
    return Math.min(this.maxMs, this.baseMs * 2 ** Math.min(n, 52));
  }
  forget(key: string) {
    this.counts.delete(key);
  }
  failures(key: string) {
    return this.counts.get(key) ?? 0;
  }
}

/** An overall token bucket: qps retries per second on average, bursts up to burst. Not per item. */
export class TokenBucketLimiter implements RateLimiter {
  private tokens: number;
  private last: number;
  constructor(
    private readonly clock: Clock,
    private readonly qps = 10,
    private readonly burst = 100,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }
  when(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1; // reserve a token, possibly in the future
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }
  forget() {}
  failures() {
    return 0;
  }
}

/** The longest of several limiters' delays (client-go's MaxOfRateLimiter). */
export class MaxOfLimiter implements RateLimiter {
  private readonly limiters: RateLimiter[];
  constructor(...limiters: RateLimiter[]) {
    this.limiters = limiters;
  }
  when(key: string): number {
    return Math.max(...this.limiters.map((l) => l.when(key)));
  }
  forget(key: string) {
    for (const l of this.limiters) l.forget(key);
  }
  failures(key: string) {
    return Math.max(...this.limiters.map((l) => l.failures(key)));
  }
}

export interface RateLimiterOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  qps?: number;
  burst?: number;
}

/** client-go's default controller limiter: 5 ms -> 5 min per item, and 10 qps / burst 100 overall. */
export function defaultRateLimiter(clock: Clock, options: RateLimiterOptions = {}): RateLimiter {
  return new MaxOfLimiter(
    new ItemExponentialLimiter(options.baseDelayMs ?? 5, options.maxDelayMs ?? 5 * 60_000),
    new TokenBucketLimiter(clock, options.qps ?? 10, options.burst ?? 100),
  );
}
