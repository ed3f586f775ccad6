import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ClusterClient, WatchHandlers, WatchOptions } from "../../src/cluster/client.js";
import { EmbeddedWorld } from "../../src/cluster/embedded/world.js";
import { ApiError } from "../../src/cluster/errors.js";
import { Informer, type InformerOptions } from "../../src/cluster/informer.js";
import type { ResourceType } from "../../src/cluster/resource-type.js";
import { core } from "../../src/cluster/resource-type.js";
import { upstream, Upstream } from "../conformance/fixtures.js";
import { eventually } from "../support/eventually.js";
import { FlakyClient } from "../support/flaky-client.js";

const fast: InformerOptions = { backoff: { initialMs: 1, maxMs: 20 } };

describe("informer", () => {
  let world: EmbeddedWorld;
  let client: ClusterClient;
  const informers: Informer[] = [];
  const start = (c: ClusterClient, type: ResourceType = Upstream, options: InformerOptions = {}) => {
    const informer = new Informer(c, type, { ...fast, ...options });
    informers.push(informer);
    const log: string[] = [];
    informer.addHandlers({
      onAdd: (o) => log.push(`add ${o.metadata.name}`),
      onUpdate: (o) => log.push(`update ${o.metadata.name}`),
      onDelete: (o) => log.push(`delete ${o.metadata.name}`),
    });
    return { informer: informer.start(), log };
  };
  beforeEach(async () => {
    world = await EmbeddedWorld.open();
    world.createCluster("c1", { namespaces: ["gloo-system"] });
    client = world.client("c1");
  });
  afterEach(async () => {
    for (const i of informers.splice(0)) i.stop();
    await world.close();
  });

  it("started while the cluster is down, it keeps retrying, reports why, and syncs once it is back", async () => {
    const flaky = new FlakyClient(client);
    await client.create(Upstream, upstream("gloo-system", "a"));
    flaky.cut();
    const { informer, log } = start(flaky);
    await eventually(() => expect(flaky.refused).toBeGreaterThan(5)); // no giving up
    expect(informer.hasSynced).toBe(false);
    expect(informer.connected).toBe(false);
    expect(informer.status()).toMatchObject({ synced: false, connected: false, count: 0 });
    await expect(informer.waitForSync({ timeoutMs: 10 })).rejects.toThrow(/has not synced after 10 ms; last error: connect ECONNREFUSED/);
    flaky.restore();
    await informer.waitForSync();
    expect(log).toEqual(["add a"]);
    expect(informer.connected).toBe(true);
  });

  it("keeps going after API errors other than 410 (which stop client-node's informers)", async () => {
    let failures = 3;
    const grumpy: ClusterClient = Object.assign(Object.create(client), {
      watch(type: ResourceType, options: WatchOptions, handlers: WatchHandlers) {
        if (failures-- > 0) {
          setImmediate(() => handlers.onClose(new ApiError("InternalError", "etcdserver: request timed out")));
          return { stop() {} };
        }
        return client.watch(type, options, handlers);
      },
    });
    const { informer, log } = start(grumpy);
    await informer.waitForSync();
    await eventually(() => expect(failures).toBeLessThan(0));
    await client.create(Upstream, upstream("gloo-system", "a"));
    await eventually(() => expect(log).toEqual(["add a"]));
    expect(informer.lastError?.message).toBe("etcdserver: request timed out");
    expect(informer.connected).toBe(true);
  });

  it("resumes after a watch ends without error (server timeout) with nothing missed or repeated", async () => {
    const flaky = new FlakyClient(client);
    const { informer, log } = start(flaky);
    await informer.waitForSync();
    await client.create(Upstream, upstream("gloo-system", "a"));
    await eventually(() => expect(log).toEqual(["add a"]));
    flaky.closeWatches();
    await client.patch(Upstream, "gloo-system", "a", { metadata: { labels: { x: "1" } } });
    flaky.closeWatches();
    await client.delete(Upstream, "gloo-system", "a");
    await eventually(() => expect(log).toEqual(["add a", "update a", "delete a"]));
    expect(flaky.watchCalls).toBeGreaterThanOrEqual(2);
  });

  it("a failing handler is reported and the others still run", async () => {
    const errors: unknown[] = [];
    const { informer, log } = start(client, Upstream, { onHandlerError: (e) => errors.push(e) });
    informer.addHandlers({
      onAdd: () => {
        throw new Error("handler bug");
      },
    });
    await informer.waitForSync();
    await client.create(Upstream, upstream("gloo-system", "a"));
    await client.create(Upstream, upstream("gloo-system", "b"));
    await eventually(() => expect(log).toEqual(["add a", "add b"]));
    expect(errors.map((e) => (e as Error).message)).toEqual(["handler bug", "handler bug"]);
  });

  it("caches cluster-scoped kinds by name", async () => {
    const { informer } = start(client, core.namespaces);
    await informer.waitForSync();
    expect(informer.get(undefined, "gloo-system")?.metadata.name).toBe("gloo-system");
    expect(informer.list()).toHaveLength(5);
  });

  it("filters by namespace and label selector", async () => {
    const { informer, log } = start(client, Upstream, { namespace: "gloo-system", labelSelector: "app=gloo" });
    await informer.waitForSync();
    await client.create(Upstream, upstream("default", "elsewhere", { labels: { app: "gloo" } }));
    await client.create(Upstream, upstream("gloo-system", "unlabelled"));
    await client.create(Upstream, upstream("gloo-system", "a", { labels: { app: "gloo" } }));
    await client.patch(Upstream, "gloo-system", "a", { metadata: { labels: { app: "other" } } });
    await eventually(() => expect(log).toEqual(["add a", "delete a"]));
    expect(informer.list()).toEqual([]);
  });

  it("stopped during its first list, it never calls a handler and waitForSync rejects", async () => {
    await client.create(Upstream, upstream("gloo-system", "a"));
    world.setLatency("c1", 20);
    const { informer, log } = start(client);
    const waiting = informer.waitForSync();
    informer.stop();
    await expect(waiting).rejects.toThrow(/was stopped before it synced/);
    world.setLatency("c1", 0);
    const witness = start(client);
    await witness.informer.waitForSync();
    await client.create(Upstream, upstream("gloo-system", "b"));
    await eventually(() => expect(witness.log).toEqual(["add a", "add b"]));
    expect(log).toEqual([]);
  });
});
