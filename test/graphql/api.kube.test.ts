import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedManifest } from "../../src/app/examples.js";
import type { ClusterClient } from "../../src/cluster/client.js";
import { isAlreadyExists } from "../../src/cluster/errors.js";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import { core } from "../../src/cluster/resource-type.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import type { PlacementStatusChangedSubscription } from "../../src/sdk/client.js";
import { describeWithControlPlanes } from "../support/controlplanes.js";
import { eventually } from "../support/eventually.js";
import { collect, startTestFedplane, type TestFedplane } from "../support/fedplane.js";

type PlacementEvent = PlacementStatusChangedSubscription["placementStatusChanged"];

describeWithControlPlanes("GraphQL API end to end on real kube-apiservers (fedplane serve --kubeconfig)", (planes) => {
  // The control planes are shared by every kube test file: this suite keeps to its own namespace everywhere.
  const ns = `api-${randomBytes(3).toString("hex")}`;
  const members: Record<string, ClusterClient> = {};
  let admin: ClusterClient;
  let fp: TestFedplane;

  beforeAll(async () => {
    admin = KubernetesClusterClient.fromFile("admin", planes.admin.kubeconfigPath);
    members.east = KubernetesClusterClient.fromFile("east", planes.workloads[0].kubeconfigPath);
    members.west = KubernetesClusterClient.fromFile("west", planes.workloads[1].kubeconfigPath);
    for (const client of [admin, members.east, members.west]) {
      await client.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }).catch((e) => {
        if (!isAlreadyExists(e)) throw e;
      });
    }
    fp = await startTestFedplane({ kubeconfig: planes.admin.kubeconfigPath, federationNamespace: ns, watchNamespace: ns });
  }, 120_000);

  afterAll(async () => {
    await fp?.stop();
    for (const client of [admin, ...Object.values(members)]) {
      await client?.delete(core.namespaces, undefined, ns).catch(() => undefined);
      await client?.close();
    }
  }, 120_000);

  it("registers the workload clusters through the API and reports them ready", async () => {
    expect((await fp.client.serverInfo()).serverInfo).toMatchObject({ backend: "kubernetes", federationNamespace: ns });
    for (const [name, plane] of [["east", planes.workloads[0]], ["west", planes.workloads[1]]] as const) {
      await fp.client.registerCluster({ input: { name, kubeconfig: readFileSync(plane.kubeconfigPath, "utf8"), labels: { plane: plane.name } } });
    }
    await eventually(
      async () => {
        const { clusters } = await fp.client.clusters();
        expect(clusters.map((c) => [c.name, c.ready])).toEqual([
          ["east", true],
          ["local", true],
          ["west", true],
        ]);
        expect(clusters[0].kubernetesVersion).toBe(planes.version);
      },
      { timeoutMs: 60_000 },
    );
  }, 90_000);

  it("applies the seed example, streams PLACED, reads placed objects, and reports a tampered object until it is restored", async () => {
    const placement = collect(fp.client.placementStatusChanged({ kind: "FederatedUpstream", namespace: ns }));
    const { applyManifest } = await fp.client.applyManifest({ manifest: seedManifest(["local", "east", "west"], [ns], ns) });
    expect(applyManifest.resources.map((r) => r.action)).toEqual(["CREATED", "CREATED"]);
    const last = () => placement.items.at(-1)?.placementStatusChanged;
    await eventually(() => expect(last()?.placementStatus?.state).toBe("PLACED"), { timeoutMs: 60_000 });

    // placedObjects comes from the member clusters' watch caches, which may trail the writes behind PLACED.
    await eventually(async () => {
      const { federatedResource } = await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: ns, name: "my-federated-upstream" });
      expect(federatedResource?.placedObjects.map((o) => `${o.cluster}/${o.namespace}/${o.name}`)).toEqual([
        `east/${ns}/fed-upstream`,
        `local/${ns}/fed-upstream`,
        `west/${ns}/fed-upstream`,
      ]);
    });
    const live = await members.west.get(glooKinds.Upstream, ns, "fed-upstream");
    expect(live.spec).toEqual({ static: { hosts: [{ addr: "solo.io", port: 80 }] } });

    const seen = placement.items.length;
    await members.east.delete(glooKinds.Upstream, ns, "fed-upstream");
    const eastState = (e: PlacementEvent) => e.placementStatus?.clusters.find((c) => c.cluster === "east")?.namespaces[0]?.state;
    await eventually(
      () => {
        const after = placement.items.slice(seen).map((i) => i.placementStatusChanged);
        const broken = after.findIndex((e) => eastState(e) !== "PLACED");
        expect(broken, "an event showing east not PLACED").toBeGreaterThanOrEqual(0);
        expect(after.slice(broken + 1).some((e) => eastState(e) === "PLACED" && e.placementStatus?.state === "PLACED")).toBe(true);
      },
      { timeoutMs: 60_000 },
    );
    await eventually(async () => expect((await members.east.get(glooKinds.Upstream, ns, "fed-upstream")).spec).toEqual(live.spec), { timeoutMs: 30_000 });
    await placement.stop();
  }, 150_000);

  it("deletes through the API: placed objects are removed from every cluster, then the resource goes", async () => {
    for (const [kind, name] of [["FederatedUpstream", "my-federated-upstream"], ["FederatedVirtualService", "my-federated-vs"]] as const) {
      await fp.client.deleteFederatedResource({ kind, namespace: ns, name });
    }
    await eventually(async () => expect((await fp.client.federatedResources({ namespace: ns })).federatedResources.totalCount).toBe(0), {
      timeoutMs: 60_000,
    });
    for (const client of Object.values(members)) {
      expect((await client.list(glooKinds.Upstream, { namespace: ns })).items).toEqual([]);
      expect((await client.list(glooKinds.VirtualService, { namespace: ns })).items).toEqual([]);
    }
    expect((await fp.client.deregisterCluster({ name: "west" })).deregisterCluster).toBe(true);
    expect((await fp.client.cluster({ name: "west" })).cluster).toBeNull();
  }, 150_000);
});
