import { describe, expect, it } from "vitest";
import { ItemExponentialLimiter, TokenBucketLimiter, defaultRateLimiter } from "../../src/controller/rate-limiter.js";
import { WorkQueue } from "../../src/controller/work-queue.js";
import { ManualClock } from "./manual-clock.js";

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

describe("WorkQueue metrics", () => {
  it("reports adds (not de-duplicated ones), depth, retries, queue latency and work duration", async () => {
    const clock = new ManualClock();
    const seen: string[] = [];
    const q = new WorkQueue(noLimit(), clock, {
      depth: (n) => seen.push(`depth ${n}`),
      added: () => seen.push("add"),
      retried: () => seen.push("retry"),
      queueLatency: (s) => seen.push(`latency ${s}`),
      workDuration: (s) => seen.push(`work ${s}`),
    });
    q.add("a");
    q.add("a");
    clock.advance(1500);
    const key = await q.get();
    clock.advance(250);
    q.done(key!);
    q.addRateLimited("a");
    expect(seen).toEqual(["add", "depth 1", "depth 0", "latency 1.5", "work 0.25", "retry"]);
  });
});
