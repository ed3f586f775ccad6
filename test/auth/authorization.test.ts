import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rbacTypes } from "../../src/auth/rbac.js";
import { core } from "../../src/cluster/resource-type.js";
import { createFedplaneClient, FedplaneRequestError, type FedplaneClient } from "../../src/sdk/client.js";
import { eventually } from "../support/eventually.js";
import { collect, startTestFedplane, type TestFedplane } from "../support/fedplane.js";

/**
 * Authorization is the embedded admin cluster's Kubernetes RBAC, applied like any manifest: each promise below is
 * something a user with given Roles and bindings would notice.
 */

const upstream = (namespace: string, name: string) => `
apiVersion: fed.gloo.solo.io/v1
kind: FederatedUpstream
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  placement: { clusters: [local], namespaces: [gloo-system] }
  template:
    metadata: { name: ${name} }
    spec: { static: { hosts: [{ addr: solo.io, port: 80 }] } }
`;

const rbac = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: upstream-editor, namespace: team-a }
rules:
  - { apiGroups: [fed.gloo.solo.io], resources: [federatedupstreams], verbs: [get, list, watch, create, update, delete] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: alice-edits-upstreams, namespace: team-a }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: upstream-editor }
subjects: [{ kind: User, name: alice }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: federation-viewer }
rules:
  - { apiGroups: [fed.gloo.solo.io], resources: ["*"], verbs: [get, list, watch] }
  - { apiGroups: [multicluster.solo.io], resources: [kubernetesclusters], verbs: [get, list, watch] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: viewers }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: federation-viewer }
subjects: [{ kind: Group, name: viewers }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: alice-views-team-c, namespace: team-c }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: federation-viewer }
subjects: [{ kind: User, name: alice }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: deployer, namespace: team-b }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer }
subjects: [{ kind: ServiceAccount, name: deployer }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: deployer, namespace: team-b }
rules:
  - { apiGroups: [fed.gloo.solo.io], resources: [federatedupstreams], verbs: [get, create, update] }
`;

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e) => e as FedplaneRequestError);

describe("authorization: the admin cluster's RBAC decides, for every operation", () => {
  let fp: TestFedplane;
  let dir: string;
  const clients: Record<string, FedplaneClient> = {};
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fedplane-rbac-"));
    const tokens = join(dir, "tokens.csv");
    writeFileSync(
      tokens,
      ["alice-token,alice,u-alice", "bob-token,bob,u-bob", 'carol-token,carol,u-carol,"viewers"', "sa-token,system:serviceaccount:team-b:deployer,u-sa"].join("\n"),
    );
    fp = await startTestFedplane({ embeddedClusters: 0, tokenAuthFile: tokens });
    for (const ns of ["team-a", "team-b", "team-c"]) await fp.app.backend.admin.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    const applied = await fp.client.applyManifest({ manifest: rbac });
    expect(applied.applyManifest.rbacObjects.map((o) => `${o.kind} ${o.namespace ?? "-"}/${o.name} ${o.action}`)).toEqual([
      "Role team-a/upstream-editor CREATED",
      "RoleBinding team-a/alice-edits-upstreams CREATED",
      "ClusterRole -/federation-viewer CREATED",
      "ClusterRoleBinding -/viewers CREATED",
      "RoleBinding team-c/alice-views-team-c CREATED",
      "RoleBinding team-b/deployer CREATED",
      "Role team-b/deployer CREATED",
    ]);
    await fp.client.applyManifest({ manifest: [upstream("team-b", "b-upstream"), upstream("team-c", "c-upstream")].join("---\n") });
    for (const user of ["alice", "bob", "carol", "sa"]) clients[user] = createFedplaneClient({ url: fp.app.url, token: `${user}-token` });
  });
  afterAll(async () => {
    for (const c of Object.values(clients)) await c.close();
    await fp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a write the caller has no RBAC for with FORBIDDEN (HTTP 403) in kubectl's words, and writes nothing", async () => {
    const refused = await failure(clients.bob.applyManifest({ manifest: upstream("team-a", "bobs") }));
    expect([refused?.status, refused?.code]).toEqual([403, "FORBIDDEN"]);
    expect(refused?.message).toBe(
      'federatedupstreams.fed.gloo.solo.io "bobs" is forbidden: User "bob" cannot create resource "federatedupstreams" in API group "fed.gloo.solo.io" in the namespace "team-a"',
    );
    const dry = await failure(clients.bob.applyManifest({ manifest: upstream("team-a", "bobs"), dryRun: true }));
    expect(dry?.code).toBe("FORBIDDEN");
    expect((await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: "team-a", name: "bobs" })).federatedResource).toBeNull();
  });

  it("lets a Role bound to a user write in its namespace only", async () => {
    const { applyManifest } = await clients.alice.applyManifest({ manifest: upstream("team-a", "alices") });
    expect(applyManifest.resources[0].action).toBe("CREATED");
    const elsewhere = await failure(clients.alice.applyManifest({ manifest: upstream("team-b", "alices") }));
    expect(elsewhere?.message).toContain('User "alice" cannot create resource "federatedupstreams" in API group "fed.gloo.solo.io" in the namespace "team-b"');
    // a whole manifest is refused when any document is: nothing of it is written
    const mixed = await failure(clients.alice.applyManifest({ manifest: [upstream("team-a", "alices-2"), upstream("team-b", "alices-3")].join("---\n") }));
    expect(mixed?.code).toBe("FORBIDDEN");
    expect((await fp.client.federatedResource({ kind: "FederatedUpstream", namespace: "team-a", name: "alices-2" })).federatedResource).toBeNull();
    const del = await failure(clients.alice.deleteFederatedResource({ kind: "FederatedUpstream", namespace: "team-b", name: "b-upstream" }));
    expect(del?.message).toContain('cannot delete resource "federatedupstreams" in API group "fed.gloo.solo.io" in the namespace "team-b"');
  });

  it("filters lists to what the caller may list, and refuses a get of anything else", async () => {
    const names = async (c: FedplaneClient) => (await c.federatedResources({})).federatedResources.nodes.map((n) => `${n.metadata.namespace}/${n.metadata.name}`).sort();
    expect(await names(clients.alice)).toEqual(["team-a/alices", "team-c/c-upstream"]);
    expect(await names(clients.bob)).toEqual([]);
    expect(await names(clients.carol)).toEqual(["team-a/alices", "team-b/b-upstream", "team-c/c-upstream"]);
    expect((await failure(clients.alice.federatedResource({ kind: "FederatedUpstream", namespace: "team-b", name: "b-upstream" })))?.code).toBe("FORBIDDEN");
    expect((await clients.bob.clusters()).clusters).toEqual([]);
    expect((await clients.carol.clusters()).clusters.map((c) => c.name)).toEqual(["local"]);
  });

  it("binds ServiceAccounts as system:serviceaccount:<namespace>:<name> (namespace defaulting to the binding's)", async () => {
    expect((await clients.sa.applyManifest({ manifest: upstream("team-b", "deployed") })).applyManifest.resources[0].action).toBe("CREATED");
    expect((await failure(clients.sa.applyManifest({ manifest: upstream("team-a", "deployed") })))?.code).toBe("FORBIDDEN");
  });

  it("guards cluster registration as writes of KubernetesClusters and Secrets in the federation namespace", async () => {
    const register = await failure(clients.carol.registerCluster({ input: { name: "sneaky" } }));
    expect(register?.message).toBe(
      'kubernetesclusters.multicluster.solo.io "sneaky" is forbidden: User "carol" cannot create resource "kubernetesclusters" in API group "multicluster.solo.io" in the namespace "gloo-system"',
    );
    const deregister = await failure(clients.alice.deregisterCluster({ name: "local" }));
    expect(deregister?.code).toBe("FORBIDDEN");
  });

  it("refuses RBAC objects from a caller who could not have written them in Kubernetes (no escalation)", async () => {
    const selfGrant = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: alice-is-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: federation-viewer }
subjects: [{ kind: User, name: alice }]
`;
    const refused = await failure(clients.alice.applyManifest({ manifest: selfGrant }));
    expect(refused?.message).toContain('User "alice" cannot create resource "clusterrolebindings" in API group "rbac.authorization.k8s.io" at the cluster scope');
  });

  it("checks subscriptions at subscribe and filters every event for the caller", async () => {
    const refused = collect(clients.bob.federatedResourceChanged({ kind: "FederatedUpstream", namespace: "team-a" }));
    await eventually(() => expect(refused.error()).toBeInstanceOf(FedplaneRequestError));
    expect((refused.error() as FedplaneRequestError).code).toBe("FORBIDDEN");
    await refused.stop();

    const seen = collect(clients.alice.federatedResourceChanged({}));
    await eventually(() => expect(seen.items.length).toBe(2)); // ADDED for team-a/alices and team-c/c-upstream
    await fp.client.applyManifest({ manifest: upstream("team-b", "b-later") });
    await fp.client.applyManifest({ manifest: upstream("team-a", "a-later") });
    await eventually(() => expect(seen.items.map((e) => e.federatedResourceChanged.resource.metadata.name)).toContain("a-later"));
    expect(seen.items.map((e) => e.federatedResourceChanged.resource.metadata.namespace)).not.toContain("team-b");

    // Revoked: alice's team-a binding goes; her next team-a event is never delivered, her team-c one is.
    await fp.app.backend.admin.delete(rbacTypes.RoleBinding, "team-a", "alice-edits-upstreams");
    await eventually(async () => expect((await failure(clients.alice.federatedResource({ kind: "FederatedUpstream", namespace: "team-a", name: "alices" })))?.code).toBe("FORBIDDEN"));
    const before = seen.items.length;
    await fp.client.deleteFederatedResource({ kind: "FederatedUpstream", namespace: "team-a", name: "a-later" });
    await fp.client.applyManifest({ manifest: upstream("team-c", "c-later") });
    await eventually(() => expect(seen.items.map((e) => e.federatedResourceChanged.resource.metadata.name)).toContain("c-later"));
    expect(seen.items.slice(before).map((e) => e.federatedResourceChanged.resource.metadata.namespace)).not.toContain("team-a");
    await seen.stop();
  });
});
