import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/app/logger.js";
import type { ClusterClient } from "../../src/cluster/client.js";
import { EmbeddedWorld } from "../../src/cluster/embedded/world.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { apiVersionOf } from "../../src/cluster/resource-type.js";
import { glooInstanceType } from "../../src/clusters/kinds.js";
import { ItemExponentialLimiter } from "../../src/controller/rate-limiter.js";
import { INSTANCE_MANAGED_BY_LABEL, InstanceWriter } from "../../src/health/instance-writer.js";
import { eventually } from "../support/eventually.js";

const instance = (cluster: string, version: string): KubeObject => ({
  apiVersion: apiVersionOf(glooInstanceType),
  kind: glooInstanceType.kind,
  metadata: { name: `${cluster}-gloo-system`, namespace: "gloo-system" },
  spec: { cluster, controlPlane: { version, namespace: "gloo-system" } },
});

/** The GlooInstance writer against an embedded admin cluster whose connection the test cuts and restores. */
describe("GlooInstance writer", () => {
  let world: EmbeddedWorld;
  let sideDoor: ClusterClient; // sees the admin cluster whatever its simulated faults
  let writer: InstanceWriter;
  let log: Record<string, unknown>[];

  const stored = async () =>
    (await sideDoor.list<KubeObject>(glooInstanceType, { namespace: "gloo-system" })).items.map((o) => `${o.metadata.name} ${o.spec.controlPlane.version}`);

  beforeEach(async () => {
    world = await EmbeddedWorld.open();
    world.createCluster("admin", { namespaces: ["gloo-system"] });
    sideDoor = world.client("admin", { faults: false });
    log = [];
    writer = new InstanceWriter(world.client("admin"), "gloo-system", (m) => log.push({ msg: m }), {
      minIntervalMs: 50,
      rateLimiter: new ItemExponentialLimiter(20, 400),
      logger: createLogger({ level: "debug", format: "json", write: (l) => log.push(JSON.parse(l)) }),
    });
    await writer.start();
  });

  afterEach(async () => {
    await writer?.stop();
    await world?.close();
  });

  it("retries writes refused while the admin cluster is unreachable, with backoff, until they land; no new sync needed", async () => {
    world.setReachable("admin", false);
    writer.sync("east", [instance("east", "1.17.0")]);
    await eventually(() => expect(log.filter((l) => l.msg === "reconcile failed; retrying with backoff").length).toBeGreaterThanOrEqual(3));
    const failures = log.filter((l) => l.msg === "reconcile failed; retrying with backoff");
    expect(failures.map((l) => l.failures).slice(0, 3)).toEqual([1, 2, 3]);
    expect(failures[0]).toMatchObject({ controller: "gloo-instances", key: "east", error: expect.stringContaining("unreachable") });
    expect(await stored()).toEqual([]);
    world.setReachable("admin", true);
    await eventually(async () => expect(await stored()).toEqual(["east-gloo-system 1.17.0"]), { timeoutMs: 15_000 });
    const written = await sideDoor.get<KubeObject>(glooInstanceType, "gloo-system", "east-gloo-system");
    expect(written.metadata.labels?.[INSTANCE_MANAGED_BY_LABEL]).toBe("fedplane");
  });

  it("writes the latest desired state, puts back a managed object deleted by hand, and removes a cluster's objects", async () => {
    writer.sync("east", [instance("east", "1.17.0")]);
    writer.sync("east", [instance("east", "1.17.1")]);
    writer.sync("west", [instance("west", "1.16.0")]);
    await eventually(async () => expect(await stored()).toEqual(["east-gloo-system 1.17.1", "west-gloo-system 1.16.0"]));
    await sideDoor.delete(glooInstanceType, "gloo-system", "east-gloo-system");
    await eventually(async () => expect(await stored()).toEqual(["east-gloo-system 1.17.1", "west-gloo-system 1.16.0"]));
    writer.sync("west", []);
    await eventually(async () => expect(await stored()).toEqual(["east-gloo-system 1.17.1"]));
  });

  it("stopped (leadership lost) it writes nothing; started again it writes every cluster's latest desired state", async () => {
    writer.sync("east", [instance("east", "1.17.0")]);
    await eventually(async () => expect(await stored()).toEqual(["east-gloo-system 1.17.0"]));
    await writer.stop();
    writer.sync("east", [instance("east", "1.18.0")]);
    writer.sync("north", [instance("north", "1.18.0")]);
    expect(await stored()).toEqual(["east-gloo-system 1.17.0"]);
    await writer.start();
    await eventually(async () => expect(await stored()).toEqual(["east-gloo-system 1.18.0", "north-gloo-system 1.18.0"]));
  });
});
