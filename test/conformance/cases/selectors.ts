import { expect, it } from "vitest";
import { eventually } from "../../support/eventually.js";
import { expectApiError, recordWatch, upstream, Upstream } from "../fixtures.js";
import type { ConformanceContext } from "../suite.js";

export function selectorCases(ctx: ConformanceContext): void {
  it("list filters by every selector operator", async () => {
    const ns = await ctx.namespace();
    await ctx.client.create(Upstream, upstream(ns, "prod-edge", { labels: { env: "prod", tier: "edge" } }));
    await ctx.client.create(Upstream, upstream(ns, "prod-core", { labels: { env: "prod", tier: "core" } }));
    await ctx.client.create(Upstream, upstream(ns, "dev", { labels: { env: "dev" } }));
    await ctx.client.create(Upstream, upstream(ns, "bare"));
    const names = async (labelSelector: string) =>
      (await ctx.client.list(Upstream, { namespace: ns, labelSelector })).items.map((o) => o.metadata.name).sort();
    expect(await names("env=prod")).toEqual(["prod-core", "prod-edge"]);
    expect(await names("env==prod,tier=edge")).toEqual(["prod-edge"]);
    expect(await names("env!=prod")).toEqual(["bare", "dev"]);
    expect(await names("env in (dev,staging)")).toEqual(["dev"]);
    expect(await names("tier notin (edge)")).toEqual(["bare", "dev", "prod-core"]);
    expect(await names("tier")).toEqual(["prod-core", "prod-edge"]);
    expect(await names("!env")).toEqual(["bare"]);
    expect(await names("")).toEqual(["bare", "dev", "prod-core", "prod-edge"]);
  });

  it("a malformed selector is a BadRequest (400)", async () => {
    const ns = await ctx.namespace();
    await expectApiError(ctx.client.list(Upstream, { namespace: ns, labelSelector: "env in prod" }), "BadRequest", 400);
  });

  it("a watch with a selector sees objects that start matching as ADDED and stop matching as DELETED", async () => {
    const ns = await ctx.namespace();
    const { resourceVersion } = await ctx.client.list(Upstream, { namespace: ns });
    const watch = recordWatch(ctx.client, Upstream, { namespace: ns, labelSelector: "env=prod", resourceVersion });
    try {
      await ctx.client.create(Upstream, upstream(ns, "other", { labels: { env: "dev" } }));
      await ctx.client.create(Upstream, upstream(ns, "a", { labels: { env: "prod" } }));
      await ctx.client.patch(Upstream, ns, "a", { spec: { static: { hosts: [{ addr: "10.0.0.3", port: 1 }] } } });
      await ctx.client.patch(Upstream, ns, "a", { metadata: { labels: { env: "dev" } } });
      await ctx.client.patch(Upstream, ns, "other", { metadata: { labels: { env: "prod" } } });
      await ctx.client.patch(Upstream, ns, "a", { metadata: { labels: { env: "prod" } } });
      await ctx.client.delete(Upstream, ns, "other");
      await eventually(() =>
        expect(watch.summary()).toEqual(["ADDED a", "MODIFIED a", "DELETED a", "ADDED other", "ADDED a", "DELETED other"]),
      );
    } finally {
      watch.stop();
    }
  });
}
