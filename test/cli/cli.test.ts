import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/cluster/object.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { runCli, startCli } from "./run-cli.js";

/** The real CLI, spawned, against a real fedplane server on the embedded default (simulated Gloo in each cluster). */
describe("fedplane CLI against a running server", () => {
  let fp: TestFedplane;
  let server: string;

  beforeAll(async () => {
    fp = await startTestFedplane({ embeddedClusters: 2 });
    server = `--server=${fp.app.url}`;
  });
  afterAll(async () => {
    await fp?.stop();
  });

  it("check: glooctl's lines, `No problems detected.` and exit 0 on healthy clusters; plain when piped", async () => {
    // Waiting goes through the SDK; each CLI run costs a process start.
    await eventually(async () => expect((await fp.client.check({})).check.ok).toBe(true), { timeoutMs: 30_000 });
    const result = await runCli(["check", server]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Checking cluster cluster-1...\n  Checking Connection... OK\n  Checking Gloo Instances... OK\n");
    expect(result.stdout).toContain("Checking Gloo Instance cluster-2-gloo-system...\n  Checking Deployments... OK\n  Checking Pods... OK\n");
    expect(result.stdout).toContain("  Checking Upstreams... OK\n");
    expect(result.stdout.endsWith("No problems detected.\n")).toBe(true);
    expect(result.stdout).not.toMatch(/\x1b\[/);
  }, 60_000);

  it("check: a rejected upstream is an error with exit code 1, -x leaves it out, -o json says the same", async () => {
    const east = fp.app.backend.world!.client("cluster-1");
    await east.create<KubeObject>(glooKinds.Upstream, { apiVersion: "gloo.solo.io/v1", kind: "Upstream", metadata: { name: "my-us", namespace: "default" }, spec: {} });
    await eventually(async () => expect((await fp.client.check({})).check.errorCount).toBe(1), { timeoutMs: 30_000 });
    const failed = await runCli(["check", server]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("  Checking Upstreams... 1 Errors!\n    Found rejected upstream by 'gloo-system': default my-us (Reason: upstream type not specified");
    expect(failed.stdout.endsWith("Problems detected: 1 error.\n")).toBe(true);

    const excluded = await runCli(["check", server, "-x", "upstreams"]);
    expect(excluded.code).toBe(0);
    expect(excluded.stdout).not.toContain("Checking Upstreams");

    const onlyOther = await runCli(["check", server, "--cluster", "cluster-2"]);
    expect(onlyOther.code).toBe(0);
    expect(onlyOther.stdout).not.toContain("cluster-1");

    const json = await runCli(["check", server, "-o", "json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: false, errorCount: 1, warningCount: 0 });
    const upstreams = report.clusters[0].instances[0].items.find((i: { key: string }) => i.key === "upstreams");
    expect(upstreams.errors[0].ref).toEqual({ kind: "Upstream", namespace: "default", name: "my-us" });

    const us = await east.get<KubeObject>(glooKinds.Upstream, "default", "my-us");
    await east.update(glooKinds.Upstream, { ...us, spec: { static: { hosts: [{ addr: "solo.io", port: 80 }] } } });
    await eventually(async () => expect((await fp.client.check({})).check.ok).toBe(true), { timeoutMs: 30_000 });
    expect((await runCli(["check", server])).code).toBe(0);
  }, 240_000);

  it("explains what to do when the server cannot be reached or the input is wrong", async () => {
    const down = await runCli(["check", "--server", "http://127.0.0.1:1/graphql"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toBe("fedplane: cannot reach fedplane at http://127.0.0.1:1/graphql: is `fedplane serve` running? Start it (npm start) or point --server at it.\n");
    const bad = await runCli(["check", server, "-x", "upstream"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown check "upstream": use one of connection, instances, deployments');
    const kind = await runCli(["get", "gadgets", server]);
    expect(kind.code).not.toBe(0);
    expect(kind.stderr).toContain('unknown kind "gadgets"; use one of federatedupstreams');
  }, 60_000);

  it("cluster register/list/deregister an embedded cluster", async () => {
    const registered = await runCli(["cluster", "register", "--cluster-name", "extra", "--label", "region=eu", server]);
    expect(registered).toMatchObject({ code: 0, stdout: "Registered embedded cluster extra.\n" });
    await eventually(async () => expect((await fp.client.cluster({ name: "extra" })).cluster?.registration?.state).toBe("ACCEPTED"), { timeoutMs: 30_000 });
    const list = await runCli(["cluster", "list", server]);
    expect(list.stdout).toMatch(/^NAME +READY +VERSION +REGISTRATION +PROBED +LABELS +LAST ERROR\n/);
    expect(list.stdout).toMatch(/\nextra +True +v1\.34\.0-embedded +ACCEPTED .*region=eu/);
    expect(list.stdout).toMatch(/\nlocal \(admin\) +True /);
    const again = await runCli(["cluster", "register", "--cluster-name", "extra", server]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("cluster extra is already registered; deregister it first");
    const gone = await runCli(["cluster", "deregister", "--cluster-name", "extra", server]);
    expect(gone.code).toBe(0);
    expect(gone.stdout).toBe("Deregistered cluster extra.\n");
    const json = JSON.parse((await runCli(["cluster", "list", "-o", "json", server])).stdout);
    expect(json.kind).toBe("List");
    expect(json.items.map((c: { name: string }) => c.name)).toEqual(["cluster-1", "cluster-2", "local"]);
  }, 240_000);

  it("apply -f (dry run, then for real), get with placement and Gloo's verdict, and watch", async () => {
    const watch = startCli(["watch", "fedus", server]);
    try {
      const dry = await runCli(["apply", "-f", "examples/federated-upstream.yaml", "--dry-run", server]);
      expect(dry).toMatchObject({
        code: 0,
        stdout: "federatedupstream.fed.gloo.solo.io/my-federated-upstream created (dry run)\n  would place Upstream fed-upstream into local/gloo-system\n",
      });
      const dryDir = await runCli(["apply", "-f", "examples", "--dry-run", server]);
      expect(dryDir.stdout).toContain("federatedupstream.fed.gloo.solo.io/my-federated-upstream created (dry run)\n");
      expect(dryDir.stdout).toContain("federatedvirtualservice.fed.gateway.solo.io/my-federated-vs created (dry run)\n");
      const applied = await runCli(["apply", "-f", "examples/federated-upstream.yaml", "-f", "examples/federated-virtualservice.yaml", server]);
      expect(applied).toMatchObject({
        code: 0,
        stdout: "federatedupstream.fed.gloo.solo.io/my-federated-upstream created\nfederatedvirtualservice.fed.gateway.solo.io/my-federated-vs created\n",
      });
      await eventually(async () => {
        const { federatedResource } = await fp.client.federatedResourceHealth({ kind: "FederatedVirtualService", namespace: "gloo-system", name: "my-federated-vs" });
        expect(federatedResource?.glooHealth.map((d) => d.gloo)).toEqual(["ACCEPTED"]);
        const upstreams = await fp.client.federatedResources({ kind: "FederatedUpstream" });
        expect(upstreams.federatedResources.nodes[0]?.placementStatus?.state).toBe("PLACED");
      }, { timeoutMs: 30_000 });
      const list = await runCli(["get", "federatedupstreams", server]);
      expect(list.stdout).toMatch(/^NAMESPACE +NAME +STATE +PLACED +AGE +MESSAGE\ngloo-system +my-federated-upstream +PLACED +1\/1 /);
      const one = await runCli(["get", "fedvs", "my-federated-vs", "-n", "gloo-system", server]);
      expect(one.stdout).toMatch(/^FederatedVirtualService gloo-system\/my-federated-vs +PLACED\nCLUSTER +NAMESPACE +PLACEMENT +GLOO +MESSAGE\nlocal +gloo-system +PLACED +ACCEPTED\n$/);
      const yaml = await runCli(["get", "fedus", "my-federated-upstream", "-o", "yaml", server]);
      expect(yaml.stdout).toContain("kind: FederatedUpstream\nmetadata:\n  name: my-federated-upstream\n");
      await eventually(() => expect(watch.output.stdout).toMatch(/FederatedUpstream gloo-system\/my-federated-upstream +PLACED +local\/gloo-system=PLACED\n/), {
        timeoutMs: 30_000,
      });
    } finally {
      await watch.stop();
    }
  }, 240_000);
});
