import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ClusterClient } from "../../../src/cluster/client.js";
import { EmbeddedWorld } from "../../../src/cluster/embedded/world.js";
import { isGone, type ApiError } from "../../../src/cluster/errors.js";
import { ensureNamespace } from "../../../src/cluster/namespaces.js";
import type { KubeObject } from "../../../src/cluster/object.js";
import { core } from "../../../src/cluster/resource-type.js";
import { glooKinds } from "../../../src/gloo/kinds.js";
import { expectApiError, recordWatch, upstream, Upstream } from "../../conformance/fixtures.js";
import { eventually } from "../../support/eventually.js";

// Embedded-only behaviour: what the conformance suite cannot provoke on a real API server, or checks in more detail.
describe("embedded cluster semantics", () => {
  let world: EmbeddedWorld;
  let client: ClusterClient;
  beforeEach(async () => {
    world = await EmbeddedWorld.open({ historySize: 5 });
    world.createCluster("c1", { namespaces: ["gloo-system"] });
    client = world.client("c1");
  });
  afterEach(() => world.close());

  it("creates the standard namespaces with every cluster", async () => {
    const names = (await client.list(core.namespaces)).items.map((n) => n.metadata.name);
    expect(names).toEqual(["default", "gloo-system", "kube-node-lease", "kube-public", "kube-system"]);
  });

  it("delivers watch events after the write has returned, never inside it", async () => {
    const watch = recordWatch(client, Upstream, { resourceVersion: String(world.revision("c1")) });
    const pending = client.create(Upstream, upstream("gloo-system", "a"));
    expect(watch.events).toEqual([]);
    await pending;
    expect(watch.events).toEqual([]);
    await eventually(() => expect(watch.summary()).toEqual(["ADDED a"]));
    watch.stop();
  });

  it("keeps a bounded history: a resourceVersion older than the window gets 410 Gone", async () => {
    const first = await client.create(Upstream, upstream("gloo-system", "a"));
    for (let i = 0; i < 6; i++) await client.patch(Upstream, "gloo-system", "a", { metadata: { labels: { i: String(i) } } });
    const watch = recordWatch(client, Upstream, { resourceVersion: first.metadata.resourceVersion! });
    await eventually(() => expect(watch.closed).toBeDefined());
    expect(isGone(watch.closed!.err)).toBe(true);
    expect(watch.closed!.err!.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it("a watch from resourceVersion 0 starts with the current objects as ADDED", async () => {
    await client.create(Upstream, upstream("gloo-system", "b"));
    await client.create(Upstream, upstream("gloo-system", "a"));
    const watch = recordWatch(client, Upstream, { namespace: "gloo-system", resourceVersion: "0" });
    await eventually(() => expect(watch.summary()).toEqual(["ADDED a", "ADDED b"]));
    await client.delete(Upstream, "gloo-system", "a");
    await eventually(() => expect(watch.summary()).toEqual(["ADDED a", "ADDED b", "DELETED a"]));
    watch.stop();
  });

  it("a watch with a malformed resourceVersion or selector ends with BadRequest", async () => {
    const badRv = recordWatch(client, Upstream, { resourceVersion: "abc" });
    const badSelector = recordWatch(client, Upstream, { resourceVersion: "0", labelSelector: "a in b" });
    await eventually(() => expect(badRv.closed && badSelector.closed).toBeTruthy());
    expect((badRv.closed!.err as ApiError).reason).toBe("BadRequest");
    expect((badSelector.closed!.err as ApiError).message).toMatch(/unable to parse requirement: .*expected '\('/);
  });

  it("a watch handler that throws ends its watch with that error", async () => {
    const closed: (Error | undefined)[] = [];
    client.watch(Upstream, { resourceVersion: "0" }, {
      onEvent: () => {
        throw new Error("handler bug");
      },
      onClose: (err) => closed.push(err),
    });
    await client.create(Upstream, upstream("gloo-system", "a"));
    await eventually(() => expect(closed.map((e) => e?.message)).toEqual(["handler bug"]));
  });

  it("generateName picks a free name; cluster-scoped objects lose a namespace they were given", async () => {
    const made = await client.create(Upstream, { ...upstream("gloo-system", ""), metadata: { generateName: "up-", namespace: "gloo-system" } } as unknown as KubeObject);
    expect(made.metadata.name).toMatch(/^up-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const ns = await client.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: "x", namespace: "ignored" } });
    expect(ns.metadata.namespace).toBeUndefined();
  });

  it("refuses bodies the API server refuses, naming the problem", async () => {
    await expectApiError(
      client.create(Upstream, { ...upstream("gloo-system", "a"), apiVersion: "gloo.solo.io/v2" }),
      "BadRequest",
      400,
      "the API version in the data (gloo.solo.io/v2) does not match the expected API version (gloo.solo.io/v1)",
    );
    await expectApiError(
      client.create(Upstream, { ...upstream("gloo-system", "a"), metadata: { name: "a", namespace: "gloo-system", resourceVersion: "5" } }),
      "InternalError",
      500,
      "resourceVersion should not be set on objects to be created",
    );
    await expectApiError(
      client.create(Upstream, upstream("gloo-system", "a", { labels: { "bad key": "x", ok: "not ok!" } })),
      "Invalid",
      422,
      /^Upstream\.gloo\.solo\.io "a" is invalid: \[metadata\.labels: Invalid value: "bad key": .*, metadata\.labels: Invalid value: "not ok!": /,
    );
    await expectApiError(client.create(Upstream, { ...upstream("gloo-system", "a"), metadata: { namespace: "gloo-system" } } as KubeObject), "Invalid", 422, /metadata\.name: Required value/);
    await expectApiError(client.patch(Upstream, "gloo-system", "zzz", [1]), "BadRequest", 400);
    expect((await client.list(Upstream)).items).toEqual([]); // nothing half-written
  });

  it("kinds without a status subresource: no generation, update writes everything, updateStatus is NotFound", async () => {
    const cm = await client.create<KubeObject>(core.configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", namespace: "default" }, data: { a: "1" } });
    expect(cm.metadata.generation).toBeUndefined();
    const updated = await client.update(core.configMaps, { ...cm, data: { a: "2" } });
    expect(updated.data).toEqual({ a: "2" });
    await expectApiError(client.updateStatus(core.configMaps, updated), "NotFound", 404);
  });

  it("a deleted namespace goes Terminating, its content is deleted, and it disappears once empty", async () => {
    await client.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: "doomed" } });
    await client.create(Upstream, upstream("doomed", "plain"));
    await client.create(Upstream, { ...upstream("doomed", "held"), metadata: { name: "held", namespace: "doomed", finalizers: ["example.com/hold"] } });
    await client.create(glooKinds.VirtualService, { apiVersion: "gateway.solo.io/v1", kind: "VirtualService", metadata: { name: "vs", namespace: "doomed" }, spec: {} });
    await client.delete(core.namespaces, undefined, "doomed");
    expect((await client.get(core.namespaces, undefined, "doomed")).status).toEqual({ phase: "Terminating" });
    await expectApiError(client.create(Upstream, upstream("doomed", "late")), "Forbidden", 403, /unable to create new content in namespace doomed because it is being terminated/);
    await eventually(async () => expect((await client.list(Upstream, { namespace: "doomed" })).items.map((o) => o.metadata.name)).toEqual(["held"]));
    expect((await client.list(glooKinds.VirtualService, { namespace: "doomed" })).items).toEqual([]);
    await client.get(core.namespaces, undefined, "doomed"); // still there: "held" is not gone yet
    await client.patch(Upstream, "doomed", "held", { metadata: { finalizers: null } });
    await eventually(() => expectApiError(client.get(core.namespaces, undefined, "doomed"), "NotFound", 404));
  });

  it("a removed cluster's clients fail like an unreachable cluster", async () => {
    world.removeCluster("c1");
    await expect(client.list(Upstream)).rejects.toMatchObject({ name: "ClusterConnectionError", code: "ECONNREFUSED" });
    expect(world.hasCluster("c1")).toBe(false);
    expect(() => world.client("c1")).toThrow(/embedded cluster "c1" not found/);
  });

  it("a client with faults: false keeps working while the cluster is unreachable for others", async () => {
    const side = world.client("c1", { faults: false });
    world.setReachable("c1", false);
    await expect(client.version()).rejects.toThrow(/embedded cluster "c1" is unreachable/);
    await side.create(Upstream, upstream("gloo-system", "a"));
    world.setReachable("c1", true);
    expect((await client.get(Upstream, "gloo-system", "a")).metadata.name).toBe("a");
  });

  it("injected latency delays calls without changing results", async () => {
    world.setLatency("c1", 20);
    let done = false;
    const pending = client.create(Upstream, upstream("gloo-system", "a")).then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    await pending;
    expect((await client.get(Upstream, "gloo-system", "a")).metadata.name).toBe("a");
  });

  it("ensureNamespace creates a namespace once and leaves an existing one alone", async () => {
    await ensureNamespace(client, "team-a", { team: "a" });
    await ensureNamespace(client, "team-a", { team: "other" });
    expect((await client.get(core.namespaces, undefined, "team-a")).metadata.labels).toEqual({ team: "a" });
    await expectApiError(ensureNamespace(client, "Bad_Name"), "Invalid", 422, /metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label/);
  });

  it("validates cluster names and refuses duplicates", () => {
    expect(() => world.createCluster("Bad_Name")).toThrow(/embedded cluster name "Bad_Name" is invalid/);
    expect(() => world.createCluster("c1")).toThrow(/embedded cluster "c1" already exists/);
    expect(() => world.createCluster("c2", { namespaces: ["ok", "NOT ok"] })).toThrow(/namespace name "NOT ok"/);
    expect(world.hasCluster("c2")).toBe(false);
  });
});
