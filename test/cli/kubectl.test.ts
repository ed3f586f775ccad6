import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { runCli } from "./run-cli.js";

const version = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version;

const rejected = `apiVersion: fed.gloo.solo.io/v1
kind: FederatedUpstream
metadata:
  name: no-type
  namespace: gloo-system
  labels: { team: a }
spec:
  template:
    metadata: { name: no-type }
    spec: {}
  placement:
    clusters: [cluster-1]
    namespaces: [gloo-system]
`;

/** kubectl's habits, with the real CLI against a real server on the embedded default (one workload cluster). */
describe("fedplane get/delete/version as kubectl users expect", () => {
  let fp: TestFedplane;
  let server: string;
  let dir: string;

  beforeAll(async () => {
    fp = await startTestFedplane({ embeddedClusters: 1 });
    server = `--server=${fp.app.url}`;
    dir = mkdtempSync(join(tmpdir(), "fedplane-cli-kubectl-"));
    writeFileSync(join(dir, "rejected.yaml"), rejected);
    const applied = await runCli(["apply", "-f", "examples", "-f", join(dir, "rejected.yaml"), server]);
    expect(applied.stderr).toBe("");
    await eventually(
      async () => {
        const { federatedResources } = await fp.client.federatedResourceList({ kind: "FederatedUpstream" });
        const noType = federatedResources.nodes.find((r) => r.metadata.name === "no-type");
        expect(noType?.glooHealth.map((d) => d.gloo)).toEqual(["REJECTED"]);
        const vs = await fp.client.federatedResourceList({ kind: "FederatedVirtualService" });
        expect(vs.federatedResources.nodes[0]?.glooHealth.map((d) => d.gloo)).toEqual(["ACCEPTED"]);
      },
      { timeoutMs: 30_000 },
    );
  });
  afterAll(async () => {
    await fp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 240_000);

  it("-o name: kubectl's kind.group/name, one per line (golden)", async () => {
    expect(await runCli(["get", "fedus", "-o", "name", server])).toMatchObject({
      code: 0,
      stdout: "federatedupstream.fed.gloo.solo.io/my-federated-upstream\nfederatedupstream.fed.gloo.solo.io/no-type\n",
    });
    expect((await runCli(["get", "federatedvirtualservices.fed.gateway.solo.io", "-o", "name", server])).stdout).toBe("federatedvirtualservice.fed.gateway.solo.io/my-federated-vs\n");
  }, 240_000);

  it("the list's STATE is the worst of placement and Gloo's verdict; -l, --show-labels, -o wide", async () => {
    const listed = await runCli(["get", "federatedupstreams", server]);
    expect(listed.stdout).toMatch(/^NAMESPACE +NAME +STATE +PLACED +AGE +MESSAGE\n/);
    expect(listed.stdout).toMatch(/\ngloo-system +my-federated-upstream +PLACED +1\/1 +\S+\n/);
    expect(listed.stdout).toMatch(/\ngloo-system +no-type +REJECTED +1\/1 +\S+ +Gloo in cluster-1\/gloo-system: REJECTED: upstream type not specified/);
    const labelled = await runCli(["get", "fedus", "-l", "team=a", "-n", "gloo-system", "--show-labels", server]);
    expect(labelled.stdout).toMatch(/^NAME +STATE +PLACED +AGE +MESSAGE +LABELS\nno-type +REJECTED .* team=a\n$/);
    const wide = await runCli(["get", "fedus", "my-federated-upstream", "-o", "wide", server]);
    expect(wide.stdout).toMatch(/^NAMESPACE +NAME +STATE +PLACED +AGE +DESTINATIONS +MESSAGE\ngloo-system +my-federated-upstream +PLACED +1\/1 +\S+ +local\/gloo-system=PLACED\n$/);
    const conflict = await runCli(["get", "fedus", "-A", "-n", "x", server]);
    expect(conflict).toMatchObject({ code: 2, stderr: "fedplane: -A and -n exclude each other: pass one\n" });
  }, 240_000);

  it("-o yaml of a list is a kind: List that apply takes back unchanged (generation kept)", async () => {
    const yaml = await runCli(["get", "fedus", "-o", "yaml", server]);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout.startsWith("apiVersion: v1\nkind: List\nitems:\n  - apiVersion: fed.gloo.solo.io/v1\n    kind: FederatedUpstream\n    metadata:\n      name: my-federated-upstream\n")).toBe(true);
    expect(yaml.stdout.endsWith('metadata:\n  resourceVersion: ""\n')).toBe(true);
    const list = parse(yaml.stdout);
    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["my-federated-upstream", "no-type"]);
    expect(list.items[0].status.placementStatus).toMatchObject({ state: "PLACED", clusters: { local: { namespaces: { "gloo-system": { state: "PLACED" } } } } });

    const before = (await fp.client.federatedResources({ kind: "FederatedUpstream" })).federatedResources.nodes.map((r) => [r.metadata.name, r.metadata.generation]);
    writeFileSync(join(dir, "list.yaml"), yaml.stdout);
    const again = await runCli(["apply", "-f", join(dir, "list.yaml"), server]);
    expect(again).toMatchObject({
      code: 0,
      stdout: "federatedupstream.fed.gloo.solo.io/my-federated-upstream unchanged\nfederatedupstream.fed.gloo.solo.io/no-type unchanged\n",
    });
    const after = (await fp.client.federatedResources({ kind: "FederatedUpstream" })).federatedResources.nodes.map((r) => [r.metadata.name, r.metadata.generation]);
    expect(after).toEqual(before);

    const one = parse((await runCli(["get", "fedus", "no-type", "-o", "json", server])).stdout);
    expect(one).toMatchObject({ apiVersion: "fed.gloo.solo.io/v1", kind: "FederatedUpstream", metadata: { name: "no-type", labels: { team: "a" } }, spec: { template: { spec: {} } } });
  }, 240_000);

  it("Gloo objects across clusters (us, --clusters), clusters with labels, glooinstances", async () => {
    const placed = await runCli(["get", "upstreams", "--clusters", "cluster-1,local", "-n", "gloo-system", "-o", "wide", server]);
    expect(placed.stdout).toMatch(/^CLUSTER +NAMESPACE +NAME +STATUS +FEDERATED BY +REASON\n/);
    expect(placed.stdout).toMatch(/\ncluster-1 +gloo-system +no-type +REJECTED +\S+ +upstream type not specified/);
    expect(placed.stdout).toMatch(/\nlocal +gloo-system +fed-upstream +ACCEPTED /);
    const names = await runCli(["get", "us", "--clusters", "cluster-1", "-n", "gloo-system", "-o", "name", server]);
    expect(names.stdout).toContain("upstream.gloo.solo.io/no-type\n");
    const yaml = parse((await runCli(["get", "us", "no-type", "--clusters", "cluster-1", "-o", "yaml", server])).stdout);
    expect(yaml).toMatchObject({ kind: "List", items: [{ kind: "Upstream", metadata: { name: "no-type", annotations: { "fedplane/cluster": "cluster-1" } } }] });
    const nowhere = await runCli(["get", "us", "--clusters", "mars", server]);
    expect(nowhere).toMatchObject({ code: 1, stderr: "fedplane: not registered: mars; `fedplane get clusters` lists the registered clusters\n" });

    await fp.client.registerCluster({ input: { name: "eu", labels: { region: "eu" } } });
    const clusters = await runCli(["get", "clusters", "-l", "region=eu", server]);
    expect(clusters.stdout).toMatch(/^NAME +READY +VERSION +REGISTRATION +PROBED +LABELS +LAST ERROR\neu +\S+ .*region=eu\n$/);
    expect((await runCli(["get", "clusters", "-o", "name", server])).stdout).toBe("cluster/cluster-1\ncluster/eu\ncluster/local\n");
    await fp.client.deregisterCluster({ name: "eu" });

    const instances = await runCli(["get", "glooinstances", server]);
    expect(instances.stdout).toMatch(/^NAME +CLUSTER +NAMESPACE +VERSION +PROXIES READY +ERRORS\n/);
    expect(instances.stdout).toMatch(/\ncluster-1-gloo-system +cluster-1 +gloo-system +\S+ +\d+\/\d+ +\d+\n/);
  }, 240_000);

  it("diff -f: nothing to change is exit 0 and no output; a change is a unified diff per cluster and namespace, exit 1", async () => {
    expect(await runCli(["diff", "-f", "examples/federated-upstream.yaml", server])).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const changed = readFileSync("examples/federated-upstream.yaml", "utf8").replace("port: 80", "port: 8080").replace("      - local", "      - local\n      - cluster-1");
    writeFileSync(join(dir, "changed.yaml"), changed);
    const shown = await runCli(["diff", "-f", join(dir, "changed.yaml"), server]);
    expect(shown.code).toBe(1);
    expect(shown.stdout).toContain("--- /dev/null\n+++ cluster-1/gloo-system upstream.gloo.solo.io/fed-upstream (after apply)\n@@ -0,0 +1,");
    expect(shown.stdout).toMatch(
      /--- local\/gloo-system upstream\.gloo\.solo\.io\/fed-upstream \(live\)\n\+\+\+ local\/gloo-system upstream\.gloo\.solo\.io\/fed-upstream \(after apply\)\n@@ -\d+,\d+ \+\d+,\d+ @@\n(?: .*\n)*-        port: 80\n\+        port: 8080\n/,
    );
    const unchanged = (await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: "gloo-system", name: "my-federated-upstream" })).federatedResource;
    expect(unchanged?.spec.template.spec.static.hosts[0].port).toBe(80);
  }, 240_000);

  it("delete KIND NAME and delete -f; a missing one is exit 1 unless --ignore-not-found", async () => {
    expect(await runCli(["delete", "fedus", "no-type", server])).toMatchObject({ code: 0, stdout: "federatedupstream.fed.gloo.solo.io/no-type deleted\n" });
    const missing = await runCli(["delete", "fedus", "no-type", server]);
    expect(missing).toMatchObject({ code: 1, stderr: "fedplane: FederatedUpstream gloo-system/no-type not found\n" });
    expect((await runCli(["delete", "fedus", "no-type", "--ignore-not-found", server])).code).toBe(0);
    const byFile = await runCli(["delete", "-f", "examples", "-o", "name", server]);
    expect(byFile).toMatchObject({
      code: 0,
      stdout: "federatedupstream.fed.gloo.solo.io/my-federated-upstream\nfederatedvirtualservice.fed.gateway.solo.io/my-federated-vs\n",
    });
    expect(await runCli(["get", "fedus", server])).toMatchObject({ code: 0, stdout: "", stderr: "No federatedupstreams found.\n" });
    expect((await runCli(["delete", server])).code).toBe(2);
  }, 240_000);

  it("version: client and server; --client needs no server", async () => {
    expect(await runCli(["version", server])).toMatchObject({ code: 0, stdout: `Client Version: ${version}\nServer Version: ${version} (embedded)\n` });
    expect(await runCli(["version", "--client", "--server", "http://127.0.0.1:1/graphql"])).toMatchObject({ code: 0, stdout: `Client Version: ${version}\n` });
    const down = await runCli(["version", "--server", "http://127.0.0.1:1/graphql"]);
    expect(down.code).toBe(1);
    expect(down.stdout).toBe(`Client Version: ${version}\n`);
  }, 240_000);
});
