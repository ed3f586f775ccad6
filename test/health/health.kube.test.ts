import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { core } from "../../src/cluster/resource-type.js";
import { connectCluster } from "../../src/clusters/connector.js";
import { glooInstanceType } from "../../src/clusters/kinds.js";
import { adminObjects } from "../../src/clusters/registration-objects.js";
import { registerCluster } from "../../src/clusters/registration.js";
import { remoteTargetFromKubeconfig } from "../../src/clusters/registration-remote.js";
import { ClusterRegistry } from "../../src/clusters/registry.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { HealthService } from "../../src/health/service.js";
import { crashLoopPodStatus, runningPodStatus } from "../../src/health/simulator/installation.js";
import { GlooSimulator } from "../../src/health/simulator/simulator.js";
import { describeWithControlPlanes } from "../support/controlplanes.js";
import { eventually } from "../support/eventually.js";
import { glooObject } from "./fixtures.js";

/**
 * Health against real API servers: two workload control planes registered the way `fedplane cluster register` does
 * (fedplane reads them with the limited ServiceAccount), a simulated Gloo in each, and a third registration whose
 * kubeconfig points nowhere.
 */
describeWithControlPlanes("health on real control planes", (planes) => {
  const id = randomBytes(3).toString("hex");
  const fedNamespace = `fed-health-${id}`;
  const glooNamespace = `gloo-health-${id}`;
  const names = [`east-${id}`, `west-${id}`];
  const broken = `gone-${id}`;
  let admin: KubernetesClusterClient;
  const workloads: KubernetesClusterClient[] = [];
  const simulators: GlooSimulator[] = [];
  let registry: ClusterRegistry;
  let health: HealthService;

  beforeAll(async () => {
    admin = KubernetesClusterClient.fromFile("admin", planes.admin.kubeconfigPath);
    await admin.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: fedNamespace } });
    for (const [i, name] of names.entries()) {
      const plane = planes.workloads[i];
      const client = KubernetesClusterClient.fromFile(name, plane.kubeconfigPath);
      workloads.push(client);
      const sim = new GlooSimulator(client, { namespace: glooNamespace, clusterName: name });
      await sim.install();
      simulators.push(sim.start());
      const remote = remoteTargetFromKubeconfig(name, { kubeconfigPath: plane.kubeconfigPath });
      await registerCluster(admin, remote, { cluster: name, remoteNamespace: glooNamespace, federationNamespace: fedNamespace, tokenWaitMs: 0 });
      await remote.client.close();
    }
    // A registration whose API server is not there (a closed port).
    const text = readFileSync(planes.workloads[0].kubeconfigPath, "utf8").replace(planes.workloads[0].server, "https://127.0.0.1:1");
    for (const o of adminObjects({ cluster: broken, federationNamespace: fedNamespace, kubeconfig: text })) await admin.create(o.type, o.object);
    registry = new ClusterRegistry({
      admin,
      connect: (name, kubeconfig) => connectCluster(name, kubeconfig, { kubernetes: { probeTimeoutMs: 2000 } }),
      namespace: fedNamespace,
      registerLocal: false,
      probe: { intervalMs: 500, retryMs: 100, timeoutMs: 2000 },
    });
    await registry.start();
    health = new HealthService({ registry, admin, federationNamespace: fedNamespace, resyncMs: 1000 });
    await health.start();
  });

  afterAll(async () => {
    health?.stop();
    for (const s of simulators) s.stop();
    await registry?.stop();
    for (const c of workloads) await c.close();
    await admin?.close();
  });

  const instanceName = (cluster: string) => `${cluster}-${glooNamespace}`;
  /** The findings of our Gloo installation in a cluster (other test files may leave other installations around). */
  function findings(cluster: string): string[] {
    const [check] = health.check({ clusters: [cluster] });
    const instance = check.instances.find((i) => i.name === instanceName(cluster));
    if (!instance) throw new Error(`no instance ${instanceName(cluster)} yet`);
    return [...check.items, ...instance.items].flatMap((i) => [...i.errors, ...i.warnings].map((f) => `${i.key}: ${f.message}`));
  }

  it("reports healthy clusters OK through the ServiceAccount's eyes, and writes their GlooInstances", async () => {
    await eventually(() => {
      for (const name of names) expect(findings(name)).toEqual([]);
    }, { timeoutMs: 20_000 });
    // Secrets are outside the registration's ClusterRole: once a Gloo resource references one, the item says so.
    await workloads[0].create(
      glooKinds.Upstream,
      glooObject(glooKinds.Upstream, glooNamespace, "tls", { static: { hosts: [{ addr: "10.0.0.9", port: 443 }] }, sslConfig: { secretRef: { name: "tls", namespace: glooNamespace } } }),
    );
    await eventually(() => {
      const [check] = health.check({ clusters: [names[0]] });
      const secrets = check.instances.find((i) => i.name === instanceName(names[0]))!.items.find((i) => i.key === "secrets")!;
      expect(secrets.skipped).toBe(`fedplane may not read secrets in cluster ${names[0]}`);
    });
    await eventually(async () => {
      const gi = await admin.get<KubeObject>(glooInstanceType, fedNamespace, instanceName(names[0]));
      expect(gi.spec).toMatchObject({ cluster: names[0], controlPlane: { namespace: glooNamespace, version: "1.17.0" } });
      expect(gi.spec.check.pods).toEqual({ total: 2, errors: [], warnings: [] });
    });
  });

  it("shows the unreachable cluster as a connection finding, and clears it once its kubeconfig is fixed", async () => {
    await eventually(() => {
      const [check] = health.check({ clusters: [broken] });
      expect(check.items[0].errors[0].message).toMatch(new RegExp(`^Cannot connect to cluster ${broken}: cluster ${broken} is unreachable: .*(refused|ECONNREFUSED)`));
    }, { timeoutMs: 20_000 });
    // Fixing the Secret's kubeconfig (admin credentials here) makes it reachable.
    const secret = await admin.get<KubeObject>(core.secrets, fedNamespace, broken);
    const [fixed] = adminObjects({ cluster: broken, federationNamespace: fedNamespace, kubeconfig: readFileSync(planes.workloads[0].kubeconfigPath, "utf8") });
    await admin.update(core.secrets, { ...secret, data: fixed.object.data });
    await eventually(() => {
      const [check] = health.check({ clusters: [broken] });
      expect(check.items[0].errors).toEqual([]);
      expect(check.instances.map((i) => i.name)).toContain(instanceName(broken));
    }, { timeoutMs: 20_000 });
  });

  it("shows a rejected upstream and a crash-looping pod, and clears both when fixed", async () => {
    const [east] = workloads;
    const cluster = names[0];
    await east.create(glooKinds.Upstream, glooObject(glooKinds.Upstream, glooNamespace, "my-us", {}));
    const pod = (await east.list<KubeObject>(core.pods, { namespace: glooNamespace, labelSelector: "gloo=gloo" })).items[0];
    await east.updateStatus(core.pods, { ...pod, status: crashLoopPodStatus("gloo", "quay.io/solo-io/gloo:1.17.0", 3) });
    await eventually(() =>
      expect(findings(cluster).sort()).toEqual(
        [
          `pods: Pod ${pod.metadata.name} in namespace ${glooNamespace} is in CrashLoopBackOff: container gloo restarted 3 times (last exit: Error, code 1)`,
          `upstreams: Found rejected upstream by '${glooNamespace}': ${glooNamespace} my-us (Reason: upstream type not specified: set one of kube, static, pipe, aws, azure, consul, awsEc2, gcp)`,
        ].sort(),
      ),
      { timeoutMs: 20_000 },
    );
    await eventually(async () => {
      const gi = await admin.get<KubeObject>(glooInstanceType, fedNamespace, instanceName(cluster));
      expect(gi.spec.check.pods.errors).toHaveLength(1);
      expect(gi.spec.check.upstreams.errors).toHaveLength(1);
    });
    const us = await east.get<KubeObject>(glooKinds.Upstream, glooNamespace, "my-us");
    await east.update(glooKinds.Upstream, { ...us, spec: { static: { hosts: [{ addr: "10.1.2.3", port: 80 }] } } });
    const crashed = await east.get<KubeObject>(core.pods, glooNamespace, pod.metadata.name);
    await east.updateStatus(core.pods, { ...crashed, status: runningPodStatus("gloo", "quay.io/solo-io/gloo:1.17.0") });
    await eventually(() => expect(findings(cluster)).toEqual([]), { timeoutMs: 20_000 });
    await eventually(async () => {
      const gi = await admin.get<KubeObject>(glooInstanceType, fedNamespace, instanceName(cluster));
      expect(gi.spec.check.pods.errors).toEqual([]);
      expect(gi.spec.check.upstreams).toEqual({ total: expect.any(Number), errors: [], warnings: [] });
    });
    // The other cluster never noticed.
    expect(findings(names[1])).toEqual([]);
  });
});
