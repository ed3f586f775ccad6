import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InstrumentClient } from "../../src/app/backend.js";
import type { ClusterClient } from "../../src/cluster/client.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";

const CLUSTERS = 100;
const RESOURCES = 5;

/** Counts reads each client makes: "<cluster> <method>". */
function countingReads(counts: Map<string, number>): InstrumentClient {
  return (client) =>
    new Proxy(client, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop === "list" || prop === "get") {
          return (...args: unknown[]) => {
            const key = `${target.name} ${String(prop)}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    }) as ClusterClient;
}

const total = (counts: Map<string, number>, method: "list" | "get") =>
  [...counts].filter(([k]) => k.endsWith(` ${method}`) && !k.startsWith("local ")).reduce((n, [, v]) => n + v, 0);

describe(`reads across ${CLUSTERS} clusters are batched per request and served from watch caches`, () => {
  const counts = new Map<string, number>();
  let fp: TestFedplane;
  beforeAll(async () => {
    fp = await startTestFedplane({ embeddedClusters: CLUSTERS, instrumentClient: countingReads(counts) });
    const manifest = Array.from(
      { length: RESOURCES },
      (_, i) => `apiVersion: fed.gloo.solo.io/v1
kind: FederatedUpstream
metadata: {name: us-${i}, namespace: gloo-system}
spec:
  placement: {clusters: ["*"], namespaces: [gloo-system]}
  template:
    metadata: {name: us-${i}}
    spec: {static: {hosts: [{addr: "svc-${i}.example.com", port: 80}]}}`,
    ).join("\n---\n");
    await fp.client.applyManifest({ manifest });
    await eventually(
      async () => expect((await fp.client.federatedResources({ state: "PLACED" })).federatedResources.totalCount).toBe(RESOURCES),
      { timeoutMs: 120_000, intervalMs: 200 },
    );
  }, 600_000);
  afterAll(async () => {
    await fp?.stop();
  }, 120_000);

  it("placedObjects of every resource on every cluster: no API call to a member cluster", async () => {
    // The member caches may trail PLACED by a moment; every attempt must still be answered without an API call.
    await eventually(async () => {
      counts.clear();
      const answer = await fp.client.request<{ federatedResources: { nodes: { placedObjects: { cluster: string }[] }[] } }>(
        "{ federatedResources { nodes { placedObjects { cluster name resourceVersion } } } }",
      );
      expect(total(counts, "list") + total(counts, "get")).toBe(0);
      const placed = answer.federatedResources.nodes.flatMap((n) => n.placedObjects);
      expect(placed).toHaveLength(RESOURCES * (CLUSTERS + 1));
    });
  });

  it("resources of a watched Gloo kind: answered from the health caches, no API call", async () => {
    counts.clear();
    const { resources } = await fp.client.resources({ kind: "Upstream", namespace: "gloo-system" });
    expect(resources.failures).toEqual([]);
    expect(resources.objects.filter((o) => o.name.startsWith("us-"))).toHaveLength(RESOURCES * (CLUSTERS + 1));
    expect(total(counts, "list") + total(counts, "get")).toBe(0);
  });

  it("reads the caches cannot answer: one list per cluster x kind x namespace per request, however many fields ask", async () => {
    counts.clear();
    const selection = 'resources(kind: Upstream, namespace: "gloo-system", labelSelector: "fed.solo.io/owner") { objects { cluster name } }';
    const answer = await fp.client.request<Record<string, { objects: unknown[] }>>(`{ a: ${selection} b: ${selection} c: ${selection} }`);
    expect(answer.a.objects).toHaveLength(RESOURCES * (CLUSTERS + 1));
    expect(answer.c.objects).toHaveLength(RESOURCES * (CLUSTERS + 1));
    expect(total(counts, "list")).toBe(CLUSTERS);
  });
});
