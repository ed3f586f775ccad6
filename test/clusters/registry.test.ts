import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmbeddedWorld } from "../../src/cluster/embedded/world.js";
import { core } from "../../src/cluster/resource-type.js";
import { connectCluster } from "../../src/clusters/connector.js";
import { EmbeddedMembers } from "../../src/clusters/embedded-members.js";
import { kubernetesClusterType } from "../../src/clusters/kinds.js";
import type { KubernetesClusterObject } from "../../src/clusters/records.js";
import { ClusterRegistry, isUsable, type ClusterEvent } from "../../src/clusters/registry.js";
import { FINALIZER } from "../../src/federation/kinds.js";
import { eventually } from "../support/eventually.js";

const NS = "gloo-system";

describe("ClusterRegistry (embedded clusters)", () => {
  let world: EmbeddedWorld;
  let members: EmbeddedMembers;
  let registry: ClusterRegistry;
  let events: ClusterEvent[];
  const admin = () => world.client("admin");

  const newRegistry = (options: Partial<ConstructorParameters<typeof ClusterRegistry>[0]> = {}) =>
    new ClusterRegistry({
      admin: admin(),
      connect: (name, kubeconfig) => connectCluster(name, kubeconfig, { embedded: (n) => world.client(n) }),
      namespace: NS,
      probe: { intervalMs: 100, retryMs: 20, timeoutMs: 1000 },
      writtenBy: "test",
      ...options,
    });

  const statusOf = async (name: string) =>
    (await admin().get<KubernetesClusterObject>(kubernetesClusterType, NS, name)).status?.status?.find((c) => c.owner === "test");

  beforeEach(async () => {
    world = await EmbeddedWorld.open();
    world.createCluster("admin", { namespaces: [NS] });
    members = new EmbeddedMembers({ world, admin: admin(), namespace: NS });
    registry = newRegistry();
    events = [];
    registry.onEvent((e) => events.push(e));
  });

  afterEach(async () => {
    await registry.stop();
    await world.close();
  });

  it("registers the admin cluster as local, and clusters from KubernetesCluster + Secret with their labels", async () => {
    await members.register("east", { labels: { region: "us-east" } });
    await registry.start();
    expect(registry.list().map((c) => c.name)).toEqual(["east", "local"]);
    expect(registry.get("local")!.local).toBe(true);
    const east = registry.get("east")!;
    expect(east.labels).toMatchObject({ region: "us-east" });
    expect(east.client).toBeDefined();
    await eventually(() => expect(registry.get("east")!.connection).toMatchObject({ ready: true, kubernetesVersion: "v1.34.0-embedded" }));
    await eventually(async () => expect(await statusOf("east")).toMatchObject({ state: "ACCEPTED", observedGeneration: 1 }));
    const record = await admin().get(kubernetesClusterType, NS, "east");
    expect(record.metadata.finalizers).toContain(FINALIZER);
  });

  it("does not register the admin cluster when told not to", async () => {
    registry = newRegistry({ registerLocal: false });
    await registry.start();
    expect(registry.list()).toEqual([]);
  });

  it("follows registrations, label changes and removals as they happen", async () => {
    await registry.start();
    await members.register("west", { labels: { env: "dev" } });
    await eventually(() => expect(registry.get("west")?.labels).toMatchObject({ env: "dev" }));
    expect(events.some((e) => e.type === "added" && e.cluster.name === "west")).toBe(true);

    await members.register("west", { labels: { env: "prod" } });
    await eventually(() => expect(registry.get("west")?.labels).toMatchObject({ env: "prod" }));
    expect(events.some((e) => e.type === "changed" && e.cluster.name === "west" && e.changes.includes("labels"))).toBe(true);

    const cleaned: string[] = [];
    registry.onBeforeRemove(async (cluster) => {
      // The hook runs while the cluster's client still works.
      await cluster.client!.list(core.namespaces);
      cleaned.push(cluster.name);
    });
    await members.deregister("west");
    expect(cleaned).toEqual(["west"]);
    expect(registry.get("west")).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: "removed", cluster: { name: "west" } });
  });

  it("reports a missing or wrong Secret as FAILED with what to do, and connects once it is fixed", async () => {
    await registry.start();
    await admin().create(kubernetesClusterType, { apiVersion: "multicluster.solo.io/v1alpha1", kind: "KubernetesCluster", metadata: { name: "north", namespace: NS }, spec: { secretName: "north" } });
    await eventually(async () => expect((await statusOf("north"))?.message).toBe(
      "Secret gloo-system/north not found: create it with the cluster's kubeconfig (type solo.io/kubeconfig, key kubeconfig)",
    ));
    expect(registry.get("north")).toMatchObject({ client: undefined });
    expect(isUsable(registry.get("north")!)).toBe(false);
    await admin().create(core.secrets, { apiVersion: "v1", kind: "Secret", metadata: { name: "north", namespace: NS }, type: "Opaque", data: {} });
    await eventually(async () => expect((await statusOf("north"))?.message).toContain("has type Opaque, not solo.io/kubeconfig"));
    await admin().delete(core.secrets, NS, "north");
    await members.register("north");
    await eventually(async () => expect(await statusOf("north")).toMatchObject({ state: "ACCEPTED" }));
    expect(events.some((e) => e.type === "changed" && e.cluster.name === "north" && e.changes.includes("client"))).toBe(true);
  });

  it("watches the connection: unreachable -> not ready with the error (status FAILED), then ready again", async () => {
    await members.register("east");
    await registry.start();
    await eventually(() => expect(registry.get("east")!.connection.ready).toBe(true));
    world.setReachable("east", false);
    await eventually(() => expect(registry.get("east")!.connection).toMatchObject({ ready: false, lastError: expect.stringContaining("unreachable") }));
    expect(isUsable(registry.get("east")!)).toBe(false);
    await eventually(async () => expect(await statusOf("east")).toMatchObject({ state: "FAILED", message: expect.stringContaining("cluster is unreachable") }));
    world.setReachable("east", true);
    await eventually(() => expect(registry.get("east")!.connection.ready).toBe(true));
    await eventually(async () => expect(await statusOf("east")).toMatchObject({ state: "ACCEPTED" }));
    const readiness = events.filter((e) => e.type === "changed" && e.cluster.name === "east" && e.changes.includes("readiness"));
    expect(readiness.map((e) => e.cluster.connection.ready)).toEqual([true, false, true]);
  });

  it("embedded members: deregister waits for the registry's cleanup, then removes the registration and the cluster", async () => {
    await registry.start();
    await members.register("south", { labels: { zone: "s" } });
    await eventually(() => expect(registry.get("south")).toBeDefined());
    let cleanedWhileRegistered = false;
    registry.onBeforeRemove(async (cluster) => {
      cleanedWhileRegistered = world.hasCluster(cluster.name);
    });
    await members.deregister("south");
    expect(cleanedWhileRegistered).toBe(true);
    expect(world.hasCluster("south")).toBe(false);
    await expect(admin().get(core.secrets, NS, "south")).rejects.toMatchObject({ reason: "NotFound" });
    await expect(admin().get(kubernetesClusterType, NS, "south")).rejects.toMatchObject({ reason: "NotFound" });
  });

  it("uses a KubernetesCluster named local as it is, instead of registering the admin cluster", async () => {
    await members.register("local", { labels: { env: "admin" } });
    await registry.start();
    const local = registry.get("local")!;
    expect(local.local).toBe(false);
    expect(local.record?.metadata.name).toBe("local");
    expect(local.labels).toMatchObject({ env: "admin" });
    expect(local.client?.name).not.toBe(admin().name);
    await eventually(async () => expect(await statusOf("local")).toMatchObject({ state: "ACCEPTED", observedGeneration: 1 }));
  });

  it("a local registration made later takes over in place, and when it goes the admin cluster is local again", async () => {
    await registry.start();
    expect(registry.get("local")!.local).toBe(true);
    await members.register("local");
    await eventually(() => expect(registry.get("local")!.local).toBe(false));
    await eventually(async () => expect((await statusOf("local"))?.state).toBe("ACCEPTED"));
    await members.deregister("local");
    await eventually(() => expect(registry.get("local")?.local).toBe(true));
    expect(registry.get("local")!.client).toBe(registry.admin);
    // Never removed: what was placed there is not cleaned up by either switch.
    expect(events.filter((e) => e.cluster.name === "local").map((e) => e.type)).not.toContain("removed");
  });
});
