import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse } from "yaml";
import type { ClusterClient } from "../../src/cluster/client.js";
import { ApiError } from "../../src/cluster/errors.js";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { core, type ResourceType } from "../../src/cluster/resource-type.js";
import { connectCluster } from "../../src/clusters/connector.js";
import { kubernetesClusterType } from "../../src/clusters/kinds.js";
import { deregisterCluster, registerCluster } from "../../src/clusters/registration.js";
import { CLUSTER_ROLE_NAME, clusterRoleRules, rbac, REGISTERED_CLUSTER_LABEL } from "../../src/clusters/registration-objects.js";
import { remoteTargetFromKubeconfig } from "../../src/clusters/registration-remote.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { describeWithControlPlanes } from "../support/controlplanes.js";
import { eventually } from "../support/eventually.js";

const suffix = () => randomBytes(3).toString("hex");

describeWithControlPlanes("cluster registration against real API servers", (planes) => {
  let admin: ClusterClient;
  let remote: ClusterClient;
  const fedNamespace = `fed-${suffix()}`;
  const remoteNamespace = `gloo-${suffix()}`;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    admin = KubernetesClusterClient.fromFile("admin", planes.admin.kubeconfigPath);
    remote = KubernetesClusterClient.fromFile("remote", planes.workloads[0].kubeconfigPath);
    await admin.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: fedNamespace } });
    await remote.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: remoteNamespace } });
  });

  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    await admin?.delete(core.namespaces, undefined, fedNamespace).catch(() => undefined);
    await remote?.delete(core.namespaces, undefined, remoteNamespace).catch(() => undefined);
    await admin?.close();
    await remote?.close();
  });

  /**
   * Everything registration labels for this cluster, on one API server, as "Kind namespace/name". Retried: right after
   * the control planes start, lists of fresh CRDs can answer "storage is (re)initializing" for a moment.
   */
  const labelled = (client: ClusterClient, cluster: string) => eventually(() => labelledOnce(client, cluster));
  async function labelledOnce(client: ClusterClient, cluster: string): Promise<string[]> {
    const types: ResourceType[] = [core.serviceAccounts, core.secrets, rbac.clusterRoleBindings, rbac.roleBindings, kubernetesClusterType];
    const found: string[] = [];
    for (const type of types) {
      const list = await client.list(type, { labelSelector: `${REGISTERED_CLUSTER_LABEL}=${cluster}` });
      for (const o of list.items) found.push(`${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`);
    }
    return found.sort();
  }

  it("creates exactly glooctl's objects, and the kubeconfig Secret holds a ServiceAccount token, not admin credentials", async () => {
    const cluster = `east-${suffix()}`;
    const target = remoteTargetFromKubeconfig(cluster, { kubeconfigPath: planes.workloads[0].kubeconfigPath });
    cleanup.push(() => deregisterCluster(admin, remote, { cluster, remoteNamespace, federationNamespace: fedNamespace }), () => target.client.close());
    const steps: string[] = [];
    const result = await registerCluster(admin, target, {
      cluster,
      remoteNamespace,
      federationNamespace: fedNamespace,
      clusterLabels: { region: "us-east" },
      tokenWaitMs: 200,
      onProgress: (s) => steps.push(s),
    });
    // No kube-controller-manager runs in the test control planes, so the token came from the TokenRequest API.
    expect(result.tokenSource).toBe("token-request");
    expect(Date.parse(result.tokenExpiresAt!)).toBeGreaterThan(Date.now());
    expect(steps.some((s) => s.includes("TokenRequest"))).toBe(true);

    // glooctl's names: its ClusterRole, its binding name, its Role with get on services/proxy; then fedplane's own.
    expect(await labelled(remote, cluster)).toEqual(
      [
        `ClusterRoleBinding ${cluster}-gloo-federation-controller-clusterrole-binding`,
        `ClusterRoleBinding ${cluster}-fedplane-namespaces-clusterrole-binding`,
        `RoleBinding ${remoteNamespace}/${cluster}-gloo-federation-controller-role-binding`,
        `Secret ${remoteNamespace}/${cluster}-secret`,
        `ServiceAccount ${remoteNamespace}/${cluster}`,
      ].sort(),
    );
    expect(await labelled(admin, cluster)).toEqual([`KubernetesCluster ${fedNamespace}/${cluster}`, `Secret ${fedNamespace}/${cluster}`].sort());

    const tokenSecret = await remote.get<KubeObject>(core.secrets, remoteNamespace, `${cluster}-secret`);
    expect(tokenSecret.type).toBe("kubernetes.io/service-account-token");
    expect(tokenSecret.metadata.annotations?.["kubernetes.io/service-account.name"]).toBe(cluster);
    const role = await remote.get<KubeObject>(rbac.clusterRoles, undefined, CLUSTER_ROLE_NAME);
    expect(role.rules).toEqual(clusterRoleRules);
    expect(role.rules).toContainEqual(expect.objectContaining({ apiGroups: expect.arrayContaining(["graphql.gloo.solo.io"]) }));
    expect(JSON.stringify(role.rules)).not.toContain("namespaces");
    const proxyRole = await remote.get<KubeObject>(rbac.roles, remoteNamespace, CLUSTER_ROLE_NAME);
    expect(proxyRole.rules).toEqual([{ apiGroups: [""], resources: ["services/proxy"], verbs: ["get"] }]);
    const binding = await remote.get<KubeObject>(rbac.clusterRoleBindings, undefined, `${cluster}-gloo-federation-controller-clusterrole-binding`);
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: cluster, namespace: remoteNamespace }]);

    const secret = await admin.get<KubeObject>(core.secrets, fedNamespace, cluster);
    expect(secret.type).toBe("solo.io/kubeconfig");
    const kubeconfig = Buffer.from((secret.data as Record<string, string>).kubeconfig, "base64").toString();
    expect(kubeconfig).toBe(result.kubeconfig);
    const doc = parse(kubeconfig);
    expect(doc.clusters[0].cluster.server).toBe(planes.workloads[0].server);
    expect(doc.clusters[0].cluster["certificate-authority-data"]).toBeTruthy();
    expect(Object.keys(doc.users[0].user)).toEqual(["token"]);
    const kc = await admin.get<KubeObject>(kubernetesClusterType, fedNamespace, cluster);
    expect(kc.spec).toEqual({ secretName: cluster, clusterDomain: "cluster.local" });
    expect(kc.metadata.labels?.region).toBe("us-east");

    // What fedplane can do with it: Gloo kinds yes, anything else no, with the API server's own reason.
    const asFedplane = connectCluster(cluster, kubeconfig);
    cleanup.push(() => asFedplane.close());
    await asFedplane.list(glooKinds.Upstream);
    const upstream = await asFedplane.create<KubeObject>(glooKinds.Upstream, {
      apiVersion: "gloo.solo.io/v1",
      kind: "Upstream",
      metadata: { name: "reachable", namespace: remoteNamespace },
      spec: { static: { hosts: [{ addr: "1.2.3.4", port: 80 }] } },
    });
    expect(upstream.metadata.uid).toBeTruthy();
    const forbidden = await asFedplane
      .create(core.configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "nope", namespace: remoteNamespace } })
      .catch((e) => e);
    expect(forbidden).toBeInstanceOf(ApiError);
    expect(forbidden.reason).toBe("Forbidden");
    expect(forbidden.message).toContain(`system:serviceaccount:${remoteNamespace}:${cluster}`);
    await expect(asFedplane.list(core.secrets)).rejects.toMatchObject({ reason: "Forbidden" });
    await remote.delete(glooKinds.Upstream, remoteNamespace, "reachable");

    const removed = await deregisterCluster(admin, remote, { cluster, remoteNamespace, federationNamespace: fedNamespace });
    expect(removed).toEqual(
      expect.arrayContaining([
        `KubernetesCluster ${fedNamespace}/${cluster}`,
        `Secret ${fedNamespace}/${cluster}`,
        `ClusterRoleBinding ${cluster}-gloo-federation-controller-clusterrole-binding`,
        `RoleBinding ${remoteNamespace}/${cluster}-gloo-federation-controller-role-binding`,
        `Secret ${remoteNamespace}/${cluster}-secret`,
        `ServiceAccount ${remoteNamespace}/${cluster}`,
      ]),
    );
    expect(await labelled(remote, cluster)).toEqual([]);
    expect(await labelled(admin, cluster)).toEqual([]);
    const otherBindings = (await remote.list(rbac.clusterRoleBindings)).items.filter((b) => (b as any).roleRef?.name === CLUSTER_ROLE_NAME);
    if (otherBindings.length === 0) {
      await expect(remote.get(rbac.clusterRoles, undefined, CLUSTER_ROLE_NAME)).rejects.toMatchObject({ reason: "NotFound" });
    }
  });

  it("refuses bad input before writing anything", async () => {
    const cluster = `west-${suffix()}`;
    const target = remoteTargetFromKubeconfig(cluster, { kubeconfigPath: planes.workloads[1].kubeconfigPath });
    cleanup.push(() => target.client.close());
    await expect(registerCluster(admin, target, { cluster: "Not_A_Name", remoteNamespace, federationNamespace: fedNamespace })).rejects.toThrow(
      /cluster name "Not_A_Name": must be a DNS label/,
    );
    await expect(registerCluster(admin, target, { cluster, remoteNamespace: "missing-ns", federationNamespace: fedNamespace })).rejects.toThrow(
      /namespace missing-ns does not exist in the cluster to register/,
    );
    // The admin half fails (no such federation namespace): the remote half is taken back.
    const otherRemote = KubernetesClusterClient.fromFile("remote2", planes.workloads[1].kubeconfigPath);
    cleanup.push(() => otherRemote.close());
    await otherRemote.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: remoteNamespace } }).catch(() => undefined);
    cleanup.push(() => otherRemote.delete(core.namespaces, undefined, remoteNamespace));
    await expect(
      registerCluster(admin, target, { cluster, remoteNamespace, federationNamespace: "no-such-namespace", tokenWaitMs: 0 }),
    ).rejects.toThrow(/namespace no-such-namespace does not exist in the admin cluster/);
    expect(await labelled(otherRemote, cluster)).toEqual([]);
  });
});
