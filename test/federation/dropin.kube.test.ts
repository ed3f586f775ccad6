import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/app/logger.js";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import type { KubeObject } from "../../src/cluster/object.js";
import { core } from "../../src/cluster/resource-type.js";
import { kubernetesClusterType } from "../../src/clusters/kinds.js";
import type { KubernetesClusterObject } from "../../src/clusters/records.js";
import { adminObjects, CLUSTER_ROLE_NAME, clusterRoleBindingName, clusterRoleRules, rbac, serviceAccountKubeconfig } from "../../src/clusters/registration-objects.js";
import { remoteTargetFromKubeconfig } from "../../src/clusters/registration-remote.js";
import { startControlPlanes, type ControlPlanes } from "../../src/controlplane/harness.js";
import { federatedKindByName } from "../../src/federation/kinds.js";
import type { FederatedObject } from "../../src/federation/resource.js";
import { glooKinds } from "../../src/gloo/kinds.js";
import { sharedControlPlanes } from "../support/controlplanes.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";
import { runCli, type CliResult } from "../cli/run-cli.js";
import { federatedCrds, glooFederationAdminCrds, glooUpstreamCrd } from "../support/gloo-federation-crds.js";

const NS = "gloo-system";
const GLOO_FED_POD = "gloo-fed-7d9f6c5b8-x2x9z";
const MISSING = ["FederatedMatchableTcpGateway", "FederatedRateLimitConfig"];
const fedUpstream = federatedKindByName("FederatedUpstream")!;
const spec = { static: { hosts: [{ addr: "solo.io", port: 80 }] } };
const crdType = { group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition", plural: "customresourcedefinitions", namespaced: false };

/**
 * A Gloo Federation 1.15 admin cluster, as its users have it: only Gloo Federation's CRDs (two of the federated ones
 * missing), Gloo's pruning Upstream CRD, the admin cluster registered by hand as `local` with glooctl's ClusterRole
 * (no namespace rights), a FederatedUpstream with Gloo Federation's status and the Upstream it placed. Its own
 * control plane: CRDs are cluster-wide, and the shared ones hold fedplane's.
 */
const shared = sharedControlPlanes();
describe.runIf(shared !== undefined)("fedplane on a Gloo Federation admin cluster (real kube-apiserver)", () => {
  let planes: ControlPlanes;
  let client: KubernetesClusterClient;
  let fedplane: TestFedplane;
  const lines: string[] = [];
  let placedBefore: KubeObject;
  let migrateCheck: CliResult;

  beforeAll(async () => {
    planes = await startControlPlanes({ names: ["gloo-fed-admin"], crds: [...glooFederationAdminCrds().filter((c) => !MISSING.some((k) => JSON.stringify(c).includes(`"kind":"${k}"`))), glooUpstreamCrd()], log: () => {} });
    const path = planes.admin.kubeconfigPath;
    client = KubernetesClusterClient.fromFile("gloo-fed-admin", path);
    await client.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });

    // Registered by hand, as Gloo Federation's docs do for the admin cluster: glooctl's ClusterRole and nothing more.
    await client.create(core.serviceAccounts, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "local", namespace: NS } });
    await client.create(rbac.clusterRoles, { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: CLUSTER_ROLE_NAME }, rules: clusterRoleRules });
    await client.create(rbac.clusterRoleBindings, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: clusterRoleBindingName("local") },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: CLUSTER_ROLE_NAME },
      subjects: [{ kind: "ServiceAccount", name: "local", namespace: NS }],
    });
    const target = remoteTargetFromKubeconfig("local", { kubeconfigPath: path });
    const { token } = await target.requestToken(NS, "local", 3600);
    await target.client.close();
    const [secret, record] = adminObjects({ cluster: "local", federationNamespace: NS, kubeconfig: serviceAccountKubeconfig("local", target.endpoint, token) });
    await client.create(secret.type, secret.object);
    const kc = await client.create<KubernetesClusterObject>(kubernetesClusterType, { ...record.object, metadata: { name: "local", namespace: NS } });
    // Gloo Federation's own status entry, in its types.
    await client.updateStatus(kubernetesClusterType, { ...kc, status: { namespace: NS, status: [{ state: "ACCEPTED", observedGeneration: 1, processingTime: "2024-05-01T10:00:00Z", owner: GLOO_FED_POD }] } });

    const owner = `${NS}.my-federated-upstream`;
    placedBefore = await client.create(glooKinds.Upstream, {
      apiVersion: "gloo.solo.io/v1",
      kind: "Upstream",
      metadata: { name: "i-was-federated", namespace: NS, labels: { "fed.solo.io/owner": owner }, annotations: { "fed.solo.io/owner": owner } },
      spec,
    });
    const fed = await client.create<FederatedObject>(fedUpstream.type, {
      apiVersion: "fed.gloo.solo.io/v1",
      kind: "FederatedUpstream",
      metadata: { name: "my-federated-upstream", namespace: NS, finalizers: ["fed.solo.io/finalizer"] },
      spec: { placement: { clusters: ["local"], namespaces: [NS] }, template: { metadata: { name: "i-was-federated" }, spec } },
    });
    await client.updateStatus(fedUpstream.type, {
      ...fed,
      status: { namespacedPlacementStatuses: { [NS]: { clusters: { local: { namespaces: { [NS]: { state: "PLACED" } } } }, observedGeneration: "1", state: "PLACED", writtenBy: GLOO_FED_POD } } },
    });

    // Before fedplane ever ran: what it will find and do (read-only; the adoption test below sees no write).
    migrateCheck = await runCli(["migrate", "check", "--kubeconfig", path]);

    fedplane = await startTestFedplane({ kubeconfig: path, logger: createLogger({ level: "info", format: "json", write: (l) => lines.push(l) }) });
  }, 300_000);

  afterAll(async () => {
    await fedplane?.stop();
    await client?.close();
    await planes?.stop();
  });

  it("migrate check says what fedplane will find and do, writing nothing", () => {
    const out = migrateCheck.stdout;
    expect(out).toContain("CRD federatedmatchabletcpgateways.fed.gateway.solo.io is missing");
    expect(out).toContain("CRD federatedupstreams.fed.gloo.solo.io is fine as installed");
    expect(out).toContain("cluster local: used as registered (Secret local), reachable");
    expect(out).toContain("a KubernetesCluster named local exists: it is used as it is");
    expect(out).toContain(`FederatedUpstream ${NS}/my-federated-upstream: 1 destination(s); status written by ${GLOO_FED_POD}`);
    expect(out).toContain(`FederatedUpstream ${NS}/my-federated-upstream -> cluster local, Upstream ${NS}/i-was-federated: adopted in place, no write (content matches)`);
    expect(out).toContain("Nothing was written.");
  });

  it("serves, naming each missing CRD once at start, in /readyz, serverInfo and check", async () => {
    for (const kind of MISSING) {
      const crd = `${kind.toLowerCase()}s.${federatedKindByName(kind)!.type.group}`;
      expect(lines.filter((l) => l.includes(`CRD ${crd} is not installed`)), crd).toHaveLength(1);
    }
    const readyz = await (await fetch(new URL("/readyz?verbose", fedplane.app.url))).json();
    expect(readyz).toMatchObject({ status: "ready" });
    expect(readyz.missingCrds).toEqual(["federatedmatchabletcpgateways.fed.gateway.solo.io (FederatedMatchableTcpGateway)", "federatedratelimitconfigs.fed.ratelimit.solo.io (FederatedRateLimitConfig)"]);
    const { serverInfo } = await fedplane.client.serverInfo();
    expect(serverInfo.missingCrds.map((m) => m.kind)).toEqual(MISSING);
    const { check } = await fedplane.client.check({ clusters: ["local"] });
    const crds = check.clusters[0].items.find((i) => i.key === "federated-crds")!;
    expect(crds.warnings.map((w) => w.ref.name)).toEqual(["federatedmatchabletcpgateways.fed.gateway.solo.io", "federatedratelimitconfigs.fed.ratelimit.solo.io"]);
  });

  it("uses the hand-made `local` registration as it is and writes its status in Gloo Federation's types", async () => {
    const local = fedplane.app.services.clusters.get("local")!;
    expect(local.local).toBe(false);
    await eventually(async () => {
      const kc = await client.get<KubernetesClusterObject>(kubernetesClusterType, NS, "local");
      const mine = kc.status?.status?.find((s) => s.owner === fedplane.app.federation.reconciler.writtenBy);
      expect(mine).toMatchObject({ state: "ACCEPTED", observedGeneration: 1 });
      expect(typeof mine!.observedGeneration).toBe("number");
      expect(kc.status?.status?.find((s) => s.owner === GLOO_FED_POD)).toBeDefined(); // Gloo Federation's entry kept
      expect(kc.status?.namespace).toBe(NS);
      // What the ServiceAccount's credentials grant: glooctl's ClusterRole (and what every authenticated user may do).
      expect(kc.status?.policyRules).toContainEqual(expect.objectContaining({ apiGroups: expect.arrayContaining(["gloo.solo.io"]), verbs: ["*"] }));
    }, { timeoutMs: 30_000 });
  });

  it("adopts the Upstream Gloo Federation placed without writing it", async () => {
    const writtenBy = fedplane.app.federation.reconciler.writtenBy;
    await eventually(async () => {
      const fed = await client.get<FederatedObject>(fedUpstream.type, NS, "my-federated-upstream");
      expect(fed.status?.placementStatus).toMatchObject({ state: "PLACED", writtenBy });
    }, { timeoutMs: 30_000 });
    const after = await client.get<KubeObject>(glooKinds.Upstream, NS, "i-was-federated");
    expect(after.metadata.uid).toBe(placedBefore.metadata.uid);
    expect(after.metadata.resourceVersion).toBe(placedBefore.metadata.resourceVersion);
  });

  it("writes a proto (snake_case) field name in lowerCamel and reports a field the member's CRD drops, at apply and in status", async () => {
    const manifest = JSON.stringify({
      apiVersion: "fed.gloo.solo.io/v1",
      kind: "FederatedUpstream",
      metadata: { name: "tls-upstream", namespace: NS },
      spec: {
        placement: { clusters: ["local"], namespaces: [NS] },
        template: { metadata: { name: "tls-upstream" }, spec: { static: { hosts: [{ addr: "solo.io", port: 443 }], use_tls: true, frobnicate: 1 } } },
      },
    });
    const { applyManifest } = await fedplane.client.applyManifest({ manifest, dryRun: true });
    expect(applyManifest.resources[0].warnings).toEqual([
      `cluster local, upstream ${NS}/tls-upstream: unknown field "spec.static.frobnicate" would be dropped (the cluster's Upstream CRD does not know it)`,
      `cluster local, upstream ${NS}/tls-upstream: spec.static.use_tls -> spec.static.useTls (proto field name written in lowerCamel, as the cluster's CRD knows it)`,
    ]);
    await expect(client.get(glooKinds.Upstream, NS, "tls-upstream")).rejects.toMatchObject({ reason: "NotFound" }); // a dry run

    const applied = await fedplane.client.applyManifest({ manifest });
    expect(applied.applyManifest.resources[0].warnings.join("\n")).toContain('unknown field "spec.static.frobnicate"');
    await eventually(async () => {
      const fed = await client.get<FederatedObject>(fedUpstream.type, NS, "tls-upstream");
      expect(fed.status?.placementStatus?.state).toBe("PLACED");
      const message = fed.status?.placementStatus?.clusters?.local?.namespaces?.[NS]?.message ?? "";
      expect(message).toContain('cluster local does not know field spec.static.frobnicate of upstream');
    }, { timeoutMs: 30_000 });
    const placed = await client.get<KubeObject>(glooKinds.Upstream, NS, "tls-upstream");
    expect(placed.spec).toEqual({ static: { hosts: [{ addr: "solo.io", port: 443 }], useTls: true } });
  });

  it("refuses a kind whose CRD is missing with a clear error, and picks the CRD up when it is installed", async () => {
    const manifest = JSON.stringify({
      apiVersion: "fed.gateway.solo.io/v1",
      kind: "FederatedMatchableTcpGateway",
      metadata: { name: "tcp", namespace: NS },
      spec: { placement: { clusters: ["local"], namespaces: [NS] }, template: { metadata: { name: "tcp" }, spec: {} } },
    });
    const refused = await fedplane.client.applyManifest({ manifest }).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(String((refused as Error).message)).toContain("federatedmatchabletcpgateways.fed.gateway.solo.io is not installed on the admin cluster");

    await client.create(crdType, federatedCrds(["FederatedMatchableTcpGateway"])[0] as never);
    await eventually(async () => expect((await fedplane.client.serverInfo()).serverInfo.missingCrds.map((m) => m.kind)).toEqual(["FederatedRateLimitConfig"]), { timeoutMs: 60_000, intervalMs: 500 });
    await eventually(() => expect(lines.some((l) => l.includes("CRD federatedmatchabletcpgateways.fed.gateway.solo.io is installed now"))).toBe(true), { timeoutMs: 10_000 });
    const { applyManifest } = await fedplane.client.applyManifest({ manifest });
    expect(applyManifest.resources[0].action).toBe("CREATED");
  });
});
