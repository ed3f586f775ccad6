import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger, silentLogger, type LogLevel } from "../../../src/app/logger.js";
import { isNotFound } from "../../../src/cluster/errors.js";
import type { KubeObject } from "../../../src/cluster/object.js";
import { core, type ResourceType } from "../../../src/cluster/resource-type.js";
import { ClusterRegistry } from "../../../src/clusters/registry.js";
import { FederationError } from "../../../src/federation/errors.js";
import type { PlacementChangedEvent } from "../../../src/federation/events.js";
import { startFederation, type Federation } from "../../../src/federation/federation.js";
import { federatedKindByName, federatedKinds, FINALIZER, OWNER_ANNOTATION, OWNER_LABEL } from "../../../src/federation/kinds.js";
import type { FederatedObject, PlacementState, PlacementStatus } from "../../../src/federation/resource.js";
import { glooKinds } from "../../../src/gloo/kinds.js";
import { eventually } from "../../support/eventually.js";
import type { FederationBackend } from "./backends.js";

const WAIT = { timeoutMs: 20_000, intervalMs: 25 };
// FEDPLANE_TEST_LOG=debug|info|warn shows what fedplane logs during the scenarios.
const log = process.env.FEDPLANE_TEST_LOG ? createLogger({ level: process.env.FEDPLANE_TEST_LOG as LogLevel, format: "text" }) : silentLogger;
const upstreams = glooKinds.Upstream;

/**
 * The federation end-to-end scenarios, written once and run against each backend (embedded clusters, real
 * kube-apiservers). Every test uses namespaces of its own, so tests do not see each other's objects.
 */
export function federationScenarios(open: () => Promise<FederationBackend>): void {
  let backend: FederationBackend;
  let registry: ClusterRegistry;
  let fed: Federation;
  let ns: string; // where the federated objects live

  beforeAll(async () => {
    backend = await open();
    ns = backend.namespace;
    await backend.register("east", { region: "us-east", env: "prod" });
    await backend.register("west", { region: "us-west", env: "dev" });
    registry = new ClusterRegistry({
      admin: backend.admin,
      connect: backend.connect,
      namespace: backend.namespace,
      probe: { intervalMs: 250, retryMs: 50, timeoutMs: 2_000 },
      writtenBy: "e2e",
      onError: (message, error) => log.warn(message, { error: String(error) }),
    });
    fed = await startFederation({
      registry,
      namespace: backend.namespace,
      reconciler: { logger: log, writtenBy: "e2e", rateLimiter: { maxDelayMs: 1_000 }, requestTimeoutMs: 5_000, cacheSyncTimeoutMs: 5_000 },
      memberInformers: { backoff: { initialMs: 50, maxMs: 500 } },
    });
    await eventually(() => expect(registry.list().filter((c) => c.connection.ready).map((c) => c.name)).toEqual(["east", "local", "west"]), WAIT);
  });

  afterAll(async () => {
    await fed?.stop();
    await registry?.stop();
    await backend?.close();
  });

  // ---- helpers ----

  const federated = (kind: string, name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): FederatedObject => {
    const k = federatedKindByName(kind)!;
    return { apiVersion: `${k.type.group}/${k.type.version}`, kind, metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) }, spec };
  };
  const upstream = (name: string, placement: Record<string, unknown>, extra: Record<string, unknown> = {}, addr = "solo.io", annotations?: Record<string, string>) =>
    federated(
      "FederatedUpstream",
      name,
      {
        template: { metadata: { name: `${name}-us`, labels: { team: "a" }, annotations: { note: "n" } }, spec: { static: { hosts: [{ addr, port: 80 }] } } },
        placement,
        ...extra,
      },
      annotations,
    );
  const current = (kind: string, name: string) => fed.service.get(kind, ns, name);
  const statusOf = (kind: string, name: string): PlacementStatus | undefined => current(kind, name)?.status?.placementStatus;
  const waitFor = (kind: string, name: string, state: PlacementState, check: (s: PlacementStatus) => void = () => {}) =>
    eventually(() => {
      const status = statusOf(kind, name);
      expect(status?.state, JSON.stringify(status)).toBe(state);
      check(status!);
      return status!;
    }, WAIT);
  const member = async (cluster: string, type: ResourceType, namespace: string, name: string): Promise<KubeObject | undefined> => {
    try {
      return await backend.member(cluster).get(type, namespace, name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  };
  const destinations = (s: PlacementStatus) =>
    Object.entries(s.clusters ?? {})
      .flatMap(([c, { namespaces }]) => Object.entries(namespaces).map(([n, d]) => `${c}/${n}=${d.state}`))
      .sort();
  /** Updates an object as a client would: read, change, write; again when the status moved on meanwhile (CONFLICT). */
  // As a client would: on CONFLICT, wait for the cache to catch up and retry. The pause must be a real one: the embedded
  // admin answers within microtasks, so retrying at once would starve the watch that brings the newer version.
  const replace = async (next: FederatedObject): Promise<FederatedObject> => {
    for (let attempt = 1; ; attempt++) {
      const resourceVersion = current(next.kind, next.metadata.name)!.metadata.resourceVersion;
      try {
        return await fed.service.update({ ...next, metadata: { ...next.metadata, resourceVersion } });
      } catch (e) {
        if (!(e instanceof FederationError && e.code === "CONFLICT") || attempt === 50) throw e;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const record = () => {
    const events: PlacementChangedEvent[] = [];
    const stop = fed.service.onPlacementChanged((e) => events.push(e));
    return { events, stop };
  };

  // ---- scenarios ----

  it("places a federated upstream into every cluster x namespace and reports PLACED in Gloo Federation's shape", async () => {
    const [a, b] = [backend.uniqueNamespace("a"), backend.uniqueNamespace("b")];
    await fed.service.create(upstream("create", { clusters: ["east", "west"], namespaces: [a, b] }));
    const status = await waitFor("FederatedUpstream", "create", "PLACED");
    expect(status).toEqual({
      clusters: {
        east: { namespaces: { [a]: { state: "PLACED" }, [b]: { state: "PLACED" } } },
        west: { namespaces: { [a]: { state: "PLACED" }, [b]: { state: "PLACED" } } },
      },
      observedGeneration: "1",
      state: "PLACED",
      writtenBy: "e2e",
    });
    const obj = current("FederatedUpstream", "create")!;
    expect(obj.status?.namespacedPlacementStatuses?.[backend.namespace]).toEqual(status);
    expect(obj.metadata.finalizers).toContain(FINALIZER);
    for (const cluster of ["east", "west"])
      for (const namespace of [a, b]) {
        const placed = (await member(cluster, upstreams, namespace, "create-us"))!;
        expect(placed.spec).toEqual({ static: { hosts: [{ addr: "solo.io", port: 80 }] } });
        expect(placed.metadata.labels).toEqual({ team: "a", [OWNER_LABEL]: `${ns}.create` });
        expect(placed.metadata.annotations).toMatchObject({ note: "n", [OWNER_ANNOTATION]: `${ns}.create` });
      }
    // placedObjects reads the member clusters' watch caches, which may trail the acknowledged writes behind PLACED.
    await eventually(
      () =>
        expect(fed.service.placedObjects(obj).map((p) => `${p.cluster}/${p.namespace}/${p.name}`)).toEqual(
          [`east/${a}/create-us`, `east/${b}/create-us`, `west/${a}/create-us`, `west/${b}/create-us`].sort(),
        ),
      WAIT,
    );
  });

  it("update: the new generation is placed and observedGeneration follows it", async () => {
    const a = backend.uniqueNamespace("upd");
    await fed.service.create(upstream("update", { clusters: ["east", "west"], namespaces: [a] }));
    await waitFor("FederatedUpstream", "update", "PLACED");
    const written = await replace(upstream("update", { clusters: ["east", "west"], namespaces: [a] }, {}, "gloo.solo.io"));
    expect(written.metadata.generation).toBe(2);
    await waitFor("FederatedUpstream", "update", "PLACED", (s) => expect(s.observedGeneration).toBe("2"));
    for (const cluster of ["east", "west"])
      await eventually(async () => expect((await member(cluster, upstreams, a, "update-us"))?.spec.static.hosts[0].addr).toBe("gloo.solo.io"), WAIT);
  });

  it("placement change: objects in clusters, namespaces and names no longer placed are deleted", async () => {
    const [a, b] = [backend.uniqueNamespace("pc"), backend.uniqueNamespace("pc")];
    await fed.service.create(upstream("narrow", { clusters: ["east", "west"], namespaces: [a, b] }));
    await waitFor("FederatedUpstream", "narrow", "PLACED");
    const narrowed = upstream("narrow", { clusters: ["east"], namespaces: [a] });
    narrowed.spec!.template!.metadata!.name = "narrow-renamed";
    await replace(narrowed);
    await waitFor("FederatedUpstream", "narrow", "PLACED", (s) => expect(destinations(s)).toEqual([`east/${a}=PLACED`]));
    await eventually(async () => {
      expect(await member("east", upstreams, a, "narrow-renamed")).toBeDefined();
      expect(await member("east", upstreams, a, "narrow-us")).toBeUndefined();
      expect(await member("east", upstreams, b, "narrow-us")).toBeUndefined();
      expect(await member("west", upstreams, a, "narrow-us")).toBeUndefined();
      expect(await member("west", upstreams, b, "narrow-us")).toBeUndefined();
    }, WAIT);
  });

  it("delete: the finalizer holds the federated object until every placed object is gone", async () => {
    const a = backend.uniqueNamespace("del");
    await fed.service.create(upstream("delete", { clusters: ["east", "west", "local"], namespaces: [a] }));
    await waitFor("FederatedUpstream", "delete", "PLACED");
    const deleting = await fed.service.delete("FederatedUpstream", ns, "delete");
    expect(deleting.metadata.name).toBe("delete");
    await eventually(async () => {
      expect(current("FederatedUpstream", "delete")).toBeUndefined();
      for (const cluster of ["east", "west", "local"]) expect(await member(cluster, upstreams, a, "delete-us")).toBeUndefined();
    }, WAIT);
  });

  it("an unowned object of the same name is never touched: FAILED saying why; the adopt annotation takes it over", async () => {
    const a = backend.uniqueNamespace("own");
    await backend.member("east").create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: a } });
    const foreign = { apiVersion: "gloo.solo.io/v1", kind: "Upstream", metadata: { name: "taken-us", namespace: a }, spec: { static: { hosts: [{ addr: "theirs", port: 1 }] } } };
    await backend.member("east").create(upstreams, foreign);
    await fed.service.create(upstream("taken", { clusters: ["east", "west"], namespaces: [a] }));
    const status = await waitFor("FederatedUpstream", "taken", "FAILED", (s) => expect(s.clusters?.west?.namespaces[a]?.state).toBe("PLACED"));
    expect(status.message).toBe("Resource is not federated to all destinations");
    expect(status.clusters!.east.namespaces[a]).toEqual({
      state: "FAILED",
      message: `Failed to write upstream on cluster east: upstream ${a}/taken-us already exists and is not managed by fedplane; delete it, or annotate the federated resource with fed.solo.io/adopt: "true" to take it over`,
    });
    expect((await member("east", upstreams, a, "taken-us"))!.spec).toEqual(foreign.spec);

    await replace(upstream("taken", { clusters: ["east", "west"], namespaces: [a] }, {}, "solo.io", { "fed.solo.io/adopt": "true" }));
    await waitFor("FederatedUpstream", "taken", "PLACED");
    const adopted = (await member("east", upstreams, a, "taken-us"))!;
    expect(adopted.metadata.annotations?.[OWNER_ANNOTATION]).toBe(`${ns}.taken`);
    expect(adopted.spec.static.hosts[0].addr).toBe("solo.io");
  });

  it("a second federated resource writing the same object is FAILED naming the owner", async () => {
    const a = backend.uniqueNamespace("two");
    await fed.service.create(upstream("first", { clusters: ["east"], namespaces: [a] }));
    await waitFor("FederatedUpstream", "first", "PLACED");
    const second = upstream("second", { clusters: ["east"], namespaces: [a] });
    second.spec!.template!.metadata!.name = "first-us";
    await fed.service.create(second);
    const status = await waitFor("FederatedUpstream", "second", "FAILED");
    expect(status.clusters!.east.namespaces[a].message).toBe(
      `Failed to write upstream on cluster east: upstream ${a}/first-us is owned by ${ns}.first, not by ${ns}.second; fedplane does not change it`,
    );
    expect((await member("east", upstreams, a, "first-us"))!.metadata.annotations?.[OWNER_ANNOTATION]).toBe(`${ns}.first`);
  });

  it("drift: a placed object deleted or changed by hand is reported, then put back", async () => {
    const a = backend.uniqueNamespace("drift");
    await fed.service.create(upstream("drift", { clusters: ["east", "west"], namespaces: [a] }));
    await waitFor("FederatedUpstream", "drift", "PLACED");
    const { events, stop } = record();
    try {
      const before = (await member("east", upstreams, a, "drift-us"))!;
      await backend.member("east").delete(upstreams, a, "drift-us");
      await eventually(async () => {
        const restored = await member("east", upstreams, a, "drift-us");
        expect(restored).toBeDefined();
        expect(restored!.metadata.uid).not.toBe(before.metadata.uid);
      }, WAIT);
      const deleted = events.findIndex((e) => e.name === "drift" && e.placementStatus.clusters?.east?.namespaces[a]?.state === "PENDING");
      expect(deleted, JSON.stringify(events)).toBeGreaterThanOrEqual(0);
      expect(events[deleted].placementStatus.clusters!.east.namespaces[a].message).toBe(
        `upstream ${a}/drift-us was deleted in cluster east outside fedplane; restoring`,
      );
      await eventually(() => expect(events.slice(deleted + 1).some((e) => e.placementStatus.state === "PLACED")).toBe(true), WAIT);

      const live = (await member("west", upstreams, a, "drift-us"))!;
      await backend.member("west").update(upstreams, { ...live, spec: { static: { hosts: [{ addr: "evil.example", port: 81 }] } } });
      await eventually(async () => expect((await member("west", upstreams, a, "drift-us"))!.spec.static.hosts[0].addr).toBe("solo.io"), WAIT);
      const modified = events.findIndex((e) => e.placementStatus.clusters?.west?.namespaces[a]?.message?.includes("was modified in cluster west outside fedplane"));
      expect(modified, JSON.stringify(events)).toBeGreaterThan(deleted);
      await eventually(() => expect(events.slice(modified + 1).some((e) => e.placementStatus.state === "PLACED")).toBe(true), WAIT);
      expect(statusOf("FederatedUpstream", "drift")!.state).toBe("PLACED");
    } finally {
      stop();
    }
  });

  it("Gloo writing status on a placed object is not drift", async () => {
    const a = backend.uniqueNamespace("gstat");
    await fed.service.create(upstream("gloo-status", { clusters: ["east"], namespaces: [a] }));
    await waitFor("FederatedUpstream", "gloo-status", "PLACED");
    const { events, stop } = record();
    try {
      const live = (await member("east", upstreams, a, "gloo-status-us"))!;
      await backend.member("east").updateStatus(upstreams, { ...live, status: { statuses: { "gloo-system": { state: "Accepted", reportedBy: "gloo" } } } });
      await eventually(() => expect(fed.service.placedObjects(current("FederatedUpstream", "gloo-status")!)[0]?.status).toMatchObject({ statuses: {} }), WAIT);
      expect(events.filter((e) => e.name === "gloo-status")).toEqual([]);
    } finally {
      stop();
    }
  });

  it("an unreachable cluster: its destinations FAILED with the reason, then PLACED when it returns, with no manual step", async () => {
    const a = backend.uniqueNamespace("down");
    await backend.setReachable("east", false);
    try {
      await eventually(() => expect(registry.get("east")!.connection.ready).toBe(false), WAIT);
      await fed.service.create(upstream("outage", { clusters: ["east", "west"], namespaces: [a] }));
      const status = await waitFor("FederatedUpstream", "outage", "FAILED", (s) => expect(s.clusters?.west?.namespaces[a]?.state).toBe("PLACED"));
      expect(status.clusters!.east.namespaces[a].state).toBe("FAILED");
      expect(status.clusters!.east.namespaces[a].message).toMatch(/^Failed to write upstream on cluster east: cluster east is unreachable: /);
    } finally {
      await backend.setReachable("east", true);
    }
    await waitFor("FederatedUpstream", "outage", "PLACED");
    expect(await member("east", upstreams, a, "outage-us")).toBeDefined();
  });

  it("what cannot be removed from an unreachable cluster is STALE, and deletion waits for it", async () => {
    const a = backend.uniqueNamespace("stale");
    await fed.service.create(upstream("stale", { clusters: ["east", "west"], namespaces: [a] }));
    await waitFor("FederatedUpstream", "stale", "PLACED");
    await backend.setReachable("east", false);
    try {
      await eventually(() => expect(registry.get("east")!.connection.ready).toBe(false), WAIT);
      await replace(upstream("stale", { clusters: ["west"], namespaces: [a] }));
      const status = await waitFor("FederatedUpstream", "stale", "FAILED", (s) => expect(s.observedGeneration).toBe("2"));
      expect(status.message).toBe("Resource is not federated to all destinations");
      expect(status.clusters!.west.namespaces[a]).toEqual({ state: "PLACED" });
      expect(status.clusters!.east.namespaces[a].state).toBe("STALE");
      expect(status.clusters!.east.namespaces[a].message).toMatch(/^Failed to delete upstream on cluster east: cluster east is unreachable: /);

      await fed.service.delete("FederatedUpstream", ns, "stale");
      await eventually(async () => expect(await member("west", upstreams, a, "stale-us")).toBeUndefined(), WAIT);
      expect(current("FederatedUpstream", "stale")?.metadata.deletionTimestamp).toBeDefined(); // held for east
      expect(await member("east", upstreams, a, "stale-us")).toBeDefined();
    } finally {
      await backend.setReachable("east", true);
    }
    await eventually(async () => {
      expect(current("FederatedUpstream", "stale")).toBeUndefined();
      expect(await member("east", upstreams, a, "stale-us")).toBeUndefined();
    }, WAIT);
  });

  it("a restarted reconciler retries what was FAILED before it stopped", async () => {
    const a = backend.uniqueNamespace("restart");
    await backend.setReachable("west", false);
    try {
      await eventually(() => expect(registry.get("west")!.connection.ready).toBe(false), WAIT);
      await fed.service.create(upstream("restart", { clusters: ["west"], namespaces: [a] }));
      await waitFor("FederatedUpstream", "restart", "FAILED");
      await fed.reconciler.stop();
    } finally {
      await backend.setReachable("west", true);
    }
    await eventually(() => expect(registry.get("west")!.connection.ready).toBe(true), WAIT);
    expect(statusOf("FederatedUpstream", "restart")!.state).toBe("FAILED"); // nobody reconciles while stopped
    fed.reconciler.start();
    await waitFor("FederatedUpstream", "restart", "PLACED");
    expect(await member("west", upstreams, a, "restart-us")).toBeDefined();
  });

  it("places all ten federated kinds", async () => {
    const a = backend.uniqueNamespace("kinds");
    for (const kind of federatedKinds) {
      await fed.service.create(
        federated(kind.name, `all-${kind.target.kind.toLowerCase()}`, {
          template: { metadata: { name: `placed-${kind.target.kind.toLowerCase()}` }, spec: { example: kind.target.kind } },
          placement: { clusters: ["east", "local"], namespaces: [a] },
        }),
      );
    }
    for (const kind of federatedKinds) {
      await waitFor(kind.name, `all-${kind.target.kind.toLowerCase()}`, "PLACED");
      for (const cluster of ["east", "local"]) {
        const placed = await member(cluster, kind.target, a, `placed-${kind.target.kind.toLowerCase()}`);
        expect(placed, `${kind.target.kind} on ${cluster}`).toMatchObject({ kind: kind.target.kind, spec: { example: kind.target.kind } });
      }
    }
  });

  it("clusterSelector and '*' follow the registered clusters and their labels; overrides change one cluster's copy", async () => {
    const a = backend.uniqueNamespace("sel");
    await fed.service.create(upstream("selected", { clusterSelector: { matchLabels: { env: "prod" } }, namespaces: [a] }));
    await fed.service.create(upstream("everywhere", { clusters: ["*"], namespaces: [a] }));
    await fed.service.create(
      upstream("overridden", { clusters: ["east", "west"], namespaces: [a] }, {
        overrides: [
          { clusters: ["west"], patch: { spec: { static: { hosts: [{ addr: "west.solo.io", port: 8080 }] } } } },
          { clusterSelector: { matchLabels: { region: "us-east" } }, jsonPatch: [{ op: "add", path: "/metadata/labels/tier", value: "gold" }] },
        ],
      }),
    );
    await waitFor("FederatedUpstream", "selected", "PLACED", (s) => expect(destinations(s)).toEqual([`east/${a}=PLACED`]));
    await waitFor("FederatedUpstream", "everywhere", "PLACED", (s) => expect(destinations(s)).toEqual([`east/${a}=PLACED`, `local/${a}=PLACED`, `west/${a}=PLACED`]));
    await waitFor("FederatedUpstream", "overridden", "PLACED");
    expect((await member("west", upstreams, a, "overridden-us"))!.spec).toEqual({ static: { hosts: [{ addr: "west.solo.io", port: 8080 }] } });
    expect((await member("east", upstreams, a, "overridden-us"))!.spec).toEqual({ static: { hosts: [{ addr: "solo.io", port: 80 }] } });
    expect((await member("east", upstreams, a, "overridden-us"))!.metadata.labels?.tier).toBe("gold");
    expect((await member("west", upstreams, a, "overridden-us"))!.metadata.labels?.tier).toBeUndefined();

    await backend.register("west", { region: "us-west", env: "prod" });
    try {
      await waitFor("FederatedUpstream", "selected", "PLACED", (s) => expect(destinations(s)).toEqual([`east/${a}=PLACED`, `west/${a}=PLACED`]));
      expect(await member("west", upstreams, a, "selected-us")).toBeDefined();
    } finally {
      await backend.register("west", { region: "us-west", env: "dev" });
    }
    await waitFor("FederatedUpstream", "selected", "PLACED", (s) => expect(destinations(s)).toEqual([`east/${a}=PLACED`]));
    await eventually(async () => expect(await member("west", upstreams, a, "selected-us")).toBeUndefined(), WAIT);
  });

  it("an invalid placement is INVALID with Gloo Federation's message, and nothing is placed", async () => {
    const a = backend.uniqueNamespace("inv");
    // Written straight to the admin cluster, as kubectl would: the service itself refuses unregistered clusters.
    await backend.admin.create(federatedKindByName("FederatedUpstream")!.type, upstream("invalid", { clusters: ["east", "mars"], namespaces: [a] }));
    const status = await waitFor("FederatedUpstream", "invalid", "INVALID");
    expect(status).toEqual({ observedGeneration: "1", state: "INVALID", message: "Cluster mars is not registered", writtenBy: "e2e" });
    expect(await member("east", upstreams, a, "invalid-us")).toBeUndefined();
  });

  it("deregistering a cluster removes what fedplane placed there; registering it again places it back", async () => {
    const a = backend.uniqueNamespace("dereg");
    await fed.service.create(upstream("dereg", { clusters: ["*"], namespaces: [a] }));
    await waitFor("FederatedUpstream", "dereg", "PLACED", (s) => expect(destinations(s)).toContain(`west/${a}=PLACED`));
    const { events, stop } = record();
    try {
      await backend.deregister("west");
      expect(await member("west", upstreams, a, "dereg-us")).toBeUndefined(); // removed before the registration went
      expect(registry.get("west")).toBeUndefined();
      await waitFor("FederatedUpstream", "dereg", "PLACED", (s) => expect(destinations(s)).toEqual([`east/${a}=PLACED`, `local/${a}=PLACED`]));
      const pending = events.find((e) => e.name === "dereg" && e.placementStatus.state === "PENDING");
      expect(pending?.placementStatus.message).toBe("Cluster event triggered for west, resyncing");
    } finally {
      stop();
      await backend.register("west", { region: "us-west", env: "dev" });
    }
    await waitFor("FederatedUpstream", "dereg", "PLACED", (s) => expect(destinations(s)).toContain(`west/${a}=PLACED`));
    expect(await member("west", upstreams, a, "dereg-us")).toBeDefined();
  });

  it("the seed flow: a FederatedUpstream and a FederatedVirtualService routing /solo to it reach PLACED", async () => {
    // On shared real clusters the examples are placed into a namespace of this run instead of gloo-system.
    const target = backend.name === "embedded" ? "gloo-system" : backend.uniqueNamespace("seed");
    const read = (file: string) =>
      readFileSync(new URL(`../../../examples/${file}`, import.meta.url), "utf8").replaceAll("gloo-system", target).replace(/namespace: \S+\n/, `namespace: ${ns}\n`);
    const results = await fed.service.apply(`${read("federated-upstream.yaml")}\n---\n${read("federated-virtualservice.yaml")}`);
    expect(results.map((r) => `${r.kind} ${r.name} ${r.action}`)).toEqual([
      "FederatedUpstream my-federated-upstream created",
      "FederatedVirtualService my-federated-vs created",
    ]);
    await waitFor("FederatedUpstream", "my-federated-upstream", "PLACED", (s) => expect(destinations(s)).toEqual([`local/${target}=PLACED`]));
    await waitFor("FederatedVirtualService", "my-federated-vs", "PLACED", (s) => expect(destinations(s)).toEqual([`local/${target}=PLACED`]));
    expect((await member("local", upstreams, target, "fed-upstream"))!.spec).toEqual({ static: { hosts: [{ addr: "solo.io", port: 80 }] } });
    const vs = (await member("local", glooKinds.VirtualService, target, "fed-virtualservice"))!;
    expect(vs.spec.virtualHost.routes[0]).toEqual({
      matchers: [{ prefix: "/solo" }],
      options: { prefixRewrite: "/" },
      routeAction: { single: { upstream: { name: "fed-upstream", namespace: target } } },
    });
  });
}


