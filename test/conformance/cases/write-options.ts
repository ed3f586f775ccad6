import { expect, it } from "vitest";
import { ApiError, ClusterConnectionError } from "../../../src/cluster/errors.js";
import { eventually } from "../../support/eventually.js";
import { acceptedStatus, expectApiError, recordWatch, upstream, Upstream } from "../fixtures.js";
import { Gadget, gadget } from "../gadget.js";
import type { ConformanceContext } from "../suite.js";

/** dryRun, fieldValidation, warnings and AbortSignal: the options every write (and every call) takes. */
export function writeOptionCases(ctx: ConformanceContext): void {
  it("a dry-run create is validated like a create and stores nothing: no object, no event", async () => {
    const ns = await ctx.namespace();
    const { resourceVersion } = await ctx.client.list(Upstream, { namespace: ns });
    const watch = recordWatch(ctx.client, Upstream, { namespace: ns, resourceVersion });
    try {
      const answer = await ctx.client.create(Upstream, upstream(ns, "a"), { dryRun: true });
      expect(answer.metadata).toMatchObject({ name: "a", namespace: ns, generation: 1 });
      expect(answer.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.metadata.resourceVersion).toBeUndefined();
      expect(answer.spec).toEqual(upstream(ns, "a").spec);
      await expectApiError(ctx.client.get(Upstream, ns, "a"), "NotFound", 404);
      await expectApiError(ctx.client.create(Upstream, upstream(ns, "Bad_Name"), { dryRun: true }), "Invalid", 422, /metadata\.name/);
      await ctx.client.create(Upstream, upstream(ns, "b"));
      await expectApiError(ctx.client.create(Upstream, upstream(ns, "b"), { dryRun: true }), "AlreadyExists", 409);
      await ctx.client.create(Upstream, upstream(ns, "marker"));
      await eventually(() => expect(watch.summary()).toEqual(["ADDED b", "ADDED marker"]));
    } finally {
      watch.stop();
    }
  });

  it("dry-run update, patch, updateStatus and delete answer with the result and change nothing", async () => {
    const ns = await ctx.namespace();
    const v1 = await ctx.client.create(Upstream, upstream(ns, "a"));
    const watch = recordWatch(ctx.client, Upstream, { namespace: ns, resourceVersion: v1.metadata.resourceVersion! });
    try {
      const updated = await ctx.client.update(Upstream, { ...v1, spec: upstream(ns, "a", { port: 9 }).spec }, { dryRun: true });
      expect(updated.spec).toEqual(upstream(ns, "a", { port: 9 }).spec);
      expect(updated.metadata.generation).toBe(2);
      const patched = await ctx.client.patch(Upstream, ns, "a", { metadata: { labels: { x: "1" } } }, { dryRun: true });
      expect(patched.metadata.labels).toEqual({ x: "1" });
      const status = await ctx.client.updateStatus(Upstream, { ...v1, status: acceptedStatus }, { dryRun: true });
      expect(status.status).toEqual(acceptedStatus);
      await ctx.client.delete(Upstream, ns, "a", { dryRun: true });
      // Validation and preconditions still apply.
      await expectApiError(ctx.client.update(Upstream, { ...v1, metadata: { ...v1.metadata, resourceVersion: "1" } }, { dryRun: true }), "Conflict", 409);

      const now = await ctx.client.get(Upstream, ns, "a");
      expect(now.metadata.resourceVersion).toBe(v1.metadata.resourceVersion);
      expect(now.metadata.generation).toBe(1);
      expect(now.metadata.labels).toBeUndefined();
      expect(now.spec).toEqual(v1.spec);
      expect(now.status).toBeUndefined();
      await ctx.client.create(Upstream, upstream(ns, "marker"));
      await eventually(() => expect(watch.summary()).toEqual(["ADDED marker"]));
    } finally {
      watch.stop();
    }
  });

  it("a call whose signal has already fired is refused as unanswered (not an API verdict) and writes nothing", async () => {
    const ns = await ctx.namespace();
    const v1 = await ctx.client.create(Upstream, upstream(ns, "a"));
    const signal = AbortSignal.abort();
    const calls: [string, Promise<unknown>][] = [
      ["create", ctx.client.create(Upstream, upstream(ns, "b"), { signal })],
      ["update", ctx.client.update(Upstream, { ...v1, spec: upstream(ns, "a", { port: 9 }).spec }, { signal })],
      ["patch", ctx.client.patch(Upstream, ns, "a", { metadata: { labels: { x: "1" } } }, { signal })],
      ["updateStatus", ctx.client.updateStatus(Upstream, { ...v1, status: acceptedStatus }, { signal })],
      ["delete", ctx.client.delete(Upstream, ns, "a", { signal })],
      ["get", ctx.client.get(Upstream, ns, "a", { signal })],
      ["list", ctx.client.list(Upstream, { namespace: ns, signal })],
      ["version", ctx.client.version({ signal })],
    ];
    for (const [verb, call] of calls) {
      const err = await call.then(
        () => new Error(`${verb} resolved`),
        (e: unknown) => e,
      );
      expect(err, verb).toBeInstanceOf(ClusterConnectionError);
      expect(err, verb).not.toBeInstanceOf(ApiError);
      expect((err as ClusterConnectionError).code, verb).toBe("ABORT_ERR");
    }
    // A deadline (a TimeoutError reason, as AbortSignal.timeout gives) reads as a timeout.
    const late = await ctx.client.get(Upstream, ns, "a", { signal: AbortSignal.abort(new DOMException("deadline", "TimeoutError")) }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(ClusterConnectionError);
    expect((late as ClusterConnectionError).code).toBe("ETIMEDOUT");

    const now = await ctx.client.get(Upstream, ns, "a");
    expect(now.metadata.resourceVersion).toBe(v1.metadata.resourceVersion);
    await expectApiError(ctx.client.get(Upstream, ns, "b"), "NotFound", 404);
  });

  it("a call aborted right after it was made writes nothing", async () => {
    const ns = await ctx.namespace();
    const controller = new AbortController();
    const call = ctx.client.create(Upstream, upstream(ns, "a"), { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(ClusterConnectionError);
    await expectApiError(ctx.client.get(Upstream, ns, "a"), "NotFound", 404);
  });

  it("options are per call: a later call without a signal is unaffected by an earlier aborted one", async () => {
    const ns = await ctx.namespace();
    const controller = new AbortController();
    const first = ctx.client.create(Upstream, upstream(ns, "a"), { signal: controller.signal });
    controller.abort();
    await first.catch(() => undefined);
    const created = await ctx.client.create(Upstream, upstream(ns, "a"));
    expect(created.metadata.name).toBe("a");
  });
}

/** For backends with capability `schemas`: the Gadget kind (see ../gadget.ts) is served with its structural schema. */
export function fieldValidationCases(ctx: ConformanceContext): void {
  it("an unknown field is a warning by default and is not stored", async () => {
    const ns = await ctx.namespace();
    const warnings: string[] = [];
    const created = await ctx.client.create(Gadget, gadget(ns, "a", { size: 1, bogus: true }), { warnings });
    expect(warnings).toEqual(['unknown field "spec.bogus"']);
    expect(created.spec).toEqual({ size: 1 });
    expect((await ctx.client.get(Gadget, ns, "a")).spec).toEqual({ size: 1 });

    const patchWarnings: string[] = [];
    await ctx.client.patch(Gadget, ns, "a", { spec: { color: "red", shade: "dark" } }, { warnings: patchWarnings });
    expect(patchWarnings).toEqual(['unknown field "spec.shade"']);
    const statusWarnings: string[] = [];
    const current = await ctx.client.get(Gadget, ns, "a");
    const withStatus = await ctx.client.updateStatus(Gadget, { ...current, status: { phase: "Ready", mood: "good" } }, { warnings: statusWarnings });
    expect(statusWarnings).toEqual(['unknown field "status.mood"']);
    expect(withStatus.status).toEqual({ phase: "Ready" });
    expect(withStatus.spec).toEqual({ size: 1, color: "red" });
  });

  it("fieldValidation=Strict refuses an unknown field with BadRequest naming it; Ignore says nothing", async () => {
    const ns = await ctx.namespace();
    await expectApiError(
      ctx.client.create(Gadget, gadget(ns, "a", { size: 1, bogus: true }), { fieldValidation: "Strict" }),
      "BadRequest",
      400,
      'strict decoding error: unknown field "spec.bogus"',
    );
    await expectApiError(ctx.client.get(Gadget, ns, "a"), "NotFound", 404);
    const warnings: string[] = [];
    const created = await ctx.client.create(Gadget, gadget(ns, "a", { size: 1, bogus: true }), { fieldValidation: "Ignore", warnings });
    expect(warnings).toEqual([]);
    expect(created.spec).toEqual({ size: 1 });
    await expectApiError(
      ctx.client.update(Gadget, { ...created, spec: { size: 2, bogus: true } }, { fieldValidation: "Strict" }),
      "BadRequest",
      400,
      'strict decoding error: unknown field "spec.bogus"',
    );
    expect((await ctx.client.get(Gadget, ns, "a")).spec).toEqual({ size: 1 });
  });

  it("a dry run reports unknown fields as a write would (warning, or refusal under Strict) and stores nothing", async () => {
    const ns = await ctx.namespace();
    const warnings: string[] = [];
    const answer = await ctx.client.create(Gadget, gadget(ns, "a", { size: 1, bogus: true }), { dryRun: true, warnings });
    expect(warnings).toEqual(['unknown field "spec.bogus"']);
    expect(answer.spec).toEqual({ size: 1 });
    await expectApiError(
      ctx.client.create(Gadget, gadget(ns, "a", { bogus: true }), { dryRun: true, fieldValidation: "Strict" }),
      "BadRequest",
      400,
      'strict decoding error: unknown field "spec.bogus"',
    );
    await expectApiError(ctx.client.get(Gadget, ns, "a"), "NotFound", 404);
  });
}
