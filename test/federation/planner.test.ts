import { describe, expect, it } from "vitest";
import { federatedKindByName, federatedKinds, OWNER_ANNOTATION, OWNER_LABEL } from "../../src/federation/kinds.js";
import { ownerLabelValue } from "../../src/federation/ownership.js";
import { plan, type ClusterFacts, type Plan } from "../../src/federation/planner.js";
import type { FederatedObject } from "../../src/federation/resource.js";

const upstreamKind = federatedKindByName("FederatedUpstream")!;

const clusters: ClusterFacts[] = [
  { name: "west", labels: { region: "us-west", env: "prod" } },
  { name: "local", labels: {} },
  { name: "east", labels: { region: "us-east", env: "prod" } },
  { name: "dev", labels: { env: "dev" } },
];

function fedUpstream(spec: Record<string, unknown>, name = "my-upstream"): FederatedObject {
  return {
    apiVersion: "fed.gloo.solo.io/v1",
    kind: "FederatedUpstream",
    metadata: { name, namespace: "gloo-system", generation: 1 },
    spec,
  };
}

const template = {
  metadata: { name: "fed-upstream", labels: { team: "a" }, annotations: { note: "x" } },
  spec: { static: { hosts: [{ addr: "solo.io", port: 80 }] } },
};

function valid(p: Plan) {
  if (!p.valid) throw new Error(`expected a valid plan, got INVALID: ${p.message}`);
  return p;
}

function invalid(p: Plan) {
  if (p.valid) throw new Error("expected INVALID");
  return p.message;
}

const where = (p: Plan) => valid(p).destinations.map((d) => `${d.cluster}/${d.namespace}`);

describe("planner: desired objects", () => {
  it("places the template into every cluster x namespace with owner label and annotation", () => {
    const p = valid(
      plan(upstreamKind, fedUpstream({ template, placement: { clusters: ["west", "east"], namespaces: ["gloo-system", "apps"] } }), clusters),
    );
    expect(p.clusters).toEqual(["east", "west"]);
    expect(p.owner).toBe("gloo-system.my-upstream");
    expect(where(p)).toEqual(["east/gloo-system", "east/apps", "west/gloo-system", "west/apps"]);
    expect(p.destinations[0].object).toEqual({
      apiVersion: "gloo.solo.io/v1",
      kind: "Upstream",
      metadata: {
        name: "fed-upstream",
        namespace: "gloo-system",
        labels: { team: "a", [OWNER_LABEL]: "gloo-system.my-upstream" },
        annotations: { note: "x", [OWNER_ANNOTATION]: "gloo-system.my-upstream" },
      },
      spec: { static: { hosts: [{ addr: "solo.io", port: 80 }] } },
    });
  });

  it("writes each kind's target apiVersion and kind, for all ten kinds", () => {
    const expected: Record<string, string> = {
      FederatedUpstream: "gloo.solo.io/v1 Upstream",
      FederatedUpstreamGroup: "gloo.solo.io/v1 UpstreamGroup",
      FederatedSettings: "gloo.solo.io/v1 Settings",
      FederatedGateway: "gateway.solo.io/v1 Gateway",
      FederatedVirtualService: "gateway.solo.io/v1 VirtualService",
      FederatedRouteTable: "gateway.solo.io/v1 RouteTable",
      FederatedMatchableHttpGateway: "gateway.solo.io/v1 MatchableHttpGateway",
      FederatedMatchableTcpGateway: "gateway.solo.io/v1 MatchableTcpGateway",
      FederatedAuthConfig: "enterprise.gloo.solo.io/v1 AuthConfig",
      FederatedRateLimitConfig: "ratelimit.solo.io/v1alpha1 RateLimitConfig",
    };
    expect(federatedKinds.map((k) => k.name).sort()).toEqual(Object.keys(expected).sort());
    for (const kind of federatedKinds) {
      const obj = { ...fedUpstream({ template, placement: { clusters: ["local"], namespaces: ["ns"] } }), kind: kind.name };
      const { object } = valid(plan(kind, obj, clusters)).destinations[0];
      expect(`${object.apiVersion} ${object.kind}`).toBe(expected[kind.name]);
    }
  });

  it("gives every federated kind a target kind of its own, so owner ids never collide across kinds", () => {
    const targets = federatedKinds.map((k) => `${k.target.group}/${k.target.kind}`);
    expect(new Set(targets).size).toBe(targets.length);
  });

  it("places an empty spec when the template has none, and de-duplicates namespaces", () => {
    const p = valid(
      plan(upstreamKind, fedUpstream({ template: { metadata: { name: "u" } }, placement: { clusters: ["local"], namespaces: ["a", "a", "b"] } }), clusters),
    );
    expect(where(p)).toEqual(["local/a", "local/b"]);
    expect(p.destinations[0].object.spec).toEqual({});
    expect(p.destinations[0].object.metadata.labels).toEqual({ [OWNER_LABEL]: "gloo-system.my-upstream" });
  });

  it("does not modify its input, and returned objects do not share structure with it", () => {
    const fed = fedUpstream({
      template,
      placement: { clusters: ["west"], namespaces: ["ns"] },
      overrides: [{ clusters: ["west"], jsonPatch: [{ op: "replace", path: "/spec/static/hosts/0/port", value: 8080 }] }],
    });
    const before = structuredClone(fed);
    const p = valid(plan(upstreamKind, fed, clusters));
    expect(fed).toEqual(before);
    p.destinations[0].object.spec.static.hosts[0].addr = "changed";
    expect(fed.spec!.template!.spec).toEqual(template.spec);
  });

  it("hashes a long owner id into a valid 63-character label value; the annotation keeps the full id", () => {
    const name = "a".repeat(60) + ".b" + "c".repeat(100);
    const p = valid(plan(upstreamKind, fedUpstream({ template, placement: { clusters: ["local"], namespaces: ["ns"] } }, name), clusters));
    const { labels, annotations } = p.destinations[0].object.metadata;
    const label = labels![OWNER_LABEL];
    expect(label.length).toBeLessThanOrEqual(63);
    expect(label).toMatch(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/);
    expect(label.startsWith("gloo-system.aaaa")).toBe(true);
    expect(annotations![OWNER_ANNOTATION]).toBe(`gloo-system.${name}`);
    // Two ids sharing the first 46 characters still get different labels.
    expect(ownerLabelValue(`gloo-system.${name}x`)).not.toBe(label);
    expect(ownerLabelValue(`gloo-system.${name}`)).toBe(label);
  });
});

describe("planner: cluster selection", () => {
  const place = (placement: Record<string, unknown>) =>
    plan(upstreamKind, fedUpstream({ template, placement: { namespaces: ["ns"], ...placement } }), clusters);

  it('"*" places into every registered cluster', () => {
    expect(valid(place({ clusters: ["*"] })).clusters).toEqual(["dev", "east", "local", "west"]);
  });

  it('"*" with no registered cluster is valid and places nothing', () => {
    const p = valid(plan(upstreamKind, fedUpstream({ template, placement: { clusters: ["*"], namespaces: ["ns"] } }), []));
    expect(p.destinations).toEqual([]);
  });

  it("clusterSelector selects clusters by label (matchLabels and matchExpressions)", () => {
    expect(valid(place({ clusterSelector: { matchLabels: { env: "prod" } } })).clusters).toEqual(["east", "west"]);
    expect(
      valid(place({ clusterSelector: { matchExpressions: [{ key: "region", operator: "NotIn", values: ["us-east"] }] } })).clusters,
    ).toEqual(["dev", "local", "west"]);
    expect(valid(place({ clusterSelector: { matchExpressions: [{ key: "region", operator: "Exists" }] } })).clusters).toEqual([
      "east",
      "west",
    ]);
  });

  it("clusters and clusterSelector together select the union", () => {
    expect(valid(place({ clusters: ["local"], clusterSelector: { matchLabels: { env: "dev" } } })).clusters).toEqual(["dev", "local"]);
  });

  it("a selector matching nothing is valid and places nothing", () => {
    expect(valid(place({ clusterSelector: { matchLabels: { env: "none" } } })).destinations).toEqual([]);
  });

  it("an invalid selector is INVALID naming the field", () => {
    expect(invalid(place({ clusterSelector: { matchExpressions: [{ key: "env", operator: "In" }] } }))).toBe(
      "Invalid cluster selector: placement.clusterSelector.matchExpressions[0].values: must be specified when operator is In",
    );
    expect(invalid(place({ clusterSelector: { matchExpressions: [{ key: "env", operator: "Has" }] } }))).toContain(
      "placement.clusterSelector.matchExpressions[0].operator",
    );
  });
});

describe("planner: INVALID with Gloo Federation's messages", () => {
  const check = (spec: Record<string, unknown>) => invalid(plan(upstreamKind, fedUpstream(spec), clusters));

  it("missing placement", () => {
    expect(check({ template })).toBe("Placement must not be nil");
    expect(plan(upstreamKind, { ...fedUpstream({}), spec: undefined }, clusters)).toEqual({ valid: false, message: "Placement must not be nil" });
  });
  it("missing template", () => {
    expect(check({ placement: { clusters: ["local"], namespaces: ["ns"] } })).toBe("Spec template must not be nil");
  });
  it("missing template metadata", () => {
    expect(check({ template: { spec: {} }, placement: { clusters: ["local"], namespaces: ["ns"] } })).toBe("Metadata template must not be nil");
  });
  it("unregistered cluster, including '*' alongside it", () => {
    expect(check({ template, placement: { clusters: ["local", "mars"], namespaces: ["ns"] } })).toBe("Cluster mars is not registered");
    expect(check({ template, placement: { clusters: ["*", "mars"], namespaces: ["ns"] } })).toBe("Cluster mars is not registered");
  });
});

describe("planner: INVALID, fedplane's additional rules", () => {
  const check = (spec: Record<string, unknown>) => invalid(plan(upstreamKind, fedUpstream(spec), clusters));
  const placement = { clusters: ["local"], namespaces: ["ns"] };

  it("empty namespaces", () => {
    expect(check({ template, placement: { clusters: ["local"] } })).toBe(
      "Placement namespaces must not be empty: list the namespaces to place the resource into",
    );
    expect(check({ template, placement: { clusters: ["local"], namespaces: [] } })).toContain("Placement namespaces must not be empty");
  });
  it("invalid namespace name", () => {
    expect(check({ template, placement: { clusters: ["local"], namespaces: ["Bad_NS"] } })).toBe(
      `Placement namespace "Bad_NS" must consist of lowercase letters, digits or '-', and start and end with a letter or digit`,
    );
  });
  it("no cluster selected at all", () => {
    expect(check({ template, placement: { namespaces: ["ns"] } })).toContain("Placement must select clusters");
    expect(check({ template, placement: { clusters: [], namespaces: ["ns"] } })).toContain('use "*" for all registered clusters');
  });
  it("clusters not a list of strings", () => {
    expect(check({ template, placement: { clusters: "local", namespaces: ["ns"] } })).toBe("Placement clusters must be a list of cluster names");
  });
  it("template name missing or not a DNS-1123 subdomain", () => {
    expect(check({ template: { metadata: {} }, placement })).toBe('Metadata template name "" must be a non-empty string');
    expect(check({ template: { metadata: { name: "Not_Valid" } }, placement })).toContain('Metadata template name "Not_Valid" must consist of');
  });
  it("template spec not an object", () => {
    expect(check({ template: { metadata: { name: "u" }, spec: [1] }, placement })).toBe("Template spec must be an object");
  });
  it("template labels not strings, or forging the owner", () => {
    expect(check({ template: { metadata: { name: "u", labels: { a: 1 } } }, placement })).toBe("Metadata template labels must map strings to strings");
    expect(check({ template: { metadata: { name: "u", labels: { [OWNER_LABEL]: "x" } } }, placement })).toBe(
      "Metadata template labels must not set fed.solo.io/owner: fedplane sets it",
    );
    expect(check({ template: { metadata: { name: "u", annotations: { [OWNER_ANNOTATION]: "x" } } }, placement })).toContain(
      "annotations must not set fed.solo.io/owner",
    );
  });
});

describe("planner: overrides", () => {
  const base = { template, placement: { clusters: ["*"], namespaces: ["ns"] } };
  const planWith = (overrides: unknown) => plan(upstreamKind, fedUpstream({ ...base, overrides }), clusters);
  const specOf = (p: Plan, cluster: string) => valid(p).destinations.find((d) => d.cluster === cluster)!.object;

  it("applies a JSON merge patch only to the listed clusters", () => {
    const p = planWith([{ clusters: ["east"], patch: { spec: { static: { hosts: [{ addr: "east.solo.io", port: 80 }] } } } }]);
    expect(specOf(p, "east").spec.static.hosts[0].addr).toBe("east.solo.io");
    expect(specOf(p, "west").spec.static.hosts[0].addr).toBe("solo.io");
  });

  it("applies a JSON patch to clusters matched by a selector", () => {
    const p = planWith([
      { clusterSelector: { matchLabels: { env: "prod" } }, jsonPatch: [{ op: "add", path: "/spec/static/useTls", value: true }] },
    ]);
    expect(specOf(p, "east").spec.static.useTls).toBe(true);
    expect(specOf(p, "west").spec.static.useTls).toBe(true);
    expect(specOf(p, "dev").spec.static.useTls).toBeUndefined();
  });

  it("applies overrides in order and can change labels and annotations", () => {
    const p = planWith([
      { clusters: ["*"], patch: { metadata: { labels: { tier: "1" } }, spec: { static: { hosts: null } } } },
      { clusters: ["east"], patch: { metadata: { labels: { tier: "2", team: null } } } },
    ]);
    expect(specOf(p, "east").metadata.labels).toEqual({ tier: "2", [OWNER_LABEL]: "gloo-system.my-upstream" });
    expect(specOf(p, "west").metadata.labels).toEqual({ team: "a", tier: "1", [OWNER_LABEL]: "gloo-system.my-upstream" });
    expect(specOf(p, "west").spec).toEqual({ static: {} });
  });

  it("ignores overrides for clusters that are not placed or not registered", () => {
    const p = plan(
      upstreamKind,
      fedUpstream({ template, placement: { clusters: ["west"], namespaces: ["ns"] }, overrides: [{ clusters: ["mars", "east"], patch: { spec: { x: 1 } } }] }),
      clusters,
    );
    expect(specOf(p, "west").spec).toEqual(template.spec);
  });

  it("a JSON patch that does not apply is INVALID naming the override, the cluster and the reason", () => {
    expect(invalid(planWith([{ clusters: ["east"], jsonPatch: [{ op: "replace", path: "/spec/missing/x", value: 1 }] }]))).toBe(
      "Override 0 for cluster east: jsonPatch[0]: replace /spec/missing/x: path does not exist",
    );
    expect(invalid(planWith([{ clusters: ["east"], jsonPatch: [{ op: "test", path: "/spec/static/hosts/0/port", value: 81 }] }]))).toBe(
      "Override 0 for cluster east: jsonPatch[0]: test /spec/static/hosts/0/port: value does not match",
    );
  });

  it("a malformed JSON patch is INVALID even when no cluster matches", () => {
    expect(invalid(planWith([{ clusters: ["mars"], jsonPatch: [{ op: "add", path: "/spec/a", value: 1 }, { op: "frob", path: "/a" }] }]))).toBe(
      'Override 0: jsonPatch[1]: op "frob" is not one of add, remove, replace, move, copy, test',
    );
    expect(invalid(planWith([{}, { clusters: ["mars"], jsonPatch: [{ op: "add", path: "spec" }] }]))).toContain("Override 0 must name the clusters");
    expect(invalid(planWith([{ clusters: ["mars"], jsonPatch: [{ op: "add", path: "spec", value: 1 }] }]))).toBe(
      'Override 0: jsonPatch[0]: path "spec" must start with "/"',
    );
    expect(invalid(planWith([{ clusters: ["mars"], jsonPatch: [{ op: "add", path: "/spec" }] }]))).toBe("Override 0: jsonPatch[0]: add needs a value");
  });

  it("an override must have exactly one of patch and jsonPatch, and must name its clusters", () => {
    expect(invalid(planWith([{ clusters: ["east"] }]))).toContain("Override 0 must have exactly one of patch");
    expect(invalid(planWith([{ clusters: ["east"], patch: {}, jsonPatch: [] }]))).toContain("exactly one of patch");
    expect(invalid(planWith([{ patch: {} }]))).toBe('Override 0 must name the clusters it applies to: clusters (or "*") or clusterSelector');
    expect(invalid(planWith([{ clusters: ["east"], patch: [1] }]))).toContain("Override 0: patch must be an object");
    expect(invalid(planWith({}))).toBe("Overrides must be a list");
  });

  it("an override may not rename the object, break its metadata or forge ownership", () => {
    expect(invalid(planWith([{ clusters: ["east"], patch: { metadata: { name: "other" } } }]))).toBe(
      "Override 0 for cluster east must not change metadata.name",
    );
    expect(invalid(planWith([{ clusters: ["east"], patch: { metadata: null } }]))).toBe("Override 0 for cluster east must keep the template's metadata");
    expect(invalid(planWith([{ clusters: ["east"], patch: { spec: "x" } }]))).toBe("Override 0 for cluster east must leave spec an object");
    expect(invalid(planWith([{ clusters: ["east"], patch: { metadata: { labels: { [OWNER_LABEL]: "x" } } } }]))).toContain(
      "must not set fed.solo.io/owner",
    );
  });
});
