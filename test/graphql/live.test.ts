import { describe, expect, it } from "vitest";
import { live, Overflow } from "../../src/graphql/live.js";

/** A hand-driven event source, like the federation service's channels. */
function source<T>() {
  const listeners = new Set<(e: T) => void>();
  return {
    subscribe: (l: (e: T) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (e: T) => listeners.forEach((l) => l(e)),
    get size() {
      return listeners.size;
    },
  };
}

async function take<T>(it: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe("live: current state, then changes", () => {
  it("delivers the current state first, then events that arrived while it was read, then live events", async () => {
    const events = source<string>();
    let release!: (items: string[]) => void;
    const stream = live({ subscribe: events.subscribe, current: () => new Promise<string[]>((r) => (release = r)) });
    await Promise.resolve();
    events.emit("during-1"); // the current state is still being read
    events.emit("during-2");
    release(["state-a", "state-b"]);
    const first = await take(stream, 4);
    events.emit("after");
    expect([...first, ...(await take(stream, 1))]).toEqual(["state-a", "state-b", "during-1", "during-2", "after"]);
    await stream.return!();
    expect(events.size).toBe(0);
  });

  it("filters both the current state and events", async () => {
    const events = source<number>();
    const stream = live({ subscribe: events.subscribe, current: () => [1, 2, 3, 4], filter: (n) => n % 2 === 0 });
    const got = await take(stream, 2);
    events.emit(5);
    events.emit(6);
    expect([...got, ...(await take(stream, 1))]).toEqual([2, 4, 6]);
    await stream.return!();
  });

  it("cuts off a subscriber that falls behind with an Overflow after what it had queued, and unsubscribes", async () => {
    const events = source<number>();
    const stream = live({ subscribe: events.subscribe, current: () => [], limit: 3 });
    await take(stream, 0);
    await new Promise((r) => setTimeout(r, 0));
    for (let i = 0; i < 10; i++) events.emit(i);
    expect(events.size).toBe(0);
    const all = await take(stream, 100);
    expect(all.slice(0, 3)).toEqual([0, 1, 2]);
    expect(all[3]).toBeInstanceOf(Overflow);
    expect(all).toHaveLength(4);
  });

  it("ends with the error when the current state cannot be read", async () => {
    const events = source<number>();
    const stream = live({ subscribe: events.subscribe, current: () => Promise.reject(new Error("admin cluster unreachable")) });
    await expect(stream.next()).rejects.toThrow("admin cluster unreachable");
    expect(events.size).toBe(0);
  });
});
