import { describe, expect, it } from "vitest";
import { core } from "../../src/cluster/resource-type.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { checkCluster } from "../../src/health/check.js";
import { nodesType } from "../../src/health/cluster-view.js";
import { buildGlooInstance, discoverInstances } from "../../src/health/instances.js";
import { glooInstallation } from "../../src/health/simulator/installation.js";
import { glooObject, rejected } from "./fixtures.js";
import { StaticView } from "./static-view.js";

describe("GlooInstance discovery", () => {
  it("finds one instance per Deployment gloo labelled app=gloo,gloo=gloo, named <cluster>-<namespace>", () => {
    const view = new StaticView([...glooInstallation("east"), ...glooInstallation("east", { namespace: "gloo-canary", enterprise: true, version: "1.18.2" })]);
    view.add(core.deployments, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "gloo", namespace: "imposter", labels: { app: "gloo" } } });
    expect(discoverInstances("east", view).map((i) => i.name)).toEqual(["east-gloo-canary", "east-gloo-system"]);
  });

  it("builds the GlooInstance: version and edition from images, watched namespaces from Settings, proxies and the check summary", () => {
    const view = new StaticView(glooInstallation("east", { version: "1.17.4", enterprise: true }))
      .edit(glooKinds.Settings, "gloo-system", "default", (s) => (s.spec.watchNamespaces = ["gloo-system", "apps"]))
      .edit(core.services, "gloo-system", "gateway-proxy", (s) => (s.status = { loadBalancer: { ingress: [{ ip: "10.0.0.7" }] } }))
      .add(glooKinds.Upstream, glooObject(glooKinds.Upstream, "apps", "my-us", {}, rejected("upstream type not specified")));
    const [pod] = view.list(core.pods).filter((p) => p.metadata.labels?.gloo === "gateway-proxy");
    view.edit(core.pods, "gloo-system", pod.metadata.name, (p) => (p.spec.nodeName = "node-1"));
    view.add(nodesType, { apiVersion: "v1", kind: "Node", metadata: { name: "node-1", labels: { "topology.kubernetes.io/zone": "us-east-1a" } } });

    const [instance] = discoverInstances("east", view);
    const check = checkCluster("east", { reachable: true }, view).instances[0];
    const gi = buildGlooInstance(view, instance, check, "gloo-system");
    expect(gi.apiVersion).toBe("fed.solo.io/v1");
    expect(gi.kind).toBe("GlooInstance");
    expect(gi.metadata).toEqual({ name: "east-gloo-system", namespace: "gloo-system" });
    expect(gi.spec.cluster).toBe("east");
    expect(gi.spec.isEnterprise).toBe(true);
    expect(gi.spec.controlPlane).toEqual({ version: "1.17.4", namespace: "gloo-system", watchedNamespaces: ["gloo-system", "apps"] });
    expect(gi.spec.admin).toEqual({ writeNamespace: "gloo-system", proxyId: { name: "gateway-proxy", namespace: "gloo-system" } });
    expect(gi.spec.proxies).toEqual([
      {
        name: "gateway-proxy",
        namespace: "gloo-system",
        replicas: 1,
        availableReplicas: 1,
        readyReplicas: 1,
        version: "1.17.4",
        workloadControllerType: "DEPLOYMENT",
        zones: ["us-east-1a"],
        ingressEndpoints: [
          {
            address: "10.0.0.7",
            serviceName: "gateway-proxy",
            ports: [
              { port: 80, name: "http" },
              { port: 443, name: "https" },
            ],
          },
        ],
      },
    ]);
    expect(Object.keys(gi.spec.check).sort()).toEqual(
      [
        "authConfigs",
        "deployments",
        "gateways",
        "matchableHttpGateways",
        "matchableTcpGateways",
        "pods",
        "proxies",
        "rateLimitConfigs",
        "routeTables",
        "settings",
        "upstreamGroups",
        "upstreams",
        "virtualServices",
      ].sort(),
    );
    expect(gi.spec.check.upstreams).toEqual({
      total: 1,
      errors: [{ ref: { name: "my-us", namespace: "apps" }, message: "Found rejected upstream by 'gloo-system': apps my-us (Reason: upstream type not specified)" }],
      warnings: [],
    });
    expect(gi.spec.check.deployments).toEqual({ total: 2, errors: [], warnings: [] });
    expect(gi.spec.check.pods.total).toBe(2);
  });
});
