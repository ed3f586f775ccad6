import { expect, it } from "vitest";
import type { KubeObject } from "../../../src/cluster/object.js";
import { core } from "../../../src/cluster/resource-type.js";
import { acceptedStatus, expectApiError, rvNumber, upstream, Upstream } from "../fixtures.js";
import type { ConformanceContext } from "../suite.js";

export function crudCases(ctx: ConformanceContext): void {
  it("create sets the server's fields and get returns the same object", async () => {
    const ns = await ctx.namespace();
    const created = await ctx.client.create(Upstream, { ...upstream(ns, "a"), status: acceptedStatus });
    expect(created.metadata).toMatchObject({ name: "a", namespace: ns, generation: 1 });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(Date.parse(created.metadata.creationTimestamp!)).not.toBeNaN();
    expect(created.status).toBeUndefined(); // the status subresource: create ignores status
    expect(created.spec).toEqual(upstream(ns, "a").spec);
    const got = await ctx.client.get(Upstream, ns, "a");
    expect(got.metadata).toMatchObject({ uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion });
    expect(got.spec).toEqual(created.spec);
  });

  it("create of an existing name fails with AlreadyExists (409)", async () => {
    const ns = await ctx.namespace();
    await ctx.client.create(Upstream, upstream(ns, "a"));
    await expectApiError(ctx.client.create(Upstream, upstream(ns, "a")), "AlreadyExists", 409, 'upstreams.gloo.solo.io "a" already exists');
  });

  it("a missing object is NotFound (404) for get, update, patch and delete", async () => {
    const ns = await ctx.namespace();
    const message = 'upstreams.gloo.solo.io "nope" not found';
    await expectApiError(ctx.client.get(Upstream, ns, "nope"), "NotFound", 404, message);
    await expectApiError(ctx.client.update(Upstream, upstream(ns, "nope")), "NotFound", 404, message);
    await expectApiError(ctx.client.patch(Upstream, ns, "nope", { metadata: { labels: { a: "b" } } }), "NotFound", 404, message);
    await expectApiError(ctx.client.delete(Upstream, ns, "nope"), "NotFound", 404, message);
  });

  it("create in a namespace that does not exist fails with NotFound naming the namespace", async () => {
    await expectApiError(ctx.client.create(Upstream, upstream("no-such-namespace-x1", "a")), "NotFound", 404, 'namespaces "no-such-namespace-x1" not found');
  });

  it("an invalid name is rejected with Invalid (422) naming metadata.name", async () => {
    const ns = await ctx.namespace();
    await expectApiError(ctx.client.create(Upstream, upstream(ns, "Bad_Name")), "Invalid", 422, /metadata\.name: Invalid value: "Bad_Name"/);
  });

  it("list returns the objects of one namespace or of all, with the list's resourceVersion", async () => {
    const ns1 = await ctx.namespace();
    const ns2 = await ctx.namespace();
    await ctx.client.create(Upstream, upstream(ns1, "b"));
    await ctx.client.create(Upstream, upstream(ns1, "a"));
    const last = await ctx.client.create(Upstream, upstream(ns2, "c"));
    const one = await ctx.client.list(Upstream, { namespace: ns1 });
    expect(one.items.map((o) => o.metadata.name).sort()).toEqual(["a", "b"]);
    expect(Number(one.resourceVersion)).toBeGreaterThanOrEqual(rvNumber(last));
    const all = await ctx.client.list(Upstream);
    const ours = all.items.filter((o) => o.metadata.namespace === ns1 || o.metadata.namespace === ns2);
    expect(ours.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([`${ns1}/a`, `${ns1}/b`, `${ns2}/c`].sort());
  });

  it("every write changes the resourceVersion; an update with a stale one fails with Conflict (409)", async () => {
    const ns = await ctx.namespace();
    const v1 = await ctx.client.create(Upstream, upstream(ns, "a"));
    const v2 = await ctx.client.update(Upstream, { ...v1, spec: upstream(ns, "a", { port: 9000 }).spec });
    expect(rvNumber(v2)).toBeGreaterThan(rvNumber(v1));
    await expectApiError(
      ctx.client.update(Upstream, { ...v1, metadata: { ...v1.metadata, labels: { x: "y" } } }),
      "Conflict",
      409,
      'Operation cannot be fulfilled on upstreams.gloo.solo.io "a": the object has been modified; please apply your changes to the latest version and try again',
    );
    const { resourceVersion: _, ...unversioned } = v1.metadata;
    const v3 = await ctx.client.update(Upstream, { ...v1, metadata: { ...unversioned, labels: { x: "y" } } });
    expect(v3.metadata.labels).toEqual({ x: "y" }); // no resourceVersion: an unconditional update
    expect(rvNumber(v3)).toBeGreaterThan(rvNumber(v2));
  });

  it("an update that changes nothing keeps the resourceVersion", async () => {
    const ns = await ctx.namespace();
    const v1 = await ctx.client.create(Upstream, upstream(ns, "a"));
    const same = await ctx.client.update(Upstream, await ctx.client.get(Upstream, ns, "a"));
    expect(same.metadata.resourceVersion).toBe(v1.metadata.resourceVersion);
  });

  it("patch applies a JSON merge patch: merges maps, null deletes, and honours a resourceVersion in the patch", async () => {
    const ns = await ctx.namespace();
    const v1 = await ctx.client.create(Upstream, { ...upstream(ns, "a", { labels: { keep: "1", drop: "2" } }) });
    const v2 = await ctx.client.patch<KubeObject>(Upstream, ns, "a", {
      metadata: { labels: { drop: null, added: "3" } },
      spec: { static: { hosts: [{ addr: "10.0.0.2", port: 81 }] } },
    });
    expect(v2.metadata.labels).toEqual({ keep: "1", added: "3" });
    expect(v2.spec).toEqual({ static: { hosts: [{ addr: "10.0.0.2", port: 81 }] } });
    expect(v2.metadata.generation).toBe(2);
    await expectApiError(
      ctx.client.patch(Upstream, ns, "a", { metadata: { resourceVersion: v1.metadata.resourceVersion, labels: { z: "1" } } }),
      "Conflict",
      409,
      /the object has been modified/,
    );
  });

  it("delete removes the object; a delete precondition on a stale resourceVersion fails with Conflict", async () => {
    const ns = await ctx.namespace();
    const v1 = await ctx.client.create(Upstream, upstream(ns, "a"));
    await ctx.client.patch(Upstream, ns, "a", { metadata: { labels: { x: "1" } } });
    await expectApiError(ctx.client.delete(Upstream, ns, "a", { preconditions: { resourceVersion: v1.metadata.resourceVersion } }), "Conflict", 409);
    await expectApiError(ctx.client.delete(Upstream, ns, "a", { preconditions: { uid: "00000000-0000-0000-0000-000000000000" } }), "Conflict", 409);
    await ctx.client.delete(Upstream, ns, "a", { preconditions: { uid: v1.metadata.uid } });
    await expectApiError(ctx.client.get(Upstream, ns, "a"), "NotFound", 404);
  });

  it("empty metadata maps and lists are not stored", async () => {
    const ns = await ctx.namespace();
    const created = await ctx.client.create(Upstream, { ...upstream(ns, "a"), metadata: { name: "a", namespace: ns, labels: {}, finalizers: [] } });
    expect(Object.keys(created.metadata)).not.toContain("labels");
    expect(Object.keys(created.metadata)).not.toContain("finalizers");
    const updated = await ctx.client.update(Upstream, { ...created, metadata: { ...created.metadata, annotations: {} } });
    expect(Object.keys(updated.metadata)).not.toContain("annotations");
  });

  it("a deleted name can be created again, as a new object", async () => {
    const ns = await ctx.namespace();
    const first = await ctx.client.create(Upstream, upstream(ns, "a"));
    await ctx.client.delete(Upstream, ns, "a");
    const second = await ctx.client.create(Upstream, upstream(ns, "a"));
    expect(second.metadata.uid).not.toBe(first.metadata.uid);
    expect(rvNumber(second)).toBeGreaterThan(rvNumber(first));
  });

  it("core kinds work the same way: a Secret round-trips its data; namespaces are cluster-scoped", async () => {
    const ns = await ctx.namespace();
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "kc", namespace: ns }, type: "solo.io/kubeconfig", data: { kubeconfig: "YQ==" } };
    await ctx.client.create(core.secrets, secret);
    expect(await ctx.client.get(core.secrets, ns, "kc")).toMatchObject({ type: "solo.io/kubeconfig", data: { kubeconfig: "YQ==" } });
    const namespace = await ctx.client.get(core.namespaces, undefined, ns);
    expect(namespace.metadata.namespace).toBeUndefined();
    expect(namespace.status).toMatchObject({ phase: "Active" });
  });

  it("objects handed out are copies: changing one changes nothing on the server", async () => {
    const ns = await ctx.namespace();
    const created = await ctx.client.create(Upstream, upstream(ns, "a"));
    created.spec.static.hosts[0].port = 1;
    const listed = await ctx.client.list(Upstream, { namespace: ns });
    listed.items[0].metadata.labels = { changed: "yes" };
    const got = await ctx.client.get(Upstream, ns, "a");
    expect(got.spec.static.hosts[0].port).toBe(8080);
    expect(got.metadata.labels).toBeUndefined();
  });

  it("version() answers with the server's version", async () => {
    expect((await ctx.client.version()).gitVersion).toMatch(/^v\d+\.\d+\.\d+/);
  });
}
