import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { assetsFromEnvironment, findAssets, KUBERNETES_VERSION } from "../../src/controlplane/assets.js";
import { crdName, projectCrds } from "../../src/crds/project-crds.js";
import { describeWithControlPlanes, type SharedControlPlane } from "../support/controlplanes.js";

const run = promisify(execFile);

describeWithControlPlanes("shared control planes", (planes) => {
  const kubectl = async (plane: SharedControlPlane, args: string[], input?: string): Promise<string> => {
    const child = run(planes.kubectl, ["--kubeconfig", plane.kubeconfigPath, ...args], { encoding: "utf8" });
    if (input !== undefined) child.child.stdin?.end(input);
    return (await child).stdout;
  };
  const namespace = `cp-test-${randomBytes(3).toString("hex")}`;

  beforeAll(async () => {
    await kubectl(planes.admin, ["create", "namespace", namespace]);
  });
  afterAll(async () => {
    // No namespace controller runs, so delete the objects; the namespace itself would stay Terminating.
    await kubectl(planes.admin, ["delete", "federatedupstreams", "--all", "-n", namespace, "--wait=false"]);
  });

  it("are an admin cluster and two workload clusters, reachable through their kubeconfig contexts", async () => {
    expect(planes.all.map((p) => p.name)).toEqual(["admin", "cluster-1", "cluster-2"]);
    for (const plane of planes.all) {
      expect((await kubectl(plane, ["config", "current-context"])).trim()).toBe(plane.name);
      expect(await kubectl(plane, ["get", "namespace", "default", "-o", "name"])).toBe("namespace/default\n");
    }
    expect(new Set(planes.all.map((p) => p.server)).size).toBe(3);
  });

  it("answer /version with the Kubernetes version of their binary (the stamped one when built from source)", async () => {
    const assets = findAssets();
    if (!assets) throw new Error("the control planes run, so their binaries must be findable");
    const binary = (await run(assets.kubeApiserver, ["--version"])).stdout.trim(); // "Kubernetes v1.34.4"
    const version = JSON.parse(await kubectl(planes.admin, ["get", "--raw", "/version"])) as Record<string, string>;
    expect(binary).toBe(`Kubernetes ${version.gitVersion}`);
    expect(planes.version).toBe(version.gitVersion);
    if (!assetsFromEnvironment()) {
      const [major, minor] = KUBERNETES_VERSION.slice(1).split(".");
      expect(version).toMatchObject({ gitVersion: KUBERNETES_VERSION, major, minor });
      expect(await kubectl(planes.admin, ["version", "--client", "-o", "json"])).toContain(`"gitVersion": "${KUBERNETES_VERSION}"`);
    }
  });

  it("serve every project CRD in every cluster (kubectl get crds)", async () => {
    const expected = projectCrds().map((crd) => `customresourcedefinition.apiextensions.k8s.io/${crdName(crd)}`).sort();
    for (const plane of planes.all) {
      const listed = (await kubectl(plane, ["get", "crds", "-l", "app.kubernetes.io/part-of=fedplane", "-o", "name"])).trim().split("\n");
      expect(listed.sort()).toEqual(expected);
    }
  });

  it("store a FederatedUpstream, keep its template spec as written, and take status only through /status", async () => {
    const manifest = {
      apiVersion: "fed.gloo.solo.io/v1",
      kind: "FederatedUpstream",
      metadata: { name: "petstore", namespace },
      spec: {
        template: {
          metadata: { name: "petstore", labels: { app: "petstore" } },
          spec: { static: { hosts: [{ addr: "petstore.example.com", port: 80 }] } },
        },
        placement: { clusters: ["cluster-1", "cluster-2"], namespaces: ["gloo-system"] },
      },
      status: { placementStatus: { state: "PLACED" } },
    };
    await kubectl(planes.admin, ["create", "-f", "-"], JSON.stringify(manifest));
    const created = JSON.parse(await kubectl(planes.admin, ["get", "fedus", "petstore", "-n", namespace, "-o", "json"]));
    expect(created.spec.template.spec).toEqual(manifest.spec.template.spec);
    expect(created.status).toBeUndefined(); // the main resource ignores status: it is a subresource

    const status = {
      placementStatus: {
        clusters: { "cluster-1": { namespaces: { "gloo-system": { state: "PLACED" } } } },
        state: "PLACED",
        observedGeneration: "1",
        writtenBy: "fedplane-test",
      },
    };
    await kubectl(planes.admin, [
      "patch", "federatedupstream", "petstore", "-n", namespace, "--subresource=status", "--type=merge", "-p", JSON.stringify({ status }),
    ]);
    const patched = JSON.parse(await kubectl(planes.admin, ["get", "fedus", "petstore", "-n", namespace, "-o", "json"]));
    expect(patched.status).toEqual(status);
    const table = await kubectl(planes.admin, ["get", "federatedupstreams", "-n", namespace]);
    expect(table).toMatch(/^NAME\s+STATE\s+AGE\n/);
    expect(table).toMatch(/\npetstore\s+PLACED\s+\d+s\n/);
  });

  it("accept a federated object without placement, for fedplane to report INVALID rather than the API server refusing it", async () => {
    const manifest = {
      apiVersion: "fed.gateway.solo.io/v1",
      kind: "FederatedVirtualService",
      metadata: { name: "no-placement", namespace },
      spec: { template: { spec: { virtualHost: { domains: ["*"] } } } },
    };
    await kubectl(planes.admin, ["create", "-f", "-"], JSON.stringify(manifest));
    expect(await kubectl(planes.admin, ["get", "fedvs", "-n", namespace, "-o", "name"])).toContain("no-placement");
    await kubectl(planes.admin, ["delete", "fedvs", "no-placement", "-n", namespace]);
  });
});
