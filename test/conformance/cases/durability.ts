import { expect, it } from "vitest";
import { expectApiError, rvNumber, upstream, Upstream } from "../fixtures.js";
import type { ConformanceContext } from "../suite.js";

export function durabilityCases(ctx: ConformanceContext): void {
  it("a restart keeps every acknowledged write, and resourceVersions carry on from where they were", async () => {
    const ns = await ctx.namespace();
    const kept = await ctx.client.create(Upstream, upstream(ns, "kept", { labels: { a: "1" } }));
    const updated = await ctx.client.patch(Upstream, ns, "kept", { spec: { static: { hosts: [{ addr: "10.0.0.7", port: 7 }] } } });
    await ctx.client.create(Upstream, upstream(ns, "gone"));
    await ctx.client.delete(Upstream, ns, "gone");
    await ctx.client.create(Upstream, { ...upstream(ns, "held"), metadata: { name: "held", namespace: ns, finalizers: ["fed.solo.io/finalizer"] } });
    await ctx.client.delete(Upstream, ns, "held");
    const held = await ctx.client.get(Upstream, ns, "held");
    const { resourceVersion: before } = await ctx.client.list(Upstream, { namespace: ns });

    await ctx.backend.restart!();

    const after = await ctx.client.get(Upstream, ns, "kept");
    expect(after).toEqual(updated);
    expect(after.metadata.uid).toBe(kept.metadata.uid);
    await expectApiError(ctx.client.get(Upstream, ns, "gone"), "NotFound", 404);
    expect(await ctx.client.get(Upstream, ns, "held")).toEqual(held);
    const next = await ctx.client.create(Upstream, upstream(ns, "new"));
    expect(rvNumber(next)).toBeGreaterThan(Number(before));
    await ctx.client.patch(Upstream, ns, "held", { metadata: { finalizers: null } });
    await expectApiError(ctx.client.get(Upstream, ns, "held"), "NotFound", 404);

    await ctx.backend.restart!(); // what was written after the first restart is kept too
    expect(await ctx.client.get(Upstream, ns, "new")).toEqual(next);
    await expectApiError(ctx.client.get(Upstream, ns, "held"), "NotFound", 404);
  });
}
