import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/app/logger.js";
import { EmbeddedWorld } from "../../src/cluster/embedded/world.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { federatedKindByName } from "../../src/federation/kinds.js";
import type { FederatedObject } from "../../src/federation/resource.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";

const NS = "gloo-system";
const GLOO_FED_POD = "gloo-fed-7d9f6c5b8-x2x9z";
const fedUpstream = federatedKindByName("FederatedUpstream")!;
const events = { group: "", version: "v1", kind: "Event", plural: "events", namespaced: true };
const spec = { static: { hosts: [{ addr: "solo.io", port: 80 }] } };

/** The status Gloo Federation 1.15 writes: only namespacedPlacementStatuses.<its namespace>, writtenBy its pod. */
const glooFedStatus = (generation: number) => ({
  namespacedPlacementStatuses: {
    [NS]: { clusters: { local: { namespaces: { [NS]: { state: "PLACED" } } } }, observedGeneration: String(generation), state: "PLACED", writtenBy: GLOO_FED_POD },
  },
});

/**
 * What Gloo Federation leaves behind on the embedded default's admin cluster (which is also the member `local`): a
 * FederatedUpstream with its finalizer and status, and the Upstream it placed, with its owner label and annotation.
 */
async function glooFederationInstallation(dataDir: string): Promise<void> {
  const world = await EmbeddedWorld.open({ dataDir });
  world.createCluster("local", { namespaces: [NS] });
  const admin = world.client("local");
  const owner = `${NS}.my-federated-upstream`;
  await admin.create(glooKinds.Upstream, {
    apiVersion: "gloo.solo.io/v1",
    kind: "Upstream",
    metadata: { name: "i-was-federated", namespace: NS, labels: { "fed.solo.io/owner": owner }, annotations: { "fed.solo.io/owner": owner } },
    spec,
  });
  const fed = await admin.create<FederatedObject>(fedUpstream.type, {
    apiVersion: "fed.gloo.solo.io/v1",
    kind: "FederatedUpstream",
    metadata: { name: "my-federated-upstream", namespace: NS, finalizers: ["fed.solo.io/finalizer"] },
    spec: { placement: { clusters: ["local"], namespaces: [NS] }, template: { metadata: { name: "i-was-federated" }, spec } },
  });
  await admin.updateStatus(fedUpstream.type, { ...fed, status: glooFedStatus(fed.metadata.generation ?? 1) });
  await world.close();
}

describe("taking over from Gloo Federation (embedded default)", () => {
  let dir: string;
  let fedplane: TestFedplane | undefined;
  afterEach(async () => {
    await fedplane?.stop();
    fedplane = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("adopts what Gloo Federation placed without a write, and reports a second status writer instead of fighting it", async () => {
    dir = mkdtempSync(join(tmpdir(), "fedplane-dropin-"));
    await glooFederationInstallation(dir);
    const lines: string[] = [];
    fedplane = await startTestFedplane({
      dataDir: dir,
      simulateGloo: false,
      logger: createLogger({ level: "info", format: "json", write: (l) => lines.push(l) }),
      probe: { intervalMs: 500, retryMs: 50, timeoutMs: 2_000 },
    });
    const admin = fedplane.app.backend.admin;
    const before = await admin.get<KubeObject>(glooKinds.Upstream, NS, "i-was-federated");
    const writtenBy = fedplane.app.federation.reconciler.writtenBy;

    await eventually(async () => {
      const fed = await admin.get<FederatedObject>(fedUpstream.type, NS, "my-federated-upstream");
      expect(fed.status?.placementStatus).toMatchObject({ state: "PLACED", writtenBy });
      expect(fed.status?.namespacedPlacementStatuses?.[NS]).toMatchObject({ state: "PLACED", writtenBy });
    });
    const after = await admin.get<KubeObject>(glooKinds.Upstream, NS, "i-was-federated");
    expect(after.metadata.uid).toBe(before.metadata.uid); // not re-created
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion); // not written at all

    // Gloo Federation still running writes its status again: reported (log, Event, check), not rewritten.
    const current = await admin.get<FederatedObject>(fedUpstream.type, NS, "my-federated-upstream");
    await admin.updateStatus(fedUpstream.type, { ...current, status: { ...current.status, ...glooFedStatus(current.metadata.generation ?? 1), placementStatus: { ...current.status!.placementStatus!, writtenBy: GLOO_FED_POD } } });
    await eventually(() => expect(lines.some((l) => l.includes(`rewritten by ${GLOO_FED_POD}`) && l.includes("my-federated-upstream"))).toBe(true));
    await eventually(async () => {
      const recorded = (await admin.list(events, { namespace: NS })).items as (KubeObject & { reason?: string; message?: string })[];
      expect(recorded.find((e) => e.reason === "SecondStatusWriter")?.message).toContain(GLOO_FED_POD);
    });
    const { check } = await fedplane.client.check({ clusters: ["local"] });
    const writers = check.clusters[0].items.find((i) => i.key === "status-writers")!;
    expect(writers.errors.map((e) => e.ref.name)).toEqual(["my-federated-upstream"]);

    // A reconcile (drift repaired in the member) places again but leaves the other writer's status alone.
    await admin.patch(glooKinds.Upstream, NS, "i-was-federated", { spec: { static: { hosts: [{ addr: "changed.example", port: 80 }] } } });
    await eventually(async () => expect((await admin.get<KubeObject>(glooKinds.Upstream, NS, "i-was-federated")).spec).toEqual(spec));
    const fed = await admin.get<FederatedObject>(fedUpstream.type, NS, "my-federated-upstream");
    expect(fed.status?.placementStatus?.writtenBy).toBe(GLOO_FED_POD);
  });
});
