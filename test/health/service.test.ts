import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterClient } from "../../src/cluster/client.js";
import { EmbeddedWorld } from "../../src/cluster/embedded/world.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { core } from "../../src/cluster/resource-type.js";
import { connectCluster } from "../../src/clusters/connector.js";
import { EmbeddedMembers } from "../../src/clusters/embedded-members.js";
import { glooInstanceType } from "../../src/clusters/kinds.js";
import { ClusterRegistry } from "../../src/clusters/registry.js";
import { federatedKindByName } from "../../src/federation/kinds.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { allItems, countProblems } from "../../src/health/check.js";
import { HealthService, UnknownClusterError, type ClusterHealthEvent } from "../../src/health/service.js";
import { crashLoopPodStatus, runningPodStatus } from "../../src/health/simulator/installation.js";
import { SimulatorFleet } from "../../src/health/simulator/fleet.js";
import { eventually } from "../support/eventually.js";
import { glooObject } from "./fixtures.js";

/** Health over a registry of embedded clusters, each with the simulated Gloo: the embedded default, minus the API. */
describe("health service (embedded clusters)", () => {
  let world: EmbeddedWorld;
  let registry: ClusterRegistry;
  let health: HealthService;
  let fleet: SimulatorFleet;
  const errors: string[] = [];
  const events: ClusterHealthEvent[] = [];
  let east: ClusterClient;
  let members: EmbeddedMembers;

  beforeAll(async () => {
    world = await EmbeddedWorld.open();
    world.createCluster("admin", { namespaces: ["gloo-system"] });
    const admin = world.client("admin");
    registry = new ClusterRegistry({
      admin,
      connect: (name, kubeconfig) => connectCluster(name, kubeconfig, { embedded: (n) => world.client(n) }),
      probe: { intervalMs: 200, retryMs: 50, timeoutMs: 1000 },
    });
    members = new EmbeddedMembers({ world, admin });
    await members.register("east");
    await members.register("west");
    await registry.start();
    fleet = new SimulatorFleet(world, registry, (m) => errors.push(m));
    await fleet.start();
    health = new HealthService({ registry, admin, federationNamespace: "gloo-system", resyncMs: 1000 });
    health.onHealthChanged((e) => events.push(e));
    await health.start();
    east = world.client("east", { faults: false });
  });

  afterAll(async () => {
    health?.stop();
    fleet?.stop();
    await registry?.stop();
    await world?.close();
  });

  const problems = (cluster: string) => countProblems(allItems(health.check({ clusters: [cluster] })[0]));
  const findings = (cluster: string) =>
    allItems(health.check({ clusters: [cluster] })[0]).flatMap((i) => [...i.errors, ...i.warnings].map((f) => `${i.key}: ${f.message}`));

  it("reports every healthy cluster OK, with one GlooInstance each written to the admin cluster", async () => {
    await eventually(() => {
      for (const c of ["east", "local", "west"]) expect(findings(c)).toEqual([]);
    });
    const checks = health.check();
    expect(checks.map((c) => c.cluster)).toEqual(["east", "local", "west"]);
    expect(checks[0].instances.map((i) => i.name)).toEqual(["east-gloo-system"]);
    const admin = world.client("admin");
    await eventually(async () => {
      const written = (await admin.list<KubeObject>(glooInstanceType, { namespace: "gloo-system" })).items;
      expect(written.map((i) => i.metadata.name)).toEqual(["east-gloo-system", "local-gloo-system", "west-gloo-system"]);
      expect(written[0].spec.controlPlane.version).toBe("1.17.0");
      expect(written[0].spec.check.deployments).toEqual({ total: 2, errors: [], warnings: [] });
    });
    expect(health.glooInstances("east").map((i) => i.metadata.name)).toEqual(["east-gloo-system"]);
    expect(errors).toEqual([]);
  });

  it("shows a rejected upstream as an error finding, and clears it when fixed", async () => {
    const start = events.length;
    await east.create(glooKinds.Upstream, glooObject(glooKinds.Upstream, "default", "my-us", {}));
    const expected = "Found rejected upstream by 'gloo-system': default my-us (Reason: upstream type not specified: set one of kube, static, pipe, aws, azure, consul, awsEc2, gcp)";
    await eventually(() => expect(findings("east")).toEqual([`upstreams: ${expected}`]));
    await eventually(() =>
      expect(events.slice(start).some((e) => e.cluster === "east" && e.appeared.some((f) => f.message === expected && f.severity === "error"))).toBe(true),
    );
    // The GlooInstance summary follows.
    await eventually(async () => {
      const gi = await world.client("admin").get<KubeObject>(glooInstanceType, "gloo-system", "east-gloo-system");
      expect(gi.spec.check.upstreams.errors).toEqual([{ ref: { name: "my-us", namespace: "default" }, message: expected }]);
    });
    const us = await east.get<KubeObject>(glooKinds.Upstream, "default", "my-us");
    await east.update(glooKinds.Upstream, { ...us, spec: { static: { hosts: [{ addr: "10.0.0.1", port: 80 }] } } });
    await eventually(() => expect(findings("east")).toEqual([]));
    expect(events.some((e) => e.cluster === "east" && e.cleared.some((f) => f.message === expected))).toBe(true);
    await eventually(async () => {
      const gi = await world.client("admin").get<KubeObject>(glooInstanceType, "gloo-system", "east-gloo-system");
      expect(gi.spec.check.upstreams).toEqual({ total: 1, errors: [], warnings: [] });
    });
  });

  it("shows a pod in CrashLoopBackOff, and clears it when the pod recovers", async () => {
    const pod = (await east.list<KubeObject>(core.pods, { namespace: "gloo-system", labelSelector: "gloo=gloo" })).items[0];
    await east.updateStatus(core.pods, { ...pod, status: crashLoopPodStatus("gloo", "quay.io/solo-io/gloo:1.17.0", 5) });
    await eventually(() => expect(findings("east")).toEqual([`pods: Pod ${pod.metadata.name} in namespace gloo-system is in CrashLoopBackOff: container gloo restarted 5 times (last exit: Error, code 1)`]));
    expect(problems("west")).toEqual({ errors: 0, warnings: 0 });
    const crashed = await east.get<KubeObject>(core.pods, "gloo-system", pod.metadata.name);
    await east.updateStatus(core.pods, { ...crashed, status: runningPodStatus("gloo", "quay.io/solo-io/gloo:1.17.0") });
    await eventually(() => expect(findings("east")).toEqual([]));
  });

  it("turns an unreachable cluster into a connection finding, without waiting on it, and clears it when it is back", async () => {
    world.setReachable("west", false);
    await eventually(() => {
      const [check] = health.check({ clusters: ["west"] });
      expect(check.items.map((i) => i.key)).toEqual(["connection"]);
      expect(check.items[0].errors[0].message).toMatch(/^Cannot connect to cluster west: cluster west is unreachable: .*unreachable/);
    });
    // The last known GlooInstance stays while the cluster cannot be seen.
    expect((await world.client("admin").list(glooInstanceType, { namespace: "gloo-system" })).items.map((i) => i.metadata.name)).toContain("west-gloo-system");
    world.setReachable("west", true);
    await eventually(() => expect(findings("west")).toEqual([]), { timeoutMs: 15_000 });
  });

  it("joins placement with what Gloo says about the placed object", async () => {
    const kind = federatedKindByName("FederatedVirtualService")!;
    await east.create(
      glooKinds.VirtualService,
      glooObject(glooKinds.VirtualService, "default", "fed-vs", {
        virtualHost: { domains: ["*"], routes: [{ routeAction: { single: { upstream: { name: "missing", namespace: "default" } } } }] },
      }),
    );
    const fed = {
      apiVersion: "fed.gateway.solo.io/v1",
      kind: "FederatedVirtualService",
      metadata: { name: "fed-vs", namespace: "gloo-system" },
      spec: { template: { metadata: { name: "fed-vs" } }, placement: { clusters: ["east", "west", "gone"], namespaces: ["default"] } },
      status: {
        placementStatus: {
          state: "FAILED" as const,
          clusters: {
            east: { namespaces: { default: { state: "PLACED" as const } } },
            west: { namespaces: { default: { state: "FAILED" as const, message: "boom" } } },
            gone: { namespaces: { default: { state: "PENDING" as const } } },
          },
        },
      },
    };
    await eventually(() =>
      expect(health.placementHealth(kind, fed)).toEqual([
        {
          cluster: "east",
          namespace: "default",
          name: "fed-vs",
          placement: "PLACED",
          gloo: "REJECTED",
          reason: "Route Error: InvalidDestinationErr. Reason: *v1.Upstream { default.missing } not found",
          reporter: "gloo-system",
        },
        { cluster: "west", namespace: "default", name: "fed-vs", placement: "FAILED", placementMessage: "boom", gloo: "NOT_FOUND", reason: "VirtualService default/fed-vs does not exist in cluster west" },
        { cluster: "gone", namespace: "default", name: "fed-vs", placement: "PENDING", gloo: "UNKNOWN", reason: "cluster gone is not registered" },
      ]),
    );
  });

  it("follows clusters registered and deregistered later: simulated Gloo, checks and GlooInstances", async () => {
    await members.register("north");
    await eventually(() => {
      const [check] = health.check({ clusters: ["north"] });
      expect(check.instances.map((i) => i.name)).toEqual(["north-gloo-system"]);
      expect(findings("north")).toEqual([]);
    });
    const admin = world.client("admin");
    await eventually(async () => expect((await admin.list(glooInstanceType, { namespace: "gloo-system" })).items.map((i) => i.metadata.name)).toContain("north-gloo-system"));
    await members.deregister("north");
    await eventually(async () => expect((await admin.list(glooInstanceType, { namespace: "gloo-system" })).items.map((i) => i.metadata.name)).not.toContain("north-gloo-system"));
    expect(() => health.check({ clusters: ["north"] })).toThrow(UnknownClusterError);
  });

  it("refuses unknown clusters and exclude keys", () => {
    expect(() => health.check({ clusters: ["nope"] })).toThrow(UnknownClusterError);
    expect(() => health.check({ exclude: ["bogus"] })).toThrow(/unknown check "bogus"/);
  });
});
