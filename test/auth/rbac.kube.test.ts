import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ResourceAttributes } from "../../src/auth/attributes.js";
import { authenticatedIdentity, type Identity } from "../../src/auth/identity.js";
import { evaluateRbac, rbacTypes, type BindingObject, type RbacObjects, type RoleObject } from "../../src/auth/rbac.js";
import { SubjectAccessReviewAuthorizer } from "../../src/auth/subject-access-review.js";
import type { ClusterClient } from "../../src/cluster/client.js";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import { core as coreTypes } from "../../src/cluster/resource-type.js";
import { remoteTargetFromKubeconfig } from "../../src/clusters/registration-remote.js";
import { createFedplaneClient, FedplaneRequestError } from "../../src/sdk/client.js";
import { describeWithControlPlanes } from "../support/controlplanes.js";
import { eventually } from "../support/eventually.js";
import { startTestFedplane, type TestFedplane } from "../support/fedplane.js";

const core = { ...coreTypes, events: { group: "", version: "v1", kind: "Event", plural: "events", namespaced: true } } as const;

/**
 * The embedded RBAC evaluator against the real thing: the same RBAC objects on a real kube-apiserver, the same
 * questions to its SubjectAccessReview and to evaluateRbac, the same answers. Then fedplane --kubeconfig end to end:
 * a ServiceAccount token verified by TokenReview, its rights decided by SubjectAccessReview.
 */
describeWithControlPlanes("RBAC: the embedded evaluator answers as a real kube-apiserver does", (planes) => {
  const id = randomBytes(3).toString("hex");
  const nsA = `rbac-a-${id}`;
  const nsB = `rbac-b-${id}`;
  const name = (n: string) => `${n}-${id}`;
  let admin: ClusterClient;

  const roles: RoleObject[] = [
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "upstream-editor", namespace: nsA }, rules: [{ apiGroups: ["fed.gloo.solo.io"], resources: ["federatedupstreams"], verbs: ["get", "list", "watch", "create", "update", "delete"] }] },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "named-only", namespace: nsB }, rules: [{ apiGroups: ["fed.gloo.solo.io"], resources: ["federatedvirtualservices"], resourceNames: ["web"], verbs: ["get", "update"] }] },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: name("fed-viewer") }, rules: [{ apiGroups: ["fed.gloo.solo.io"], resources: ["*"], verbs: ["get", "list", "watch"] }] },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: name("anything-fed") }, rules: [{ apiGroups: ["*"], resources: ["federatedupstreams"], verbs: ["*"] }] },
  ];
  const bindings: BindingObject[] = [
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "alice", namespace: nsA }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "upstream-editor" }, subjects: [{ kind: "User", name: name("alice"), apiGroup: "rbac.authorization.k8s.io" }] },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "named", namespace: nsB }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "named-only" }, subjects: [{ kind: "Group", name: name("web-team"), apiGroup: "rbac.authorization.k8s.io" }] },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "viewer-in-b", namespace: nsB }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: name("fed-viewer") }, subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: nsA }] },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: name("viewers") }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: name("fed-viewer") }, subjects: [{ kind: "Group", name: name("viewers"), apiGroup: "rbac.authorization.k8s.io" }] },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: { name: name("ops") }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: name("anything-fed") }, subjects: [{ kind: "User", name: name("ops") , apiGroup: "rbac.authorization.k8s.io"}] },
  ];
  const typeOf = (o: { kind: string }) => rbacTypes[o.kind as keyof typeof rbacTypes];

  beforeAll(async () => {
    admin = KubernetesClusterClient.fromFile("admin", planes.admin.kubeconfigPath);
    for (const ns of [nsA, nsB]) await admin.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    await admin.create(core.serviceAccounts, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "deployer", namespace: nsA } });
    for (const o of [...roles, ...bindings]) await admin.create(typeOf(o), o);
  }, 60_000);

  afterAll(async () => {
    for (const o of [...roles, ...bindings].filter((x) => !x.metadata.namespace)) await admin?.delete(typeOf(o), undefined, o.metadata.name).catch(() => undefined);
    for (const ns of [nsA, nsB]) await admin?.delete(core.namespaces, undefined, ns).catch(() => undefined);
    await admin?.close();
  });

  it("gives the same answer as SubjectAccessReview to every question", async () => {
    const objects: RbacObjects = {
      role: (ns, n) => roles.find((r) => r.kind === "Role" && r.metadata.namespace === ns && r.metadata.name === n),
      clusterRole: (n) => roles.find((r) => r.kind === "ClusterRole" && r.metadata.name === n),
      roleBindings: (ns) => bindings.filter((b) => b.kind === "RoleBinding" && b.metadata.namespace === ns),
      clusterRoleBindings: () => bindings.filter((b) => b.kind === "ClusterRoleBinding"),
    };
    const who: Identity[] = [
      authenticatedIdentity(name("alice"), []),
      authenticatedIdentity(name("bob"), []),
      authenticatedIdentity(name("carol"), [name("viewers")]),
      authenticatedIdentity(name("dave"), [name("web-team")]),
      authenticatedIdentity(name("ops"), []),
      authenticatedIdentity(`system:serviceaccount:${nsA}:deployer`, ["system:serviceaccounts", `system:serviceaccounts:${nsA}`]),
      authenticatedIdentity(`system:serviceaccount:${nsB}:deployer`, []),
    ];
    const questions: ResourceAttributes[] = [];
    for (const verb of ["get", "list", "watch", "create", "update", "delete"] as const)
      for (const resource of ["federatedupstreams", "federatedvirtualservices"])
        for (const namespace of [nsA, nsB, undefined])
          for (const n of [undefined, "web", "api"]) questions.push({ verb, group: "fed.gloo.solo.io", resource, ...(namespace ? { namespace } : {}), ...(n ? { name: n } : {}) });
    questions.push({ verb: "create", group: "multicluster.solo.io", resource: "federatedupstreams", namespace: nsA });
    questions.push({ verb: "create", group: "multicluster.solo.io", resource: "kubernetesclusters", namespace: nsA });

    const sar = new SubjectAccessReviewAuthorizer(admin, { ttlMs: 1 });
    const differences: string[] = [];
    let allowed = 0;
    for (const identity of who) {
      const answers = await Promise.all(questions.map((q) => sar.authorize(identity, q)));
      questions.forEach((q, i) => {
        const real = answers[i].allowed;
        const embedded = evaluateRbac(objects, identity, q).allowed;
        if (real) allowed++;
        if (real !== embedded) differences.push(`${identity.user} ${JSON.stringify(q)}: kube-apiserver ${real}, embedded ${embedded}`);
      });
    }
    expect(differences).toEqual([]);
    expect(allowed).toBeGreaterThan(50); // the questions cover both answers
    expect(allowed).toBeLessThan(who.length * questions.length - 50);
  }, 120_000);

  it("fedplane --kubeconfig: a ServiceAccount token works through TokenReview, its rights through SubjectAccessReview", async () => {
    const fp: TestFedplane = await startTestFedplane({ kubeconfig: planes.admin.kubeconfigPath, federationNamespace: nsA, authorizationTtlMs: 500, tokenReviewTtlMs: 500, limits: { webSocketReauthenticateMs: 500 } });
    const remote = remoteTargetFromKubeconfig("admin", { kubeconfigPath: planes.admin.kubeconfigPath });
    try {
      const { token } = await remote.requestToken(nsA, "deployer", 600);
      const sa = createFedplaneClient({ url: fp.app.url, token });
      const me = (await sa.serverInfo()).serverInfo.caller;
      expect(me.user).toBe(`system:serviceaccount:${nsA}:deployer`);
      expect(me.groups).toContain("system:serviceaccounts");
      const list = await sa.federatedResources({ namespace: nsB });
      expect(list.federatedResources.totalCount).toBe(0);
      const refused = (await sa.deleteFederatedResource({ kind: "FederatedUpstream", namespace: nsA, name: "x" }).catch((e) => e)) as FedplaneRequestError;
      // cluster mode: the refused mutation is an Event on the object, as kubectl describe would show it
      await eventually(async () => {
        const events = await admin.list(core.events, { namespace: nsA });
        expect(events.items.map((e) => [(e.involvedObject as { name?: string })?.name, e.reason, e.type, e.message])).toContainEqual([
          "x",
          "FedplaneDenied",
          "Warning",
          expect.stringContaining(`system:serviceaccount:${nsA}:deployer deleteFederatedResource: denied: federatedupstreams.fed.gloo.solo.io "x" is forbidden`),
        ]);
      });
      expect(refused.code).toBe("FORBIDDEN");
      expect(refused.message).toBe(`federatedupstreams.fed.gloo.solo.io "x" is forbidden: User "system:serviceaccount:${nsA}:deployer" cannot delete resource "federatedupstreams" in API group "fed.gloo.solo.io" in the namespace "${nsA}"`);
      // watch in nsB is granted by the RoleBinding, so a subscription there is accepted
      const events = sa.federatedResourceChanged({ kind: "FederatedUpstream", namespace: nsB })[Symbol.asyncIterator]();
      const refusedWatch = (await sa.federatedResourceChanged({ kind: "FederatedUpstream", namespace: nsA })[Symbol.asyncIterator]().next().catch((e) => e)) as FedplaneRequestError;
      expect(refusedWatch.code).toBe("FORBIDDEN");
      const pending = events.next();
      // a forged token is refused by the admin cluster's TokenReview
      const forged = createFedplaneClient({ url: fp.app.url, token: `${token.slice(0, -4)}AAAA` });
      expect(((await forged.serverInfo().catch((e) => e)) as FedplaneRequestError).status).toBe(401);
      // revoked: the ServiceAccount is deleted, its token stops working within the TokenReview cache TTL
      await admin.delete(core.serviceAccounts, nsA, "deployer");
      await eventually(async () => expect(((await sa.serverInfo().catch((e) => e)) as FedplaneRequestError).status).toBe(401), { timeoutMs: 20_000 });
      // and its open WebSocket is closed with 4401
      await expect(pending).rejects.toThrow(/WebSocket closed \(4401/);
      await sa.close();
      await forged.close();
    } finally {
      await remote.client.close();
      await fp.stop();
    }
  }, 120_000);
});
