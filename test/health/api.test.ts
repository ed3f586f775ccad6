import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/cluster/object.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { FedplaneRequestError } from "../../src/sdk/client.js";
import { eventually } from "../support/eventually.js";
import { collect, startTestFedplane, type TestFedplane } from "../support/fedplane.js";

/** Health through the GraphQL API and the typed SDK, on the embedded default with its simulated Gloo. */
describe("health API", () => {
  let fp: TestFedplane;
  beforeAll(async () => {
    fp = await startTestFedplane({ embeddedClusters: 1 });
  });
  afterAll(async () => {
    await fp?.stop();
  });

  it("streams a cluster's findings as they appear and clear, with check and glooInstances agreeing", async () => {
    const events = collect(fp.client.clusterHealthChanged({ cluster: "cluster-1" }));
    await eventually(() => expect(events.items.at(-1)?.clusterHealthChanged).toMatchObject({ cluster: "cluster-1", ok: true }), { timeoutMs: 20_000 });
    expect(events.items.every((e) => e.clusterHealthChanged.cluster === "cluster-1")).toBe(true);

    const member = fp.app.backend.world!.client("cluster-1");
    await member.create<KubeObject>(glooKinds.Upstream, { apiVersion: "gloo.solo.io/v1", kind: "Upstream", metadata: { name: "bad", namespace: "default" }, spec: {} });
    await eventually(() => {
      const last = events.items.at(-1)!.clusterHealthChanged;
      expect(last.ok).toBe(false);
      expect(last.appeared).toEqual([
        {
          severity: "ERROR",
          item: "upstreams",
          instance: "cluster-1-gloo-system",
          ref: { kind: "Upstream", namespace: "default", name: "bad" },
          message: expect.stringMatching(/^Found rejected upstream by 'gloo-system': default bad \(Reason: upstream type not specified/),
        },
      ]);
    }, { timeoutMs: 20_000 });

    const { check } = await fp.client.check({ clusters: ["cluster-1"] });
    expect(check).toMatchObject({ ok: false, errorCount: 1, warningCount: 0 });
    expect(check.clusters[0].instances[0].items.find((i) => i.key === "upstreams")).toMatchObject({ name: "Upstreams", ok: false, total: 1 });
    const { glooInstances } = await fp.client.glooInstances({ cluster: "cluster-1" });
    expect(glooInstances).toMatchObject([
      { name: "cluster-1-gloo-system", cluster: "cluster-1", installNamespace: "gloo-system", version: "1.17.0", isEnterprise: false, watchedNamespaces: [] },
    ]);
    expect(glooInstances[0].proxies).toMatchObject([{ name: "gateway-proxy", readyReplicas: 1 }]);
    expect(glooInstances[0].check.find((c) => c.kind === "upstreams")).toEqual({ kind: "upstreams", total: 1, errorCount: 1, warningCount: 0 });

    const bad = await member.get<KubeObject>(glooKinds.Upstream, "default", "bad");
    await member.delete(glooKinds.Upstream, "default", bad.metadata.name);
    await eventually(() => {
      const last = events.items.at(-1)!.clusterHealthChanged;
      expect(last.ok).toBe(true);
      expect(last.cleared.map((f) => f.ref.name)).toEqual(["bad"]);
    }, { timeoutMs: 20_000 });
    await events.stop();
  });

  it("shows a placed object Gloo rejected next to its PLACED state", async () => {
    const manifest = JSON.stringify({
      apiVersion: "fed.gateway.solo.io/v1",
      kind: "FederatedVirtualService",
      metadata: { name: "to-nowhere", namespace: "gloo-system" },
      spec: {
        placement: { clusters: ["cluster-1"], namespaces: ["gloo-system"] },
        template: {
          metadata: { name: "to-nowhere" },
          spec: { virtualHost: { domains: ["x.example.com"], routes: [{ routeAction: { single: { upstream: { name: "nowhere", namespace: "gloo-system" } } } }] } },
        },
      },
    });
    await fp.client.applyManifest({ manifest });
    await eventually(async () => {
      const { federatedResource } = await fp.client.federatedResourceHealth({ kind: "FederatedVirtualService", namespace: "gloo-system", name: "to-nowhere" });
      expect(federatedResource?.glooHealth).toEqual([
        {
          cluster: "cluster-1",
          namespace: "gloo-system",
          name: "to-nowhere",
          placement: "PLACED",
          placementMessage: null,
          gloo: "REJECTED",
          reason: "Route Error: InvalidDestinationErr. Reason: *v1.Upstream { gloo-system.nowhere } not found",
          reporter: "gloo-system",
        },
      ]);
    }, { timeoutMs: 20_000 });
  });

  it("answers bad arguments with BAD_USER_INPUT or NOT_FOUND naming the field", async () => {
    const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable("should fail"), (e: FedplaneRequestError) => e);
    expect(await failure(fp.client.check({ exclude: ["upstream"] }))).toMatchObject({ code: "BAD_USER_INPUT", field: "exclude" });
    expect(await failure(fp.client.check({ clusters: ["nope"] }))).toMatchObject({ code: "BAD_USER_INPUT", field: "clusters" });
    expect(await failure(fp.client.glooInstances({ cluster: "nope" }))).toMatchObject({ code: "NOT_FOUND" });
  });
});
