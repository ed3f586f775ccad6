import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ClusterClient } from "../../src/cluster/client.js";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { core } from "../../src/cluster/resource-type.js";
import { kubernetesClusterType } from "../../src/clusters/kinds.js";
import { rbac, REGISTERED_CLUSTER_LABEL, remoteObjects } from "../../src/clusters/registration-objects.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { GlooSimulator } from "../../src/health/simulator/simulator.js";
import { describeWithControlPlanes } from "../support/controlplanes.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { runCli } from "./run-cli.js";

/**
 * `fedplane cluster register` of a real control plane into a fedplane whose admin cluster is real too, then placement
 * through the limited ServiceAccount: what the ClusterRole allows is PLACED, what RBAC forbids is FAILED with the API
 * server's own reason, and deregistering removes exactly what registering created.
 */
describeWithControlPlanes("fedplane cluster register/deregister on real control planes", (planes) => {
  const id = randomBytes(3).toString("hex");
  const ns = `cli-reg-${id}`;
  const cluster = `east-${id}`;
  const workload = planes.workloads[0];
  let admin: ClusterClient;
  let remote: ClusterClient;
  let sim: GlooSimulator;
  let fp: TestFedplane;
  let server: string;
  const remoteFlags = () => ["--remote-kubeconfig", workload.kubeconfigPath, "--remote-context", workload.name, "--remote-namespace", ns, "--federation-namespace", ns];

  beforeAll(async () => {
    admin = KubernetesClusterClient.fromFile("admin", planes.admin.kubeconfigPath);
    remote = KubernetesClusterClient.fromFile(cluster, workload.kubeconfigPath);
    await admin.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    sim = new GlooSimulator(remote, { namespace: ns, clusterName: cluster });
    await sim.install(); // creates the namespace in the workload cluster
    sim.start();
    fp = await startTestFedplane({ kubeconfig: planes.admin.kubeconfigPath, federationNamespace: ns, watchNamespace: ns });
    server = `--server=${fp.app.url}`;
  }, 120_000);

  afterAll(async () => {
    sim?.stop();
    await fp?.stop();
    await admin?.delete(core.namespaces, undefined, ns).catch(() => undefined);
    await remote?.delete(core.namespaces, undefined, ns).catch(() => undefined);
    await admin?.close();
    await remote?.close();
  }, 120_000);

  /** Retried: lists of CRDs on freshly started control planes can answer "storage is (re)initializing" for a moment. */
  const labelled = (client: ClusterClient) =>
    eventually(async () => {
      const found: string[] = [];
      for (const type of [core.serviceAccounts, core.secrets, rbac.clusterRoleBindings, kubernetesClusterType]) {
        for (const o of (await client.list(type, { labelSelector: `${REGISTERED_CLUSTER_LABEL}=${cluster}` })).items) found.push(`${o.kind}/${o.metadata.name}`);
      }
      return found.sort();
    });

  const upstream = (name: string) => ({
    apiVersion: "fed.gloo.solo.io/v1",
    kind: "FederatedUpstream",
    metadata: { name, namespace: ns },
    spec: { placement: { clusters: [cluster], namespaces: [ns] }, template: { metadata: { name }, spec: { static: { hosts: [{ addr: "solo.io", port: 80 }] } } } },
  });

  it("registers with a ServiceAccount, places through it, reports RBAC denials as FAILED, and deregisters cleanly", async () => {
    const registered = await runCli(["cluster", "register", "--cluster-name", cluster, ...remoteFlags(), "--token-wait-seconds", "0", server]);
    expect(registered.stderr).not.toContain("fedplane:");
    expect(registered.code).toBe(0);
    expect(registered.stdout).toMatch(new RegExp(`^Registered cluster ${cluster} \\(context "${workload.name}" of .*\\)\\. Its token expires at `));
    expect(await labelled(remote)).toEqual([`ClusterRoleBinding/gloo-federation-controller-${cluster}`, `Secret/${cluster}-secret`, `ServiceAccount/${cluster}`]);
    expect(await labelled(admin)).toEqual([`KubernetesCluster/${cluster}`, `Secret/${cluster}`]);
    await eventually(async () => expect((await fp.client.cluster({ name: cluster })).cluster).toMatchObject({ ready: true, registration: { state: "ACCEPTED" } }), {
      timeoutMs: 30_000,
    });

    // Health through the ServiceAccount: our simulated Gloo is found and healthy.
    await eventually(async () => {
      const { check } = await fp.client.check({ clusters: [cluster] });
      const mine = check.clusters[0].instances.find((i) => i.name === `${cluster}-${ns}`);
      expect(mine?.ok).toBe(true);
    }, { timeoutMs: 30_000 });
    const checked = await runCli(["check", "--cluster", cluster, server]);
    expect(checked.stdout).toContain(`Checking Gloo Instance ${cluster}-${ns}...\n  Checking Deployments... OK\n  Checking Pods... OK\n  Checking Settings... OK\n  Checking Upstreams... OK\n`);

    // Allowed by the ClusterRole: PLACED.
    await fp.client.applyManifest({ manifest: JSON.stringify(upstream("allowed")) });
    await eventually(async () => {
      const { federatedResource } = await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: ns, name: "allowed" });
      expect(federatedResource?.placementStatus?.state).toBe("PLACED");
    }, { timeoutMs: 30_000 });
    expect((await remote.get<KubeObject>(glooKinds.Upstream, ns, "allowed")).spec).toEqual({ static: { hosts: [{ addr: "solo.io", port: 80 }] } });

    // Take the ServiceAccount's binding away: fedplane's writes are now refused, and it says why, in the server's words.
    const binding = remoteObjects(cluster, ns)[3];
    await remote.delete(rbac.clusterRoleBindings, undefined, binding.object.metadata.name);
    await fp.client.applyManifest({ manifest: JSON.stringify(upstream("denied")) });
    await eventually(async () => {
      const { federatedResource } = await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: ns, name: "denied" });
      const destination = federatedResource?.placementStatus?.clusters[0]?.namespaces[0];
      expect(destination?.state).toBe("FAILED");
      expect(destination?.message).toContain(`forbidden: User "system:serviceaccount:${ns}:${cluster}" cannot`);
    }, { timeoutMs: 30_000 });
    const shown = await runCli(["get", "upstreams", "denied", "-n", ns, server]);
    expect(shown.stdout).toMatch(new RegExp(`${cluster} +${ns} +FAILED +\\S+ +.*forbidden: User "system:serviceaccount:${ns}:${cluster}"`));

    // Give it back: fedplane retries on its own and places it.
    await remote.create(binding.type, binding.object);
    await eventually(async () => {
      const { federatedResource } = await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: ns, name: "denied" });
      expect(federatedResource?.placementStatus?.state).toBe("PLACED");
    }, { timeoutMs: 60_000 });

    const gone = await runCli(["cluster", "deregister", "--cluster-name", cluster, ...remoteFlags(), server]);
    expect(gone.stderr).not.toContain("fedplane:");
    expect(gone.code).toBe(0);
    expect(gone.stdout).toContain(`Deregistered cluster ${cluster}.\nRemoved from the cluster: ClusterRoleBinding gloo-federation-controller-${cluster}, Secret ${ns}/${cluster}-secret, ServiceAccount ${ns}/${cluster}`);
    expect(await labelled(remote)).toEqual([]);
    expect(await labelled(admin)).toEqual([]);
    // fedplane removed what it placed while the credentials still worked (Gloo Federation left it behind).
    await expect(remote.get(glooKinds.Upstream, ns, "allowed")).rejects.toMatchObject({ reason: "NotFound" });
    await expect(remote.get(glooKinds.Upstream, ns, "denied")).rejects.toMatchObject({ reason: "NotFound" });
    expect(await fp.client.cluster({ name: cluster })).toEqual({ cluster: null });
  }, 240_000);
});
