import { expect, it } from "vitest";
import { acceptedStatus, expectApiError, rvNumber, upstream, Upstream } from "../fixtures.js";
import type { ConformanceContext } from "../suite.js";

export function specStatusCases(ctx: ConformanceContext): void {
  it("generation increases on spec changes only, not on metadata or status writes", async () => {
    const ns = await ctx.namespace();
    const v1 = await ctx.client.create(Upstream, upstream(ns, "a"));
    expect(v1.metadata.generation).toBe(1);
    const labelled = await ctx.client.update(Upstream, { ...v1, metadata: { ...v1.metadata, labels: { tier: "edge" }, annotations: { note: "x" } } });
    expect(labelled.metadata.generation).toBe(1);
    expect(rvNumber(labelled)).toBeGreaterThan(rvNumber(v1));
    const withStatus = await ctx.client.updateStatus(Upstream, { ...labelled, status: acceptedStatus });
    expect(withStatus.metadata.generation).toBe(1);
    expect(rvNumber(withStatus)).toBeGreaterThan(rvNumber(labelled));
    const respec = await ctx.client.update(Upstream, { ...withStatus, spec: upstream(ns, "a", { port: 9000 }).spec });
    expect(respec.metadata.generation).toBe(2);
    const patched = await ctx.client.patch(Upstream, ns, "a", { spec: { static: { hosts: [{ addr: "10.0.0.9", port: 1 }] } } });
    expect(patched.metadata.generation).toBe(3);
  });

  it("update ignores status; updateStatus writes only status", async () => {
    const ns = await ctx.namespace();
    const v1 = await ctx.client.create(Upstream, upstream(ns, "a"));
    const v2 = await ctx.client.update(Upstream, { ...v1, status: acceptedStatus, metadata: { ...v1.metadata, labels: { a: "1" } } });
    expect(v2.status).toBeUndefined();
    expect(v2.metadata.labels).toEqual({ a: "1" });

    const v3 = await ctx.client.updateStatus(Upstream, {
      ...v2,
      status: acceptedStatus,
      spec: upstream(ns, "a", { port: 1 }).spec,
      metadata: { ...v2.metadata, labels: { a: "changed" } },
    });
    expect(v3.status).toEqual(acceptedStatus);
    expect(v3.spec).toEqual(v2.spec);
    expect(v3.metadata.labels).toEqual({ a: "1" });
    expect(v3.metadata.generation).toBe(1);

    const v4 = await ctx.client.update(Upstream, { ...v3, status: { statuses: {} } });
    expect(v4.status).toEqual(acceptedStatus); // an update keeps the status the server has
    const v5 = await ctx.client.patch(Upstream, ns, "a", { status: { statuses: null } });
    expect(v5.status).toEqual(acceptedStatus); // and so does a patch of the object
  });

  it("updateStatus with a stale resourceVersion fails with Conflict (409)", async () => {
    const ns = await ctx.namespace();
    const v1 = await ctx.client.create(Upstream, upstream(ns, "a"));
    await ctx.client.updateStatus(Upstream, { ...v1, status: acceptedStatus });
    await expectApiError(ctx.client.updateStatus(Upstream, { ...v1, status: { statuses: {} } }), "Conflict", 409, /the object has been modified/);
  });
}
