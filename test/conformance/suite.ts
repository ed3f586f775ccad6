import { afterAll, beforeAll, describe } from "vitest";
import type { ClusterClient } from "../../src/cluster/client.js";
import { ensureNamespace } from "../../src/cluster/namespaces.js";
import { core } from "../../src/cluster/resource-type.js";
import { crudCases } from "./cases/crud.js";
import { durabilityCases } from "./cases/durability.js";
import { finalizerCases } from "./cases/finalizers.js";
import { informerCases } from "./cases/informer.js";
import { selectorCases } from "./cases/selectors.js";
import { specStatusCases } from "./cases/spec-status.js";
import { unreachableCases } from "./cases/unreachable.js";
import { watchCases } from "./cases/watch.js";
import { fieldValidationCases, writeOptionCases } from "./cases/write-options.js";

/**
 * The cluster conformance suite: one set of behavioural tests for every ClusterClient backend. A backend plugs in with
 * one test file:
 *
 *   describeConformance("kubernetes", {
 *     capabilities: { expireHistory: false, restart: false, unreachable: false },
 *     async setup() { return { client, cleanup: async () => client.close() }; },
 *   });
 *
 * The cluster needs the Gloo CRDs (deploy/crds: status subresource, unknown fields preserved) and may be shared with
 * other tests: every test works in a namespace of its own (created through `client`).
 */
export interface ConformanceBackend {
  /** A client of the cluster under test. Read at every use, so restart() may replace it. */
  readonly client: ClusterClient;
  /** Capability `unreachable`: from now on `client` cannot reach the cluster (calls reject, watches close), or can again. */
  setReachable?(reachable: boolean): Promise<void>;
  /** Capability `expireHistory`: every resourceVersion seen so far becomes too old to watch from (410 Gone). */
  expireHistory?(): Promise<void>;
  /** Capability `restart`: stop the backend and start it again from what it persisted. */
  restart?(): Promise<void>;
  /** Releases everything setup() made. */
  cleanup(): Promise<void>;
}

export interface ConformanceCapabilities {
  unreachable?: boolean;
  /** The Gadget kind (gadget.ts) is served with its structural schema: unknown fields are pruned and reported. */
  schemas?: boolean;
  expireHistory?: boolean;
  restart?: boolean;
}

export interface ConformanceTarget {
  /** Declared up front because tests are registered before setup() runs; cases needing a missing one are left out. */
  capabilities: ConformanceCapabilities;
  setup(): Promise<ConformanceBackend>;
}

/** What the cases get: the backend (after setup) and a fresh namespace per test. */
export interface ConformanceContext {
  readonly capabilities: ConformanceCapabilities;
  readonly backend: ConformanceBackend;
  readonly client: ClusterClient;
  /** Creates a namespace no other test uses. */
  namespace(): Promise<string>;
}

const methodOf: Partial<Record<keyof ConformanceCapabilities, keyof ConformanceBackend>> = {
  unreachable: "setReachable",
  expireHistory: "expireHistory",
  restart: "restart",
};

export function describeConformance(name: string, target: ConformanceTarget): void {
  let backend: ConformanceBackend | undefined;
  const created: string[] = [];
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const ctx: ConformanceContext = {
    capabilities: target.capabilities,
    get backend() {
      if (!backend) throw new Error("the conformance backend is not set up");
      return backend;
    },
    get client() {
      return ctx.backend.client;
    },
    async namespace() {
      const ns = `conformance-${run}-${created.length}`;
      await ensureNamespace(ctx.client, ns);
      created.push(ns);
      return ns;
    },
  };

  describe(`cluster conformance: ${name}`, () => {
    beforeAll(async () => {
      backend = await target.setup();
      for (const [cap, method] of Object.entries(methodOf)) {
        if (target.capabilities[cap as keyof ConformanceCapabilities] && typeof backend[method] !== "function") {
          throw new Error(`the backend declares capability ${cap} but has no ${method}()`);
        }
      }
    });
    afterAll(async () => {
      if (!backend) return;
      // Best effort: on a real API server without a namespace controller they stay Terminating, which is harmless.
      for (const ns of created) await backend.client.delete(core.namespaces, undefined, ns).catch(() => {});
      await backend.cleanup();
    });

    describe("create, get, list, update, delete", () => crudCases(ctx));
    describe("generation and the status subresource", () => specStatusCases(ctx));
    describe("finalizers", () => finalizerCases(ctx));
    describe("label selectors", () => selectorCases(ctx));
    describe("watch", () => watchCases(ctx));
    describe("informer", () => informerCases(ctx));
    describe("dryRun and cancellation", () => writeOptionCases(ctx));
    if (target.capabilities.schemas) describe("field validation and warnings", () => fieldValidationCases(ctx));
    if (target.capabilities.unreachable) describe("unreachable cluster", () => unreachableCases(ctx));
    if (target.capabilities.restart) describe("restart durability", () => durabilityCases(ctx));
  });
}
