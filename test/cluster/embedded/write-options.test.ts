import { afterEach, describe, expect, it } from "vitest";
import type { SchemaCheck } from "../../../src/cluster/embedded/field-validation.js";
import { EmbeddedWorld } from "../../../src/cluster/embedded/world.js";
import { ClusterConnectionError } from "../../../src/cluster/errors.js";
import { expectApiError, upstream, Upstream } from "../../conformance/fixtures.js";

// Embedded-only: cancellation while the simulated network delays a call, and the schema hook's other warnings.
describe("embedded write options", () => {
  let world: EmbeddedWorld;
  afterEach(() => world.close());

  it("an abort while the call crosses the simulated network rejects at once and writes nothing", async () => {
    world = await EmbeddedWorld.open();
    world.createCluster("c1");
    world.setLatency("c1", 60_000);
    const client = world.client("c1");
    const controller = new AbortController();
    const call = client.create(Upstream, upstream("default", "a"), { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    const err = await call;
    expect(err).toBeInstanceOf(ClusterConnectionError);
    expect((err as ClusterConnectionError).code).toBe("ABORT_ERR");
    await expectApiError(world.client("c1", { faults: false }).get(Upstream, "default", "a"), "NotFound", 404);
  });

  it("close() while calls are in flight: they reject and nothing more is written", async () => {
    world = await EmbeddedWorld.open();
    world.createCluster("c1");
    world.setLatency("c1", 50);
    const client = world.client("c1");
    const call = client.create(Upstream, upstream("default", "a")).catch((e: unknown) => e);
    await client.close();
    expect(await call).toBeInstanceOf(ClusterConnectionError);
    world.setLatency("c1", 0);
    await expectApiError(world.client("c1").get(Upstream, "default", "a"), "NotFound", 404);
  });

  it("the schema hook's own warnings are reported under every fieldValidation, unknown fields only under Warn", async () => {
    const check: SchemaCheck = (_type, body, _part, fields) => {
      fields.warning("spec.static is deprecated");
      fields.unknownField("spec.extra");
      return body;
    };
    world = await EmbeddedWorld.open({ schemaCheck: check });
    world.createCluster("c1");
    const client = world.client("c1");
    const warn: string[] = [];
    await client.create(Upstream, upstream("default", "a"), { warnings: warn });
    expect(warn).toEqual(['unknown field "spec.extra"', "spec.static is deprecated"]);
    const ignore: string[] = [];
    await client.create(Upstream, upstream("default", "b"), { warnings: ignore, fieldValidation: "Ignore" });
    expect(ignore).toEqual(["spec.static is deprecated"]);
    expect((await client.list(Upstream)).items).toHaveLength(2);
  });
});
