import { describe, expect, it } from "vitest";
import type { ResourceType } from "../../src/cluster/resource-type.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { validate, type Lookup } from "../../src/health/simulator/validate.js";
import { glooObject } from "./fixtures.js";

const existing = (...refs: [ResourceType, string, string][]): Lookup => ({
  has: (type, ns, name) => refs.some(([t, n, m]) => t.kind === type.kind && n === ns && m === name),
});
const nothing = existing();

describe("the simulator's Gloo validation", () => {
  it("accepts a valid upstream and rejects one with no type or no hosts", () => {
    expect(validate(glooKinds.Upstream, glooObject(glooKinds.Upstream, "default", "u", { static: { hosts: [{ addr: "1.2.3.4", port: 80 }] } }), nothing)).toEqual({ state: "Accepted" });
    expect(validate(glooKinds.Upstream, glooObject(glooKinds.Upstream, "default", "u", {}), nothing)).toEqual({
      state: "Rejected",
      reason: "upstream type not specified: set one of kube, static, pipe, aws, azure, consul, awsEc2, gcp",
    });
    expect(validate(glooKinds.Upstream, glooObject(glooKinds.Upstream, "default", "u", { static: { hosts: [] } }), nothing).reason).toBe(
      "static upstream must have at least one host",
    );
  });

  it("rejects a virtual service routing to an upstream that does not exist in the cluster", () => {
    const vs = glooObject(glooKinds.VirtualService, "gloo-system", "vs", {
      virtualHost: {
        domains: ["*"],
        routes: [
          { matchers: [{ prefix: "/solo" }], routeAction: { single: { upstream: { name: "fed-upstream", namespace: "gloo-system" } } } },
          { routeAction: { multi: { destinations: [{ destination: { upstream: { name: "other" } } }] } } },
        ],
      },
    });
    expect(validate(glooKinds.VirtualService, vs, nothing)).toEqual({
      state: "Rejected",
      reason:
        "Route Error: InvalidDestinationErr. Reason: *v1.Upstream { gloo-system.fed-upstream } not found; " +
        "Route Error: InvalidDestinationErr. Reason: *v1.Upstream { gloo-system.other } not found",
    });
    const both = existing([glooKinds.Upstream, "gloo-system", "fed-upstream"], [glooKinds.Upstream, "gloo-system", "other"]);
    expect(validate(glooKinds.VirtualService, vs, both)).toEqual({ state: "Accepted" });
  });

  it("checks delegation, upstream groups and gateways", () => {
    const rt = glooObject(glooKinds.VirtualService, "apps", "vs", { virtualHost: { routes: [{ delegateAction: { ref: { name: "rt" } } }] } });
    expect(validate(glooKinds.VirtualService, rt, nothing).reason).toBe("Route Error: InvalidDelegationErr. Reason: *v1.RouteTable { apps.rt } not found");
    const ug = glooObject(glooKinds.UpstreamGroup, "apps", "ug", { destinations: [{ destination: { upstream: { name: "u", namespace: "apps" } }, weight: 1 }] });
    expect(validate(glooKinds.UpstreamGroup, ug, nothing).reason).toBe("destination # 1: upstream not found: list did not find upstream apps.u");
    expect(validate(glooKinds.UpstreamGroup, ug, existing([glooKinds.Upstream, "apps", "u"])).state).toBe("Accepted");
    expect(validate(glooKinds.Gateway, glooObject(glooKinds.Gateway, "gloo-system", "gw", { httpGateway: {} }), nothing).reason).toBe("gateway must specify bindPort");
    expect(validate(glooKinds.Settings, glooObject(glooKinds.Settings, "gloo-system", "default", {}), nothing).state).toBe("Accepted");
  });
});
