import { describe, expect, it } from "vitest";
import { core } from "../../src/cluster/resource-type.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { UnknownCheckError } from "../../src/health/check-items.js";
import { allItems, checkCluster, countProblems } from "../../src/health/check.js";
import { crashLoopPodStatus } from "../../src/health/simulator/installation.js";
import { accepted, glooObject, healthyCluster, rejected } from "./fixtures.js";
import { StaticView } from "./static-view.js";

const reachable = { reachable: true };
const upstream = (ns: string, name: string, status?: unknown) => glooObject(glooKinds.Upstream, ns, name, { static: { hosts: [{ addr: "a", port: 80 }] } }, status);

describe("check", () => {
  it("reports glooctl's items in glooctl's order, all OK for a healthy installation", () => {
    const view = healthyCluster().edit(glooKinds.Settings, "gloo-system", "default", (s) => (s.status = accepted()));
    const check = checkCluster("east", reachable, view);
    expect(check.items.map((i) => i.title)).toEqual(["Connection", "Gloo Instances"]);
    expect(check.instances.map((i) => i.name)).toEqual(["east-gloo-system"]);
    expect(check.instances[0].items.map((i) => i.title)).toEqual([
      "Deployments",
      "Pods",
      "Settings",
      "Upstreams",
      "UpstreamGroups",
      "AuthConfigs",
      "RateLimitConfigs",
      "VirtualHostOptions",
      "RouteOptions",
      "Secrets",
      "VirtualServices",
      "RouteTables",
      "Gateways",
      "MatchableHttpGateways",
      "MatchableTcpGateways",
      "Proxies",
    ]);
    expect(countProblems(allItems(check))).toEqual({ errors: 0, warnings: 0 });
    const deployments = check.instances[0].items[0];
    expect(deployments.total).toBe(2);
  });

  it("words Rejected, Warning, Pending and missing statuses as glooctl does", () => {
    const view = healthyCluster()
      .edit(glooKinds.Settings, "gloo-system", "default", (s) => (s.status = accepted()))
      .add(
        glooKinds.Upstream,
        upstream("default", "my-us", rejected("upstream type not specified")),
        upstream("default", "warned", { statuses: { "gloo-system": { state: 3, reason: "deprecated" } } }),
        upstream("default", "waiting", { statuses: { "gloo-system": { state: "Pending" } } }),
        upstream("default", "fresh"),
        upstream("default", "fine", accepted()),
      );
    const item = checkCluster("east", reachable, view).instances[0].items.find((i) => i.key === "upstreams")!;
    expect(item.total).toBe(5);
    expect(item.errors).toEqual([
      {
        ref: { kind: "Upstream", namespace: "default", name: "my-us" },
        message: "Found rejected upstream by 'gloo-system': default my-us (Reason: upstream type not specified)",
      },
    ]);
    expect(item.warnings.map((w) => w.message)).toEqual([
      "Found upstream with no status: default fresh",
      "Found pending upstream by 'gloo-system': default waiting",
      "Found upstream with warnings by 'gloo-system': default warned (Reason: deprecated)",
    ]);
  });

  it("reads only the statuses the instance itself reported", () => {
    const view = healthyCluster()
      .edit(glooKinds.Settings, "gloo-system", "default", (s) => (s.status = accepted()))
      .add(glooKinds.Upstream, upstream("default", "other", rejected("not ours", "other-gloo")));
    const item = checkCluster("east", reachable, view).instances[0].items.find((i) => i.key === "upstreams")!;
    expect(item.errors).toEqual([]);
    expect(item.warnings.map((w) => w.message)).toEqual(["Found upstream with no status: default other"]);
  });

  it("finds a pod in CrashLoopBackOff, and restarts as a warning", () => {
    const view = healthyCluster().edit(glooKinds.Settings, "gloo-system", "default", (s) => (s.status = accepted()));
    const [glooPod, proxyPod] = view.list(core.pods);
    view.edit(core.pods, "gloo-system", glooPod.metadata.name, (p) => (p.status = crashLoopPodStatus("gloo", "img", 7)));
    view.edit(core.pods, "gloo-system", proxyPod.metadata.name, (p) => (p.status.containerStatuses[0].restartCount = 4));
    const pods = checkCluster("east", reachable, view).instances[0].items.find((i) => i.key === "pods")!;
    expect(pods.errors).toEqual([
      {
        ref: { kind: "Pod", namespace: "gloo-system", name: glooPod.metadata.name },
        message: `Pod ${glooPod.metadata.name} in namespace gloo-system is in CrashLoopBackOff: container gloo restarted 7 times (last exit: Error, code 1)`,
      },
    ]);
    expect(pods.warnings.map((w) => w.message)).toEqual([
      `Pod ${proxyPod.metadata.name} in namespace gloo-system: container gateway-proxy has restarted 4 times`,
    ]);
  });

  it("flags deployments that are not available or lack ready replicas", () => {
    const view = healthyCluster()
      .edit(core.deployments, "gloo-system", "gloo", (d) => {
        d.status.conditions[0] = { type: "Available", status: "False", message: "Deployment does not have minimum availability." };
      })
      .edit(core.deployments, "gloo-system", "gateway-proxy", (d) => {
        d.spec.replicas = 3;
        d.status = { readyReplicas: 1 };
      });
    const item = checkCluster("east", reachable, view).instances[0].items.find((i) => i.key === "deployments")!;
    expect(item.errors.map((e) => e.message)).toEqual([
      "Deployment gateway-proxy in namespace gloo-system has 1/3 ready replicas",
      "Deployment gloo in namespace gloo-system is not available! Message: Deployment does not have minimum availability.",
    ]);
  });

  it("excludes items by glooctl's keys and aliases, and rejects unknown keys", () => {
    const view = healthyCluster().add(glooKinds.Upstream, upstream("default", "bad", rejected("x")));
    const check = checkCluster("east", reachable, view, { exclude: ["upstreams,pods", "VirtualServices"] });
    const keys = check.instances[0].items.map((i) => i.key);
    expect(keys).not.toContain("upstreams");
    expect(keys).not.toContain("pods");
    expect(keys).not.toContain("virtual-services");
    expect(keys).toContain("deployments");
    expect(() => checkCluster("east", reachable, view, { exclude: ["upstream"] })).toThrow(UnknownCheckError);
    expect(() => checkCluster("east", reachable, view, { exclude: ["upstream"] })).toThrow(/unknown check "upstream" in exclude: use one of connection/);
  });

  it("checks only the namespaces asked for, within the namespaces the instance watches", () => {
    const view = healthyCluster()
      .edit(glooKinds.Settings, "gloo-system", "default", (s) => {
        s.spec.watchNamespaces = ["gloo-system", "team-a", "team-b"];
        s.status = accepted();
      })
      .add(glooKinds.Upstream, upstream("team-a", "a", rejected("x")), upstream("team-b", "b", rejected("y")), upstream("unwatched", "c", rejected("z")));
    const all = checkCluster("east", reachable, view).instances[0].items.find((i) => i.key === "upstreams")!;
    expect(all.errors.map((e) => e.ref.name)).toEqual(["a", "b"]);
    const onlyB = checkCluster("east", reachable, view, { namespaces: ["team-b"] }).instances[0].items.find((i) => i.key === "upstreams")!;
    expect(onlyB.errors.map((e) => e.ref.name)).toEqual(["b"]);
  });

  it("turns an unreachable cluster into one connection finding", () => {
    const check = checkCluster("west", { reachable: false, message: "connect ECONNREFUSED 127.0.0.1:1" }, healthyCluster("west"));
    expect(check.instances).toEqual([]);
    expect(check.items).toHaveLength(1);
    expect(check.items[0].errors).toEqual([
      { ref: { kind: "Cluster", name: "west" }, message: "Cannot connect to cluster west: connect ECONNREFUSED 127.0.0.1:1" },
    ]);
    expect(countProblems(allItems(check))).toEqual({ errors: 1, warnings: 0 });
  });

  it("warns about a cluster without Gloo, and says when Gloo cannot be looked for", () => {
    const check = checkCluster("bare", reachable, healthyCluster().fail(core.deployments, { reason: "Forbidden", message: "nope" }));
    expect(check.items[1].errors[0].message).toBe("Cannot read deployments.apps in cluster bare: nope");
    const empty = checkCluster("bare", reachable, new StaticView());
    expect(empty.items[1].warnings[0].message).toBe("No Gloo installation found in cluster bare (no Deployment gloo labelled app=gloo,gloo=gloo)");
  });

  it("skips kinds that are not installed and secrets fedplane may not read; other read failures are errors", () => {
    const view = healthyCluster()
      .fail(glooKinds.AuthConfig, { reason: "NotFound", message: "the server could not find the requested resource" })
      .fail(core.secrets, { reason: "Forbidden", message: "secrets is forbidden" })
      .fail(glooKinds.Upstream, { reason: "Forbidden", message: 'upstreams.gloo.solo.io is forbidden: User "system:serviceaccount:gloo-system:east" cannot list' });
    const items = checkCluster("east", reachable, view).instances[0].items;
    const byKey = (k: string) => items.find((i) => i.key === k)!;
    expect(byKey("auth-configs").skipped).toBe("authconfigs.enterprise.gloo.solo.io is not installed in cluster east");
    expect(byKey("secrets").skipped).toBe("fedplane may not read secrets in cluster east");
    expect(byKey("upstreams").errors[0].message).toMatch(/^Cannot read upstreams.gloo.solo.io in cluster east: upstreams.gloo.solo.io is forbidden/);
  });

  it("finds secrets referenced by Gloo resources that do not exist", () => {
    const view = healthyCluster()
      .add(core.secrets, { apiVersion: "v1", kind: "Secret", metadata: { name: "present", namespace: "default" } })
      .add(
        glooKinds.Upstream,
        glooObject(glooKinds.Upstream, "default", "tls", { static: { hosts: [{ addr: "a" }] }, sslConfig: { secretRef: { name: "present", namespace: "default" } } }, accepted()),
        glooObject(glooKinds.Upstream, "default", "aws", { aws: { region: "us-east-1", secretRef: { name: "aws-creds", namespace: "gloo-system" } } }, accepted()),
      );
    const secrets = checkCluster("east", reachable, view).instances[0].items.find((i) => i.key === "secrets")!;
    expect(secrets.total).toBe(2);
    expect(secrets.errors).toEqual([
      { ref: { kind: "Secret", namespace: "gloo-system", name: "aws-creds" }, message: "Found Upstream default aws referencing missing secret gloo-system aws-creds" },
    ]);
  });

  it("reports missing Settings", () => {
    const view = healthyCluster();
    const settings = checkCluster("east", reachable, view, { namespaces: ["gloo-system"] }).instances[0].items.find((i) => i.key === "settings")!;
    expect(settings.warnings.map((w) => w.message)).toEqual(["Found settings with no status: gloo-system default"]);
    const noSettings = new StaticView();
    for (const type of [core.deployments, core.pods]) noSettings.add(type, ...view.list(type));
    const item = checkCluster("east", reachable, noSettings).instances[0].items.find((i) => i.key === "settings")!;
    expect(item.errors[0].message).toBe("Found no settings default in namespace gloo-system");
  });
});
