import { expect, it } from "vitest";
import { ApiError } from "../../../src/cluster/errors.js";
import { Informer } from "../../../src/cluster/informer.js";
import { eventually } from "../../support/eventually.js";
import { recordWatch, upstream, Upstream } from "../fixtures.js";
import type { ConformanceContext } from "../suite.js";

export function unreachableCases(ctx: ConformanceContext): void {
  it("calls fail with a transport error and watches close while unreachable; all works again afterwards", async () => {
    const ns = await ctx.namespace();
    await ctx.client.create(Upstream, upstream(ns, "a"));
    const { resourceVersion } = await ctx.client.list(Upstream, { namespace: ns });
    const watch = recordWatch(ctx.client, Upstream, { namespace: ns, resourceVersion });
    const informer = new Informer(ctx.client, Upstream, { namespace: ns, backoff: { initialMs: 10, maxMs: 200 } }).start();
    try {
      await informer.waitForSync();
      await ctx.backend.setReachable!(false);
      await eventually(() => expect(watch.closed).toBeDefined());
      expect(watch.closed!.err).toBeInstanceOf(Error);
      expect(watch.closed!.err).not.toBeInstanceOf(ApiError);
      const failure = await ctx.client.get(Upstream, ns, "a").catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(ApiError);
      await expect(ctx.client.version()).rejects.toThrow();
      await eventually(() => expect(informer.connected).toBe(false));

      await ctx.backend.setReachable!(true);
      await ctx.client.patch(Upstream, ns, "a", { metadata: { labels: { back: "yes" } } });
      await eventually(() => expect(informer.get(ns, "a")?.metadata.labels).toEqual({ back: "yes" }));
      expect(informer.connected).toBe(true);
    } finally {
      watch.stop();
      informer.stop();
      await ctx.backend.setReachable!(true);
    }
  });
}
