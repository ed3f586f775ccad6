import { describe, expect, it } from "vitest";
import type { Clock } from "../../src/federation/clock.js";
import { ItemExponentialLimiter, TokenBucketLimiter, defaultRateLimiter } from "../../src/federation/rate-limiter.js";
import { WorkQueue, runWorkers } from "../../src/federation/work-queue.js";

/** A clock that moves only when told to; timers fire in time order. */
class ManualClock implements Clock {
  private time = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;
  now() {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  advance(ms: number) {
    const until = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.fn();
    }
    this.time = until;
  }
}

const noLimit = () => new ItemExponentialLimiter(5, 300_000);

describe("WorkQueue", () => {
  it("de-duplicates keys added before a worker takes them", async () => {
    const q = new WorkQueue(noLimit());
    q.add("a");
    q.add("b");
    q.add("a");
    expect(q.length).toBe(2);
    expect(await q.get()).toBe("a");
    expect(await q.get()).toBe("b");
    expect(q.length).toBe(0);
  });

  it("never hands out a key being processed; one added meanwhile comes back after done()", async () => {
    const q = new WorkQueue(noLimit());
    q.add("a");
    const key = await q.get();
    q.add("a");
    q.add("a");
    expect(q.length).toBe(0);
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(key!);
    await Promise.resolve();
    expect(second).toBe("a");
    expect(q.length).toBe(0);
  });

  it("a waiting get() resolves on the next add, and with undefined on shutDown", async () => {
    const q = new WorkQueue(noLimit());
    const waiting = q.get();
    q.add("x");
    expect(await waiting).toBe("x");
    const ended = q.get();
    q.shutDown();
    expect(await ended).toBeUndefined();
    q.add("y");
    expect(await q.get()).toBeUndefined();
  });

  it("delays addAfter() until the time comes; the earliest pending delay wins", () => {
    const clock = new ManualClock();
    const q = new WorkQueue(noLimit(), clock);
    q.addAfter("a", 100);
    q.addAfter("a", 50);
    q.addAfter("a", 500);
    expect(q.length).toBe(0);
    expect(q.has("a")).toBe(true);
    clock.advance(49);
    expect(q.length).toBe(0);
    clock.advance(1);
    expect(q.length).toBe(1);
    clock.advance(1000);
    expect(q.length).toBe(1);
  });

  it("addRateLimited() backs off exponentially per item; forget() starts over", () => {
    const clock = new ManualClock();
    const q = new WorkQueue(new ItemExponentialLimiter(5, 300_000), clock);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) delays.push(q.limiter.when("a"));
    expect(delays).toEqual([5, 10, 20, 40]);
    expect(q.limiter.when("b")).toBe(5);
    q.forget("a");
    expect(q.limiter.when("a")).toBe(5);
    for (let i = 0; i < 40; i++) q.limiter.when("c");
    expect(q.limiter.when("c")).toBe(300_000);
  });
});

describe("rate limiters", () => {
  it("the token bucket lets a burst through, then spaces retries at qps", () => {
    const clock = new ManualClock();
    const bucket = new TokenBucketLimiter(clock, 10, 3);
    expect([bucket.when(), bucket.when(), bucket.when()]).toEqual([0, 0, 0]);
    expect(bucket.when()).toBeCloseTo(100);
    expect(bucket.when()).toBeCloseTo(200);
    clock.advance(1000);
    expect(bucket.when()).toBe(0);
  });

  it("the default limiter takes the longer of per-item backoff and the overall bucket", () => {
    const clock = new ManualClock();
    const limiter = defaultRateLimiter(clock, { baseDelayMs: 5, maxDelayMs: 1000, qps: 1, burst: 1 });
    expect(limiter.when("a")).toBe(5);
    expect(limiter.when("b")).toBe(1000); // the bucket is empty: one retry per second overall
    expect(limiter.failures("a")).toBe(1);
  });
});

describe("runWorkers", () => {
  it("runs a fixed number of workers, retries failures with backoff and forgets successes", async () => {
    const q = new WorkQueue(new ItemExponentialLimiter(1, 10));
    let running = 0;
    let maxRunning = 0;
    const attempts = new Map<string, number>();
    const done: string[] = [];
    const workers = runWorkers(q, 2, async (key) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 1));
      running--;
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (key === "flaky" && n < 3) throw new Error("not yet");
      if (key === "retry" && n < 2) return { retry: true };
      done.push(key);
    });
    for (const key of ["a", "b", "c", "flaky", "retry", "d"]) q.add(key);
    await expect.poll(() => done.length, { timeout: 5000 }).toBe(6);
    expect(maxRunning).toBe(2);
    expect(attempts.get("flaky")).toBe(3);
    expect(attempts.get("retry")).toBe(2);
    expect(q.limiter.failures("flaky")).toBe(0);
    q.shutDown();
    await workers;
  });
});
