import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ClusterClient } from "../../src/cluster/client.js";
import { EmbeddedWorld } from "../../src/cluster/embedded/world.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { core } from "../../src/cluster/resource-type.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { glooStatusFor } from "../../src/health/gloo-status.js";
import { GlooSimulator } from "../../src/health/simulator/simulator.js";
import { eventually } from "../support/eventually.js";
import { glooObject } from "./fixtures.js";

describe("the embedded Gloo simulator", () => {
  let world: EmbeddedWorld;
  let client: ClusterClient;
  let sim: GlooSimulator;

  beforeEach(async () => {
    world = await EmbeddedWorld.open();
    world.createCluster("east");
    client = world.client("east", { faults: false });
    sim = new GlooSimulator(client);
    await sim.install();
    sim.start();
  });

  afterEach(async () => {
    sim.stop();
    await world.close();
  });

  const statusOf = async (type: (typeof glooKinds)[keyof typeof glooKinds], ns: string, name: string) =>
    glooStatusFor(await client.get<KubeObject>(type, ns, name), "gloo-system");

  it("installs a healthy-looking Gloo: deployments and pods with status, Settings accepted", async () => {
    const gloo = await client.get<KubeObject>(core.deployments, "gloo-system", "gloo");
    expect(gloo.metadata.labels).toMatchObject({ app: "gloo", gloo: "gloo" });
    expect(gloo.status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
    const pods = await client.list(core.pods, { namespace: "gloo-system" });
    expect(pods.items.map((p) => p.status?.phase)).toEqual(["Running", "Running"]);
    await eventually(async () => expect(await statusOf(glooKinds.Settings, "gloo-system", "default")).toMatchObject({ state: "Accepted", reportedBy: "gloo" }));
    // Installing again (a restart) leaves what is there.
    await sim.install();
    expect((await client.list(core.pods, { namespace: "gloo-system" })).items).toHaveLength(2);
  });

  it("rejects invalid resources with Gloo-like reasons and re-evaluates when what they need appears", async () => {
    await client.create(glooKinds.Upstream, glooObject(glooKinds.Upstream, "default", "typeless", {}));
    await client.create(
      glooKinds.VirtualService,
      glooObject(glooKinds.VirtualService, "default", "vs", {
        virtualHost: { domains: ["*"], routes: [{ matchers: [{ prefix: "/solo" }], routeAction: { single: { upstream: { name: "fed-upstream", namespace: "default" } } } }] },
      }),
    );
    await eventually(async () =>
      expect(await statusOf(glooKinds.Upstream, "default", "typeless")).toMatchObject({ state: "Rejected", reason: expect.stringContaining("upstream type not specified") }),
    );
    await eventually(async () =>
      expect(await statusOf(glooKinds.VirtualService, "default", "vs")).toEqual({
        state: "Rejected",
        reason: "Route Error: InvalidDestinationErr. Reason: *v1.Upstream { default.fed-upstream } not found",
        reportedBy: "gloo",
        reporter: "gloo-system",
      }),
    );
    await client.create(glooKinds.Upstream, glooObject(glooKinds.Upstream, "default", "fed-upstream", { static: { hosts: [{ addr: "1.2.3.4", port: 80 }] } }));
    await eventually(async () => expect((await statusOf(glooKinds.VirtualService, "default", "vs"))?.state).toBe("Accepted"));
    expect((await statusOf(glooKinds.Upstream, "default", "fed-upstream"))?.state).toBe("Accepted");
    // Fixing the spec clears the rejection; other reporters' statuses are kept.
    const typeless = await client.get<KubeObject>(glooKinds.Upstream, "default", "typeless");
    await client.updateStatus(glooKinds.Upstream, { ...typeless, status: { ...typeless.status, statuses: { ...typeless.status.statuses, "other-gloo": { state: "Accepted" } } } });
    await client.update(glooKinds.Upstream, { ...(await client.get<KubeObject>(glooKinds.Upstream, "default", "typeless")), spec: { kube: { serviceName: "svc", serviceNamespace: "default", servicePort: 80 } } });
    await eventually(async () => expect((await statusOf(glooKinds.Upstream, "default", "typeless"))?.state).toBe("Accepted"));
    const fixed = await client.get<KubeObject>(glooKinds.Upstream, "default", "typeless");
    expect(fixed.status.statuses["other-gloo"]).toEqual({ state: "Accepted" });
  });
});
