import { describe, expect, it } from "vitest";
import { Manager } from "../../src/controller/manager.js";
import type { Runnable } from "../../src/controller/runnable.js";

/** A runnable that records its starts and stops in a shared journal; `failStart` makes start() reject. */
function recorder(journal: string[], name: string, options: { failStart?: boolean } = {}): Runnable & { running: boolean } {
  const r = {
    name,
    running: false,
    async start() {
      await new Promise((resolve) => setImmediate(resolve));
      if (options.failStart) throw new Error(`${name} cannot start`);
      r.running = true;
      journal.push(`start ${name}`);
    },
    async stop() {
      await new Promise((resolve) => setImmediate(resolve));
      r.running = false;
      journal.push(`stop ${name}`);
    },
  };
  return r;
}

describe("Manager", () => {
  it("starts runnables in the order added and stops them in reverse; without leader election it leads at once", async () => {
    const journal: string[] = [];
    const m = new Manager();
    void m.add(recorder(journal, "cache"));
    void m.add(recorder(journal, "reconciler"), { leaderOnly: true });
    void m.add(recorder(journal, "server"));
    await m.start();
    expect(m.leading).toBe(true);
    expect(journal).toEqual(["start cache", "start reconciler", "start server"]);
    await m.stop();
    expect(journal.slice(3)).toEqual(["stop server", "stop reconciler", "stop cache"]);
  });

  it("with leader election, leader-only runnables wait for elected() and stop at once when leadership is lost", async () => {
    const journal: string[] = [];
    const m = new Manager({ leaderElection: true });
    const cache = recorder(journal, "cache");
    const a = recorder(journal, "federation");
    const b = recorder(journal, "writer");
    void m.add(cache);
    void m.add(a, { leaderOnly: true });
    void m.add(b, { leaderOnly: true });
    await m.start();
    expect(journal).toEqual(["start cache"]);
    expect(m.leading).toBe(false);
    await m.elected();
    expect(journal).toEqual(["start cache", "start federation", "start writer"]);
    await m.lostLeadership();
    expect(journal.slice(3)).toEqual(["stop writer", "stop federation"]);
    expect(cache.running).toBe(true);
    await m.elected(); // leadership won back: they run again
    expect([a.running, b.running]).toEqual([true, true]);
    await m.stop();
    expect(journal.slice(-3)).toEqual(["stop writer", "stop federation", "stop cache"]);
  });

  it("a runnable added to a running manager starts at once (a leader-only one only while leading)", async () => {
    const journal: string[] = [];
    const m = new Manager({ leaderElection: true });
    await m.start();
    await m.add(recorder(journal, "late"));
    await m.add(recorder(journal, "late-leader"), { leaderOnly: true });
    expect(journal).toEqual(["start late"]);
    await m.elected();
    expect(journal).toEqual(["start late", "start late-leader"]);
    await m.stop();
  });

  it("when a runnable fails to start, what started is stopped in reverse and the failure is reported", async () => {
    const journal: string[] = [];
    const m = new Manager();
    void m.add(recorder(journal, "one"));
    void m.add(recorder(journal, "two"));
    void m.add(recorder(journal, "broken", { failStart: true }));
    void m.add(recorder(journal, "never"));
    await expect(m.start()).rejects.toThrow("broken cannot start");
    expect(journal).toEqual(["start one", "start two", "stop two", "stop one"]);
    await m.stop();
    expect(journal).toHaveLength(4);
  });

  it("leadership changes asked for during start() happen after it, in order", async () => {
    const journal: string[] = [];
    const m = new Manager({ leaderElection: true });
    void m.add(recorder(journal, "cache"));
    void m.add(recorder(journal, "leader"), { leaderOnly: true });
    const started = m.start();
    const elected = m.elected();
    const lost = m.lostLeadership();
    await Promise.all([started, elected, lost]);
    expect(journal).toEqual(["start cache", "start leader", "stop leader"]);
    await m.stop();
  });
});
