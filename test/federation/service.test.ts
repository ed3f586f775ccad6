import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedWorld } from "../../src/cluster/embedded/world.js";
import { connectCluster } from "../../src/clusters/connector.js";
import { EmbeddedMembers } from "../../src/clusters/embedded-members.js";
import { ClusterRegistry } from "../../src/clusters/registry.js";
import { FederationError } from "../../src/federation/errors.js";
import type { PlacementChangedEvent, ResourceChangedEvent } from "../../src/federation/events.js";
import { startFederation, type Federation } from "../../src/federation/federation.js";
import { federatedKindByName } from "../../src/federation/kinds.js";
import type { FederatedObject } from "../../src/federation/resource.js";
import { eventually } from "../support/eventually.js";

const NS = "gloo-system";

/** The service on its own: the reconciler is not started, so what is checked here is validation, writes and reads. */
describe("FederationService", () => {
  let world: EmbeddedWorld;
  let registry: ClusterRegistry;
  let fed: Federation;

  beforeAll(async () => {
    world = await EmbeddedWorld.open();
    world.createCluster("admin", { namespaces: [NS, "team-a"] });
    const admin = world.client("admin");
    await new EmbeddedMembers({ world, admin, namespace: NS }).register("east", { labels: { env: "prod" } });
    registry = new ClusterRegistry({ admin, connect: (n, k) => connectCluster(n, k, { embedded: (c) => world.client(c) }), namespace: NS });
    fed = await startFederation({ registry, startReconciler: false });
  });

  afterAll(async () => {
    await fed.stop();
    await registry.stop();
    await world.close();
  });

  const upstream = (name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): FederatedObject => ({
    apiVersion: "fed.gloo.solo.io/v1",
    kind: "FederatedUpstream",
    metadata: { name, namespace: NS, ...metadata },
    spec: {
      template: { metadata: { name: `${name}-us` }, spec: { static: { hosts: [{ addr: "solo.io", port: 80 }] } } },
      placement: { clusters: ["east"], namespaces: ["apps"] },
      ...spec,
    },
  });

  async function failure(p: Promise<unknown> | (() => unknown)): Promise<FederationError> {
    try {
      await (typeof p === "function" ? p() : p);
    } catch (e) {
      expect(e).toBeInstanceOf(FederationError);
      return e as FederationError;
    }
    throw new Error("expected a FederationError");
  }

  describe("validation: every error names the field and the reason", () => {
    const cases: [string, unknown, string, string | RegExp][] = [
      ["unknown kind", { ...upstream("x"), kind: "FederatedThing" }, "kind", /unknown federated kind "FederatedThing"; known kinds: FederatedUpstream, /],
      ["wrong apiVersion", { ...upstream("x"), apiVersion: "fed.gateway.solo.io/v1" }, "apiVersion", 'apiVersion: FederatedUpstream is fed.gloo.solo.io/v1, not "fed.gateway.solo.io/v1"'],
      ["invalid name", upstream("Bad_Name"), "metadata.name", /metadata.name: "Bad_Name" must consist of lowercase letters/],
      ["no placement", upstream("x", { placement: undefined }), "spec.placement", /spec.placement: required/],
      ["no namespaces", upstream("x", { placement: { clusters: ["east"], namespaces: [] } }), "spec.placement.namespaces", "spec.placement.namespaces: must list at least one namespace to place the resource into"],
      ["bad namespace", upstream("x", { placement: { clusters: ["east"], namespaces: ["ok", "Not OK"] } }), "spec.placement.namespaces[1]", /"Not OK" must consist/],
      [
        "unregistered cluster",
        upstream("x", { placement: { clusters: ["east", "mars"], namespaces: ["a"] } }),
        "spec.placement.clusters[1]",
        'spec.placement.clusters[1]: cluster mars is not registered (registered: east, local); register it first, or use "*" or clusterSelector',
      ],
      ["no clusters", upstream("x", { placement: { namespaces: ["a"] } }), "spec.placement", /must select clusters/],
      [
        "bad selector",
        upstream("x", { placement: { clusterSelector: { matchExpressions: [{ key: "env", operator: "In" }] }, namespaces: ["a"] } }),
        "spec.placement.clusterSelector.matchExpressions[0].values",
        "spec.placement.clusterSelector.matchExpressions[0].values: must be specified when operator is In",
      ],
      ["no template", upstream("x", { template: undefined }), "spec.template", /spec.template: required/],
      ["template spec not an object", upstream("x", { template: { metadata: { name: "u" }, spec: "static" } }), "spec.template.spec", /must be an object/],
      ["template without a name", upstream("x", { template: { metadata: {} } }), "spec.template.metadata.name", /must be a non-empty string/],
      [
        "override that does not apply",
        upstream("x", { overrides: [{ clusters: ["east"], jsonPatch: [{ op: "remove", path: "/spec/nothing" }] }] }),
        "spec.overrides",
        "spec.overrides: Override 0 for cluster east: jsonPatch[0]: remove /spec/nothing: path does not exist",
      ],
      ["labels not strings", upstream("x", {}, { labels: { a: 1 } }), "metadata.labels", "metadata.labels: must map strings to strings"],
      ["too large", upstream("x", { template: { metadata: { name: "u" }, spec: { blob: "x".repeat(1_100_000) } } }), "(document)", /bytes of JSON; the limit is 1048576/],
    ];
    for (const [what, input, field, message] of cases) {
      it(what, async () => {
        const e = await failure(fed.service.create(input));
        expect(e.code).toBe("BAD_USER_INPUT");
        expect(e.field).toBe(field);
        if (typeof message === "string") expect(e.message).toBe(message);
        else expect(e.message).toMatch(message);
      });
    }
  });

  it("create writes the object and get sees it at once; a second create is CONFLICT; dry run writes nothing", async () => {
    const dry = await fed.service.create(upstream("created"), { dryRun: true });
    expect(dry.metadata).toEqual({ name: "created", namespace: NS });
    expect(fed.service.get("FederatedUpstream", NS, "created")).toBeUndefined();
    const created = await fed.service.create(upstream("created"));
    expect(created.metadata.uid).toBeDefined();
    expect(fed.service.get("UPSTREAM", NS, "created")?.metadata.uid).toBe(created.metadata.uid);
    const e = await failure(fed.service.create(upstream("created")));
    expect([e.code, e.field]).toEqual(["CONFLICT", "metadata.name"]);
  });

  it("objects without a namespace go to the federation namespace", async () => {
    const input = upstream("no-namespace");
    delete input.metadata.namespace;
    expect((await fed.service.create(input)).metadata.namespace).toBe(NS);
  });

  it("update needs the latest resourceVersion: missing is BAD_USER_INPUT, stale is CONFLICT, unknown is NOT_FOUND", async () => {
    const created = await fed.service.create(upstream("updated"));
    let e = await failure(fed.service.update(upstream("updated")));
    expect([e.code, e.field]).toEqual(["BAD_USER_INPUT", "metadata.resourceVersion"]);
    const changed = upstream("updated", { placement: { clusters: ["east", "local"], namespaces: ["apps"] } }, { resourceVersion: created.metadata.resourceVersion });
    const updated = await fed.service.update(changed);
    expect(updated.metadata.generation).toBe(2);
    expect(fed.service.get("FederatedUpstream", NS, "updated")?.spec?.placement?.clusters).toEqual(["east", "local"]);
    e = await failure(fed.service.update(changed));
    expect([e.code, e.field]).toEqual(["CONFLICT", "metadata.resourceVersion"]);
    expect(e.message).toContain("read it again and retry");
    e = await failure(fed.service.update(upstream("nobody", {}, { resourceVersion: "1" })));
    expect(e.code).toBe("NOT_FOUND");
  });

  it("delete removes the object (NOT_FOUND when there is none)", async () => {
    await fed.service.create(upstream("deleted"));
    await fed.service.delete("FederatedUpstream", NS, "deleted");
    expect(fed.service.get("FederatedUpstream", NS, "deleted")).toBeUndefined();
    expect((await failure(fed.service.delete("FederatedUpstream", NS, "deleted"))).code).toBe("NOT_FOUND");
    expect((await failure(() => fed.service.delete("FederatedNothing", NS, "x"))).field).toBe("kind");
  });

  it("lists by kind (name or enum value), namespace and state", async () => {
    await fed.service.create(upstream("listed"));
    const vs: FederatedObject = {
      apiVersion: "fed.gateway.solo.io/v1",
      kind: "FederatedVirtualService",
      metadata: { name: "listed", namespace: "team-a" },
      spec: { template: { metadata: { name: "vs" }, spec: {} }, placement: { clusters: ["*"], namespaces: ["apps"] } },
    };
    await fed.service.create(vs);
    expect(fed.service.list({ kind: "VIRTUAL_SERVICE" }).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(["team-a/listed"]);
    expect(fed.service.list({ namespace: "team-a" }).map((o) => o.kind)).toEqual(["FederatedVirtualService"]);
    expect(fed.service.list({ kind: "FederatedUpstream" }).map((o) => o.metadata.name)).toContain("listed");
    expect(fed.service.list({ state: "UNKNOWN" }).length).toBe(fed.service.list().length); // nothing reconciles here
    expect(fed.service.list({ state: "PLACED" })).toEqual([]);
  });

  it("plan is the dry run of placement: what would be written where", () => {
    const p = fed.service.plan(upstream("planned", { placement: { clusterSelector: { matchLabels: { env: "prod" } }, namespaces: ["a", "b"] } }));
    if (!p.valid) throw new Error(p.message);
    expect(p.destinations.map((d) => `${d.cluster}/${d.namespace}/${d.object.kind}/${d.object.metadata.name}`)).toEqual([
      "east/a/Upstream/planned-us",
      "east/b/Upstream/planned-us",
    ]);
    expect(fed.service.plan(upstream("bad", { placement: { clusters: ["mars"], namespaces: ["a"] } }))).toEqual({
      valid: false,
      message: "Cluster mars is not registered",
    });
  });

  describe("apply", () => {
    const manifest = `
apiVersion: fed.gloo.solo.io/v1
kind: FederatedUpstream
metadata: {name: applied-1, namespace: ${NS}}
spec:
  template: {metadata: {name: one}, spec: {static: {hosts: [{addr: a, port: 80}]}}}
  placement: {clusters: [east], namespaces: [apps]}
---
# comments and empty documents are fine
---
{"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "fed.gateway.solo.io/v1", "kind": "FederatedRouteTable", "metadata": {"name": "applied-2", "namespace": "${NS}"},
   "spec": {"template": {"metadata": {"name": "two"}, "spec": {}}, "placement": {"clusters": ["*"], "namespaces": ["apps"]}}}
]}
`;

    it("creates, leaves unchanged documents alone, and updates changed ones; a dry run says what it would do", async () => {
      const dry = await fed.service.apply(manifest, { dryRun: true });
      expect(dry.map((r) => `${r.kind} ${r.name} ${r.action}`)).toEqual(["FederatedUpstream applied-1 wouldCreate", "FederatedRouteTable applied-2 wouldCreate"]);
      expect(dry[1].plan).toMatchObject({ valid: true, clusters: ["east", "local"] });
      expect(fed.service.get("FederatedUpstream", NS, "applied-1")).toBeUndefined();

      expect((await fed.service.apply(manifest)).map((r) => r.action)).toEqual(["created", "created"]);
      expect((await fed.service.apply(manifest)).map((r) => r.action)).toEqual(["unchanged", "unchanged"]);
      const changed = manifest.replace("addr: a,", "addr: b,");
      expect((await fed.service.apply(changed, { dryRun: true })).map((r) => r.action)).toEqual(["wouldUpdate", "unchanged"]);
      expect(fed.service.get("FederatedUpstream", NS, "applied-1")?.spec?.template?.spec).toEqual({ static: { hosts: [{ addr: "a", port: 80 }] } });
      const applied = await fed.service.apply(changed);
      expect(applied.map((r) => r.action)).toEqual(["updated", "unchanged"]);
      expect(applied[0].object.metadata.generation).toBe(2);
    });

    it("writes nothing when any document is invalid, and names the document and field", async () => {
      const bad = `${manifest.replaceAll("applied-", "atomic-")}\n---\n${JSON.stringify(upstream("atomic-3", { placement: { clusters: ["mars"], namespaces: ["a"] } }))}`;
      const e = await failure(fed.service.apply(bad));
      expect(e.field).toBe("document 3: spec.placement.clusters[0]");
      expect(e.message).toMatch(/^document 3: spec.placement.clusters\[0\]: cluster mars is not registered/);
      expect(fed.service.get("FederatedUpstream", NS, "atomic-1")).toBeUndefined();
      expect(fed.service.get("FederatedRouteTable", NS, "atomic-2")).toBeUndefined();
    });

    it("refuses malformed YAML, empty manifests and repeated documents clearly", async () => {
      let e = await failure(fed.service.apply("kind: [unclosed"));
      expect(e.code).toBe("BAD_USER_INPUT");
      expect(e.message).toMatch(/^document 1: not valid YAML or JSON \(line \d+\)/);
      e = await failure(fed.service.apply("---\n# nothing\n"));
      expect(e.message).toBe("manifest: holds no documents");
      const one = JSON.stringify(upstream("twice"));
      e = await failure(fed.service.apply(`${one}\n---\n${one}`));
      expect(e.message).toBe(`document 2: FederatedUpstream ${NS}/twice is already in document 1`);
    });
  });

  it("streams resource changes, and placement changes written by another process while no reconciler runs here", async () => {
    const resources: ResourceChangedEvent[] = [];
    const placements: PlacementChangedEvent[] = [];
    const stops = [fed.service.onResourceChanged((e) => resources.push(e)), fed.service.onPlacementChanged((e) => placements.push(e))];
    try {
      const created = await fed.service.create(upstream("streamed"));
      const type = federatedKindByName("FederatedUpstream")!.type;
      const placementStatus = { clusters: { east: { namespaces: { apps: { state: "PLACED" } } } }, observedGeneration: "1", state: "PLACED", writtenBy: "other" };
      await world.client("admin").updateStatus(type, { ...created, status: { placementStatus } });
      await eventually(() => expect(placements.map((p) => [p.name, p.placementStatus.state])).toEqual([["streamed", "PLACED"]]));
      await fed.service.delete("FederatedUpstream", NS, "streamed");
      await eventually(() =>
        expect(resources.filter((r) => r.object.metadata.name === "streamed").map((r) => r.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]),
      );
    } finally {
      for (const stop of stops) stop();
    }
  });
});
