import { afterEach, expect, it } from "vitest";
import { Informer, type InformerOptions } from "../../../src/cluster/informer.js";
import type { ClusterClient } from "../../../src/cluster/client.js";
import { eventually } from "../../support/eventually.js";
import { FlakyClient } from "../../support/flaky-client.js";
import { upstream, Upstream } from "../fixtures.js";
import type { ConformanceContext } from "../suite.js";

const fast: InformerOptions = { backoff: { initialMs: 10, maxMs: 200 } };

export function informerCases(ctx: ConformanceContext): void {
  const running: Informer[] = [];
  afterEach(() => {
    for (const inf of running.splice(0)) inf.stop();
  });

  /** An informer on `ns` whose handler calls are recorded as "add a", "update a", "delete a". */
  function start(client: ClusterClient, ns: string, options: InformerOptions = {}) {
    const informer = new Informer(client, Upstream, { ...fast, ...options, namespace: ns });
    running.push(informer);
    const log: string[] = [];
    informer.addHandlers({
      onAdd: (o) => log.push(`add ${o.metadata.name}`),
      onUpdate: (o, old) =>
        log.push(o.metadata.resourceVersion === old.metadata.resourceVersion ? `unchanged update ${o.metadata.name}` : `update ${o.metadata.name}`),
      onDelete: (o) => log.push(`delete ${o.metadata.name}`),
    });
    informer.start();
    return { informer, log };
  }

  it("syncs what exists, then follows every change once; list() and get() answer from the cache", async () => {
    const ns = await ctx.namespace();
    await ctx.client.create(Upstream, upstream(ns, "a"));
    const { informer, log } = start(ctx.client, ns);
    await informer.waitForSync({ timeoutMs: 10_000 });
    expect(informer.hasSynced).toBe(true);
    expect(informer.connected).toBe(true);
    expect(log).toEqual(["add a"]);
    await ctx.client.create(Upstream, upstream(ns, "b"));
    await ctx.client.patch(Upstream, ns, "a", { metadata: { labels: { x: "1" } } });
    await ctx.client.delete(Upstream, ns, "b");
    await eventually(() => expect(log).toEqual(["add a", "add b", "update a", "delete b"]));
    expect(informer.list().map((o) => o.metadata.name)).toEqual(["a"]);
    expect(informer.get(ns, "a")?.metadata.labels).toEqual({ x: "1" });
    expect(() => {
      informer.get(ns, "a")!.metadata.name = "changed";
    }).toThrow(TypeError); // cached objects are frozen
  });

  it("handlers added late get the cached objects first", async () => {
    const ns = await ctx.namespace();
    await ctx.client.create(Upstream, upstream(ns, "a"));
    const { informer } = start(ctx.client, ns);
    await informer.waitForSync();
    const late: string[] = [];
    informer.addHandlers({ onAdd: (o) => late.push(o.metadata.name) });
    expect(late).toEqual(["a"]);
  });

  it("recovers from a lost connection without missing or repeating an event", async () => {
    const ns = await ctx.namespace();
    const flaky = new FlakyClient(ctx.client);
    await ctx.client.create(Upstream, upstream(ns, "a"));
    await ctx.client.create(Upstream, upstream(ns, "b"));
    await ctx.client.create(Upstream, upstream(ns, "same"));
    const { informer, log } = start(flaky, ns);
    await informer.waitForSync();

    flaky.cut();
    await eventually(() => expect(informer.connected).toBe(false));
    expect(informer.lastError?.message).toMatch(/ECONNREFUSED/);
    // Changes while the informer cannot see the cluster:
    await ctx.client.create(Upstream, upstream(ns, "c"));
    await ctx.client.patch(Upstream, ns, "a", { metadata: { labels: { x: "1" } } });
    await ctx.client.delete(Upstream, ns, "b");
    flaky.restore();

    await eventually(() => expect(log).toEqual(["add a", "add b", "add same", "add c", "update a", "delete b"]));
    expect(informer.connected).toBe(true);
    await ctx.client.create(Upstream, upstream(ns, "d"));
    await eventually(() => expect(log.slice(6)).toEqual(["add d"]));
  });

  it("restarts a watch that went silent (watchdog) and catches up", async () => {
    const ns = await ctx.namespace();
    const flaky = new FlakyClient(ctx.client);
    flaky.hangWatches = true;
    const { informer, log } = start(flaky, ns, { idleTimeoutMs: 200 });
    await informer.waitForSync();
    await ctx.client.create(Upstream, upstream(ns, "a")); // the hung watch never tells
    flaky.hangWatches = false;
    await eventually(() => expect(log).toEqual(["add a"]));
    expect(flaky.watchCalls).toBeGreaterThanOrEqual(2);
  });

  it("no handler runs after stop()", async () => {
    const ns = await ctx.namespace();
    const { informer, log } = start(ctx.client, ns);
    await informer.waitForSync();
    const witness = start(ctx.client, ns);
    await witness.informer.waitForSync();
    informer.stop();
    await ctx.client.create(Upstream, upstream(ns, "a"));
    await eventually(() => expect(witness.log).toEqual(["add a"]));
    expect(log).toEqual([]);
    await expect(informer.waitForSync()).resolves.toBeUndefined(); // it had synced before stopping
  });

  if (ctx.capabilities.expireHistory) {
    it("after 410 Gone it re-lists and reports only the difference, each change once", async () => {
      const ns = await ctx.namespace();
      const flaky = new FlakyClient(ctx.client);
      await ctx.client.create(Upstream, upstream(ns, "a"));
      await ctx.client.create(Upstream, upstream(ns, "b"));
      await ctx.client.create(Upstream, upstream(ns, "same"));
      const { informer, log } = start(flaky, ns);
      await informer.waitForSync();
      const before = informer.resourceVersion;

      flaky.cut();
      await eventually(() => expect(informer.connected).toBe(false));
      await ctx.client.create(Upstream, upstream(ns, "c"));
      await ctx.client.patch(Upstream, ns, "a", { metadata: { labels: { x: "1" } } });
      await ctx.client.delete(Upstream, ns, "b");
      await ctx.backend.expireHistory!(); // the informer's resourceVersion is now too old: it must re-list
      flaky.restore();

      await eventually(() => expect([...log.slice(3)].sort()).toEqual(["add c", "delete b", "update a"]));
      expect(log.slice(0, 3)).toEqual(["add a", "add b", "add same"]);
      expect(Number(informer.resourceVersion)).toBeGreaterThan(Number(before));
      expect(informer.list().map((o) => o.metadata.name).sort()).toEqual(["a", "c", "same"]);
      await ctx.client.create(Upstream, upstream(ns, "d"));
      await eventually(() => expect(log.slice(6)).toEqual(["add d"]));
    });
  }
}
