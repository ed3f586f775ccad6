import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FedplaneRequestError } from "../../src/sdk/client.js";
import { eventually } from "../support/eventually.js";
import { collect, startTestFedplane, type TestFedplane } from "../support/fedplane.js";

describe("clusters API (embedded default, through the SDK)", () => {
  let fp: TestFedplane;
  beforeAll(async () => {
    fp = await startTestFedplane({ embeddedClusters: 2 });
  });
  afterAll(async () => {
    await fp?.stop();
  });

  it("lists the admin cluster as local and the embedded workload clusters, each ready with a version", async () => {
    const { clusters } = await eventually(async () => {
      const answer = await fp.client.clusters();
      expect(answer.clusters.every((c) => c.ready)).toBe(true);
      return answer;
    });
    expect(clusters.map((c) => [c.name, c.local])).toEqual([
      ["cluster-1", false],
      ["cluster-2", false],
      ["local", true],
    ]);
    expect(clusters[0].kubernetesVersion).toMatch(/^v1\./);
    expect(clusters[0].registration?.state).toBe("ACCEPTED");
    expect((await fp.client.cluster({ name: "nope" })).cluster).toBeNull();
  });

  it("streams the current clusters first, then registrations and deregistrations", async () => {
    const events = collect(fp.client.clusterStatusChanged({}));
    await eventually(() => expect(events.items.filter((e) => e.clusterStatusChanged.type === "ADDED")).toHaveLength(3));

    const { registerCluster } = await fp.client.registerCluster({ input: { name: "east", labels: { region: "us-east" } } });
    expect(registerCluster).toMatchObject({ name: "east", labels: { region: "us-east" }, local: false });
    await eventually(() =>
      expect(events.items.some((e) => e.clusterStatusChanged.type === "ADDED" && e.clusterStatusChanged.cluster.name === "east")).toBe(true),
    );
    await eventually(async () => expect((await fp.client.cluster({ name: "east" })).cluster?.ready).toBe(true));

    expect((await fp.client.deregisterCluster({ name: "east" })).deregisterCluster).toBe(true);
    await eventually(() =>
      expect(events.items.some((e) => e.clusterStatusChanged.type === "DELETED" && e.clusterStatusChanged.cluster.name === "east")).toBe(true),
    );
    expect((await fp.client.cluster({ name: "east" })).cluster).toBeNull();
    await events.stop();
  });

  it("filters the stream by cluster", async () => {
    const events = collect(fp.client.clusterStatusChanged({ cluster: "cluster-2" }));
    await eventually(() => expect(events.items).toHaveLength(1));
    expect(events.items[0].clusterStatusChanged).toMatchObject({ type: "ADDED", cluster: { name: "cluster-2" } });
    await events.stop();
  });

  it("rejects bad registrations with a code and the field", async () => {
    const bad = (p: Promise<unknown>) => p.then(() => expect.unreachable("should have failed"), (e: FedplaneRequestError) => e);
    const invalid = await bad(fp.client.registerCluster({ input: { name: "Not_A_Name" } }));
    expect(invalid).toMatchObject({ code: "BAD_USER_INPUT", field: "input.name" });
    expect(invalid.message).toContain("Not_A_Name");
    expect(await bad(fp.client.registerCluster({ input: { name: "cluster-1" } }))).toMatchObject({ code: "CONFLICT" });
    expect(await bad(fp.client.registerCluster({ input: { name: "local" } }))).toMatchObject({ code: "CONFLICT" });
    expect(await bad(fp.client.deregisterCluster({ name: "never-registered" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await bad(fp.client.deregisterCluster({ name: "local" }))).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
    expect((await fp.client.clusters()).clusters).toHaveLength(3);
  });
});
