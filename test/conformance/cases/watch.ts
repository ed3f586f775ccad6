import { expect, it } from "vitest";
import { isGone } from "../../../src/cluster/errors.js";
import { eventually } from "../../support/eventually.js";
import { acceptedStatus, recordWatch, upstream, Upstream } from "../fixtures.js";
import type { ConformanceContext } from "../suite.js";

export function watchCases(ctx: ConformanceContext): void {
  it("delivers ADDED, MODIFIED and DELETED in order from a list's resourceVersion, for its namespace only", async () => {
    const ns = await ctx.namespace();
    const elsewhere = await ctx.namespace();
    const { resourceVersion } = await ctx.client.list(Upstream, { namespace: ns });
    const watch = recordWatch(ctx.client, Upstream, { namespace: ns, resourceVersion });
    try {
      const a = await ctx.client.create(Upstream, upstream(ns, "a"));
      await ctx.client.create(Upstream, upstream(elsewhere, "a"));
      const a2 = await ctx.client.update(Upstream, { ...a, spec: upstream(ns, "a", { port: 1 }).spec });
      const a3 = await ctx.client.updateStatus(Upstream, { ...a2, status: acceptedStatus });
      await ctx.client.create(Upstream, upstream(ns, "b"));
      await ctx.client.delete(Upstream, ns, "a");
      await eventually(() => expect(watch.summary()).toEqual(["ADDED a", "MODIFIED a", "MODIFIED a", "ADDED b", "DELETED a"]));
      const rvs = watch.events.map((e) => Number(e.object.metadata.resourceVersion));
      expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
      expect(new Set(rvs).size).toBe(rvs.length);
      expect(watch.events[2].object.metadata.resourceVersion).toBe(a3.metadata.resourceVersion);
      expect(watch.events[2].object.status).toEqual(acceptedStatus);
      expect(watch.events[4].object.metadata.name).toBe("a");
      expect(watch.closed).toBeUndefined();
    } finally {
      watch.stop();
    }
  });

  it("a watch from an older resourceVersion replays what happened after it", async () => {
    const ns = await ctx.namespace();
    const first = await ctx.client.create(Upstream, upstream(ns, "a"));
    await ctx.client.create(Upstream, upstream(ns, "b"));
    await ctx.client.patch(Upstream, ns, "a", { metadata: { labels: { x: "1" } } });
    const watch = recordWatch(ctx.client, Upstream, { namespace: ns, resourceVersion: first.metadata.resourceVersion! });
    try {
      await eventually(() => expect(watch.summary()).toEqual(["ADDED b", "MODIFIED a"]));
    } finally {
      watch.stop();
    }
  });

  it("no event arrives after stop()", async () => {
    const ns = await ctx.namespace();
    const { resourceVersion } = await ctx.client.list(Upstream, { namespace: ns });
    const stopped = recordWatch(ctx.client, Upstream, { namespace: ns, resourceVersion });
    const witness = recordWatch(ctx.client, Upstream, { namespace: ns, resourceVersion });
    try {
      stopped.stop();
      await ctx.client.create(Upstream, upstream(ns, "a"));
      await eventually(() => expect(witness.summary()).toEqual(["ADDED a"]));
      expect(stopped.events).toEqual([]);
      expect(stopped.closed).toBeUndefined();
    } finally {
      witness.stop();
    }
  });

  if (ctx.capabilities.expireHistory) {
    it("a watch from a resourceVersion that is too old ends with Gone (410)", async () => {
      const ns = await ctx.namespace();
      const old = await ctx.client.create(Upstream, upstream(ns, "a"));
      await ctx.client.patch(Upstream, ns, "a", { metadata: { labels: { x: "1" } } });
      await ctx.backend.expireHistory!();
      const watch = recordWatch(ctx.client, Upstream, { namespace: ns, resourceVersion: old.metadata.resourceVersion! });
      try {
        await eventually(() => expect(watch.closed).toBeDefined());
        expect(isGone(watch.closed!.err)).toBe(true);
        expect((watch.closed!.err as { code?: number }).code).toBe(410);
        expect(watch.events).toEqual([]);
      } finally {
        watch.stop();
      }
    });
  }
}
