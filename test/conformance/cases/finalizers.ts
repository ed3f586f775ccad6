import { expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/object.js";
import { expectApiError, recordWatch, rvNumber, upstream, Upstream } from "../fixtures.js";
import { eventually } from "../../support/eventually.js";
import type { ConformanceContext } from "../suite.js";

const FINALIZER = "fed.solo.io/finalizer";

export function finalizerCases(ctx: ConformanceContext): void {
  it("delete of an object with finalizers sets deletionTimestamp and keeps it until the last finalizer is removed", async () => {
    const ns = await ctx.namespace();
    const v1 = await ctx.client.create<KubeObject>(Upstream, { ...upstream(ns, "a"), metadata: { name: "a", namespace: ns, finalizers: [FINALIZER, "example.com/other"] } });
    const watch = recordWatch(ctx.client, Upstream, { namespace: ns, resourceVersion: v1.metadata.resourceVersion! });
    try {
      await ctx.client.delete(Upstream, ns, "a");
      const deleting = await ctx.client.get(Upstream, ns, "a");
      expect(deleting.metadata.deletionTimestamp).toBeDefined();
      expect(rvNumber(deleting)).toBeGreaterThan(rvNumber(v1));
      expect(deleting.metadata.generation).toBe(2); // the API server moves generation on when deletion starts

      await ctx.client.delete(Upstream, ns, "a"); // deleting again changes nothing
      expect((await ctx.client.get(Upstream, ns, "a")).metadata.resourceVersion).toBe(deleting.metadata.resourceVersion);

      const one = await ctx.client.update(Upstream, { ...deleting, metadata: { ...deleting.metadata, finalizers: [FINALIZER] } });
      expect(one.metadata.finalizers).toEqual([FINALIZER]);
      await ctx.client.update(Upstream, { ...one, metadata: { ...one.metadata, finalizers: [] } });
      await expectApiError(ctx.client.get(Upstream, ns, "a"), "NotFound", 404);
      await eventually(() => expect(watch.summary()).toEqual(["MODIFIED a", "MODIFIED a", "DELETED a"]));
      expect(watch.events[0].object.metadata.deletionTimestamp).toBeDefined();
    } finally {
      watch.stop();
    }
  });

  it("an object being deleted may not get new finalizers (Invalid, 422)", async () => {
    const ns = await ctx.namespace();
    await ctx.client.create(Upstream, { ...upstream(ns, "a"), metadata: { name: "a", namespace: ns, finalizers: [FINALIZER] } });
    await ctx.client.delete(Upstream, ns, "a");
    const deleting = await ctx.client.get(Upstream, ns, "a");
    await expectApiError(
      ctx.client.update(Upstream, { ...deleting, metadata: { ...deleting.metadata, finalizers: [FINALIZER, "example.com/late"] } }),
      "Invalid",
      422,
      /metadata\.finalizers: Forbidden: no new finalizers can be added if the object is being deleted/,
    );
    await ctx.client.patch(Upstream, ns, "a", { metadata: { finalizers: null } });
    await expectApiError(ctx.client.get(Upstream, ns, "a"), "NotFound", 404);
  });

  it("an object being deleted can still have its status written", async () => {
    const ns = await ctx.namespace();
    await ctx.client.create(Upstream, { ...upstream(ns, "a"), metadata: { name: "a", namespace: ns, finalizers: [FINALIZER] } });
    await ctx.client.delete(Upstream, ns, "a");
    const deleting = await ctx.client.get(Upstream, ns, "a");
    const withStatus = await ctx.client.updateStatus(Upstream, { ...deleting, status: { statuses: {} } });
    expect(withStatus.metadata.deletionTimestamp).toBe(deleting.metadata.deletionTimestamp);
    await ctx.client.patch(Upstream, ns, "a", { metadata: { finalizers: null } });
  });
}
