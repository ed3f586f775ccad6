import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { core } from "../../src/cluster/resource-type.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { glooStatusFor } from "../../src/health/gloo-status.js";
import { GlooSimulator } from "../../src/health/simulator/simulator.js";
import { describeWithControlPlanes } from "../support/controlplanes.js";
import { eventually } from "../support/eventually.js";
import { glooObject } from "./fixtures.js";

describeWithControlPlanes("the Gloo simulator on a real API server", (planes) => {
  const namespace = `gloo-sim-${randomBytes(3).toString("hex")}`;
  let client: KubernetesClusterClient;
  let sim: GlooSimulator;

  beforeAll(async () => {
    client = KubernetesClusterClient.fromFile("sim", planes.workloads[1].kubeconfigPath);
    sim = new GlooSimulator(client, { namespace });
    await sim.install();
    sim.start();
  });

  afterAll(async () => {
    sim?.stop();
    await client?.delete(core.namespaces, undefined, namespace).catch(() => undefined);
    await client?.close();
  });

  it("passes the API server's validation for deployments and pods with status, and reports on Gloo resources", async () => {
    const pods = await client.list(core.pods, { namespace });
    expect(pods.items.map((p) => p.status?.phase)).toEqual(["Running", "Running"]);
    expect((await client.get<KubeObject>(core.deployments, namespace, "gateway-proxy")).status.readyReplicas).toBe(1);
    await client.create(glooKinds.Upstream, glooObject(glooKinds.Upstream, namespace, "typeless", {}));
    await eventually(async () =>
      expect(glooStatusFor(await client.get<KubeObject>(glooKinds.Upstream, namespace, "typeless"), namespace)?.state).toBe("Rejected"),
    );
  });
});
