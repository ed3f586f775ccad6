import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { glooKinds } from "../../src/gloo/kinds.js";
import type { FedplaneRequestError, PlacementStatusChangedSubscription } from "../../src/sdk/client.js";
import { eventually } from "../support/eventually.js";
import { collect, startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { seedManifest } from "../../src/app/examples.js";

type PlacementEvent = PlacementStatusChangedSubscription["placementStatusChanged"];

const destinationState = (e: PlacementEvent, cluster: string, namespace = "gloo-system") =>
  e.placementStatus?.clusters.find((c) => c.cluster === cluster)?.namespaces.find((n) => n.namespace === namespace)?.state;

const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable("the request should have failed"), (e: FedplaneRequestError) => e);

describe("federation API end to end (embedded default, through the SDK)", () => {
  let fp: TestFedplane;
  const clusters = ["local", "cluster-1", "cluster-2"];
  beforeAll(async () => {
    fp = await startTestFedplane({ embeddedClusters: 2 });
  });
  afterAll(async () => {
    await fp?.stop();
  });

  it("applies the seed manifests, reports PLACED live, and reads the placed objects back", async () => {
    const placement = collect(fp.client.placementStatusChanged({ kind: "FederatedUpstream", namespace: "gloo-system", name: "my-federated-upstream" }));
    const { applyManifest } = await fp.client.applyManifest({ manifest: seedManifest(clusters) });
    expect(applyManifest.dryRun).toBe(false);
    expect(applyManifest.resources.map((r) => [r.kind, r.name, r.action])).toEqual([
      ["FederatedUpstream", "my-federated-upstream", "CREATED"],
      ["FederatedVirtualService", "my-federated-vs", "CREATED"],
    ]);

    const placed = await eventually(() => {
      const last = placement.items.at(-1)?.placementStatusChanged;
      expect(last?.placementStatus?.state).toBe("PLACED");
      return last!;
    });
    expect(placed.placementStatus!.clusters.map((c) => c.cluster)).toEqual(["cluster-1", "cluster-2", "local"]);
    expect(placed.placementStatus!.observedGeneration).toBe(1);

    const { federatedResource } = await fp.client.federatedResource({ kind: "FederatedVirtualService", namespace: "gloo-system", name: "my-federated-vs" });
    expect(federatedResource?.targetKind).toBe("VirtualService");
    await eventually(async () => {
      const { federatedResource: vs } = await fp.client.federatedResource({ kind: "FederatedVirtualService", namespace: "gloo-system", name: "my-federated-vs" });
      expect(vs?.placementStatus?.state).toBe("PLACED");
      expect(vs?.placedObjects.map((o) => o.cluster)).toEqual(["cluster-1", "cluster-2", "local"]);
      const route = vs!.placedObjects[0].spec.virtualHost.routes[0];
      expect(route).toMatchObject({ matchers: [{ prefix: "/solo" }], options: { prefixRewrite: "/" } });
    });
    await placement.stop();
  });

  it("reports a placed object deleted behind fedplane's back, then reports it restored", async () => {
    const events = collect(fp.client.placementStatusChanged({ kind: "FederatedUpstream", name: "my-federated-upstream" }));
    await eventually(() => expect(events.items.at(-1)?.placementStatusChanged.placementStatus?.state).toBe("PLACED"));
    const seen = events.items.length;

    const member = fp.app.backend.world!.client("cluster-1", { faults: false });
    await member.delete(glooKinds.Upstream, "gloo-system", "fed-upstream");

    await eventually(() => {
      const after = events.items.slice(seen).map((e) => e.placementStatusChanged);
      const broken = after.findIndex((e) => destinationState(e, "cluster-1") !== "PLACED");
      expect(broken, "an event showing cluster-1 not PLACED").toBeGreaterThanOrEqual(0);
      expect(after.slice(broken + 1).some((e) => destinationState(e, "cluster-1") === "PLACED" && e.placementStatus?.state === "PLACED")).toBe(true);
    });
    const restored = await member.get(glooKinds.Upstream, "gloo-system", "fed-upstream");
    expect(restored.spec).toEqual({ static: { hosts: [{ addr: "solo.io", port: 80 }] } });
    await events.stop();
  });

  it("gives a late subscriber the current state first", async () => {
    const late = collect(fp.client.placementStatusChanged({ namespace: "gloo-system" }));
    await eventually(() => expect(late.items).toHaveLength(2));
    expect(late.items.map((e) => [e.placementStatusChanged.kind, e.placementStatusChanged.placementStatus?.state])).toEqual([
      ["FederatedUpstream", "PLACED"],
      ["FederatedVirtualService", "PLACED"],
    ]);
    await late.stop();
  });

  it("lists with filters and pages", async () => {
    const all = await fp.client.federatedResources({});
    expect(all.federatedResources.totalCount).toBe(2);
    const upstreams = await fp.client.federatedResources({ kind: "FederatedUpstream", state: "PLACED" });
    expect(upstreams.federatedResources.nodes.map((n) => n.metadata.name)).toEqual(["my-federated-upstream"]);
    expect((await fp.client.federatedResources({ state: "FAILED" })).federatedResources.totalCount).toBe(0);
    const first = await fp.client.federatedResources({ first: 1 });
    expect(first.federatedResources.pageInfo.hasNextPage).toBe(true);
    const second = await fp.client.federatedResources({ first: 1, after: first.federatedResources.pageInfo.endCursor });
    expect(second.federatedResources.nodes.map((n) => n.kind)).toEqual(["FederatedVirtualService"]);
    expect(second.federatedResources.pageInfo.hasNextPage).toBe(false);
    expect(await failure(fp.client.federatedResources({ first: 5000 }))).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    expect(await failure(fp.client.federatedResources({ after: "garbage" }))).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("reads Gloo objects of any kind across clusters", async () => {
    const { resources } = await fp.client.resources({ kind: "Upstream", namespace: "gloo-system" });
    expect(resources.failures).toEqual([]);
    expect(resources.objects.filter((o) => o.name === "fed-upstream").map((o) => o.cluster)).toEqual(["cluster-1", "cluster-2", "local"]);
    expect(await failure(fp.client.resources({ kind: "Upstream", clusters: ["nowhere"] }))).toMatchObject({ code: "BAD_USER_INPUT", field: "clusters" });
  });

  it("dry-runs an apply with the placement plan and writes nothing", async () => {
    const changed = seedManifest(clusters).replace("port: 80", "port: 8080");
    const { applyManifest } = await fp.client.applyManifest({ manifest: changed, dryRun: true });
    expect(applyManifest.resources.map((r) => r.action)).toEqual(["WOULD_UPDATE", "UNCHANGED"]);
    const plan = applyManifest.resources[0].plan!;
    expect(plan.valid).toBe(true);
    expect(plan.destinations.map((d) => `${d.cluster}/${d.namespace}`)).toEqual(["cluster-1/gloo-system", "cluster-2/gloo-system", "local/gloo-system"]);
    expect(plan.destinations[0].object.spec.static.hosts[0].port).toBe(8080);
    const { federatedResource } = await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: "gloo-system", name: "my-federated-upstream" });
    expect(federatedResource?.spec.template.spec.static.hosts[0].port).toBe(80);
  });

  it("updates with optimistic concurrency and follows the new generation", async () => {
    const { federatedResource: current } = await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: "gloo-system", name: "my-federated-upstream" });
    const input = {
      kind: "FederatedUpstream" as const,
      namespace: "gloo-system",
      name: "my-federated-upstream",
      template: { metadata: { name: "fed-upstream" }, spec: { static: { hosts: [{ addr: "solo.io", port: 443 }] } } },
      placement: { clusters, namespaces: ["gloo-system"] },
    };
    const stale = await failure(fp.client.updateFederatedResource({ input: { ...input, resourceVersion: "1" } }));
    expect(stale).toMatchObject({ code: "CONFLICT", field: "input.resourceVersion" });
    const { updateFederatedResource } = await fp.client.updateFederatedResource({ input: { ...input, resourceVersion: current!.metadata.resourceVersion! } });
    expect(updateFederatedResource.metadata.generation).toBe(2);
    await eventually(async () => {
      const { federatedResource } = await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: "gloo-system", name: "my-federated-upstream" });
      expect(federatedResource?.placementStatus).toMatchObject({ state: "PLACED", observedGeneration: 2 });
      expect(federatedResource?.placedObjects.every((o) => o.spec.static.hosts[0].port === 443)).toBe(true);
    });
  });

  it("creates and deletes through the typed mutations, and streams resource changes", async () => {
    const changes = collect(fp.client.federatedResourceChanged({ kind: "FederatedUpstream" }));
    await eventually(() => expect(changes.items).toHaveLength(1)); // the existing my-federated-upstream, as ADDED
    const input = {
      kind: "FederatedUpstream" as const,
      name: "extra",
      template: { metadata: { name: "extra" }, spec: { static: { hosts: [{ addr: "example.com", port: 80 }] } } },
      placement: { clusters: ["cluster-2"], namespaces: ["gloo-system"] },
    };
    const { createFederatedResource } = await fp.client.createFederatedResource({ input });
    expect(createFederatedResource.metadata.namespace).toBe("gloo-system");
    expect(await failure(fp.client.createFederatedResource({ input }))).toMatchObject({ code: "CONFLICT" });
    await eventually(async () => {
      const { federatedResource } = await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: "gloo-system", name: "extra" });
      expect(federatedResource?.placedObjects.map((o) => o.cluster)).toEqual(["cluster-2"]);
    });

    await fp.client.deleteFederatedResource({ kind: "FederatedUpstream", namespace: "gloo-system", name: "extra" });
    await eventually(async () => {
      expect((await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: "gloo-system", name: "extra" })).federatedResource).toBeNull();
    });
    const member = fp.app.backend.world!.client("cluster-2", { faults: false });
    await expect(member.get(glooKinds.Upstream, "gloo-system", "extra")).rejects.toMatchObject({ reason: "NotFound" });
    await eventually(() =>
      expect(changes.items.map((c) => `${c.federatedResourceChanged.type} ${c.federatedResourceChanged.resource.metadata.name}`)).toContain("DELETED extra"),
    );
    expect(await failure(fp.client.deleteFederatedResource({ kind: "FederatedUpstream", namespace: "gloo-system", name: "extra" }))).toMatchObject({ code: "NOT_FOUND" });
    await changes.stop();
  });

  describe("bad input: a clear error with a code and the field, nothing written, the server keeps serving", () => {
    const cases: [string, string, { code: string; field?: string; message: RegExp }][] = [
      ["malformed YAML", "apiVersion: fed.gloo.solo.io/v1\nkind: [unclosed", { code: "BAD_USER_INPUT", field: "document 1", message: /not valid YAML/ }],
      [
        "an unknown kind",
        "apiVersion: fed.gloo.solo.io/v1\nkind: FederatedBanana\nmetadata: {name: b}\nspec: {}",
        { code: "BAD_USER_INPUT", field: "document 1: kind", message: /unknown federated kind "FederatedBanana"/ },
      ],
      [
        "an invalid name",
        seedManifest(["local"]).replace("name: my-federated-upstream\n", "name: Fed_Upstream\n"),
        { code: "BAD_USER_INPUT", field: "document 1: metadata.name", message: /Fed_Upstream/ },
      ],
      [
        "a missing placement",
        "apiVersion: fed.gloo.solo.io/v1\nkind: FederatedUpstream\nmetadata: {name: p, namespace: gloo-system}\nspec:\n  template: {metadata: {name: p}, spec: {}}",
        { code: "BAD_USER_INPUT", field: "document 1: spec.placement", message: /placement/i },
      ],
      [
        "an unregistered cluster",
        seedManifest(["local", "mars"]),
        { code: "BAD_USER_INPUT", field: "document 1: spec.placement.clusters[1]", message: /mars.*not registered/i },
      ],
    ];
    for (const [what, manifest, expected] of cases) {
      it(`rejects ${what}`, async () => {
        const before = (await fp.client.federatedResources({})).federatedResources.totalCount;
        const error = await failure(fp.client.applyManifest({ manifest }));
        expect(error.code).toBe(expected.code);
        if (expected.field) expect(error.field).toBe(expected.field);
        expect(error.message).toMatch(expected.message);
        expect((await fp.client.federatedResources({})).federatedResources.totalCount).toBe(before);
      });
    }

    it("names the input field for typed mutations", async () => {
      const error = await failure(
        fp.client.createFederatedResource({
          input: { kind: "FederatedUpstream", name: "x", template: { metadata: { name: "x" }, spec: {} }, placement: { clusters: ["mars"], namespaces: ["gloo-system"] } },
        }),
      );
      expect(error.code).toBe("BAD_USER_INPUT");
      expect(error.field).toMatch(/^input\.placement/);
      const badName = await failure(
        fp.client.createFederatedResource({
          input: { kind: "FederatedUpstream", name: "Bad Name", template: { metadata: { name: "x" }, spec: {} }, placement: { clusters: ["local"], namespaces: ["gloo-system"] } },
        }),
      );
      expect(badName).toMatchObject({ code: "BAD_USER_INPUT", field: "input.name" });
    });
  });
});
