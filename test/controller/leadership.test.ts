import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED_ADMIN } from "../../src/app/backend.js";
import { seedManifest } from "../../src/app/examples.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { glooInstanceType } from "../../src/clusters/kinds.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";

const PATIENT = { timeoutMs: 30_000 }; // a busy shared machine; fast when the machine is fast

/** fedplane's writing controllers run on its Manager, leader-only: they stop with leadership and resume with it. */
describe("controllers on the manager (embedded default)", () => {
  let fp: TestFedplane;
  beforeAll(async () => {
    fp = await startTestFedplane({ embeddedClusters: 1 });
  });
  afterAll(async () => {
    await fp?.stop();
  });

  it("without leader election this process leads; after losing leadership and winning it back, drift is repaired", async () => {
    const { manager, federation, backend } = fp.app;
    expect(manager.leading).toBe(true);
    await fp.client.applyManifest({ manifest: seedManifest(["local", "cluster-1"]) });
    const world = backend.world!;
    const member = world.client("cluster-1", { faults: false });
    const admin = world.client(EMBEDDED_ADMIN, { faults: false });
    await eventually(async () => {
      expect((await member.get(glooKinds.Upstream, "gloo-system", "fed-upstream")).metadata.name).toBe("fed-upstream");
      expect((await admin.list<KubeObject>(glooInstanceType, { namespace: "gloo-system" })).items.map((o) => o.spec.cluster)).toContain("cluster-1");
    }, PATIENT);

    await manager.lostLeadership();
    expect(manager.leading).toBe(false);
    expect(federation.reconciler.running).toBe(false);
    await member.delete(glooKinds.Upstream, "gloo-system", "fed-upstream");
    const gi = (await admin.list<KubeObject>(glooInstanceType, { namespace: "gloo-system" })).items.find((o) => o.spec.cluster === "cluster-1")!;
    await admin.delete(glooInstanceType, "gloo-system", gi.metadata.name);

    await manager.elected();
    expect(federation.reconciler.running).toBe(true);
    await eventually(async () => {
      expect((await member.get(glooKinds.Upstream, "gloo-system", "fed-upstream")).metadata.name).toBe("fed-upstream");
      expect((await admin.list<KubeObject>(glooInstanceType, { namespace: "gloo-system" })).items.map((o) => o.metadata.name)).toContain(gi.metadata.name);
    }, PATIENT);
  });
});
