import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { stringify } from "yaml";
import { ApiError, isApiError } from "../../../src/cluster/errors.js";
import { KubernetesClusterClient } from "../../../src/cluster/kubernetes/client.js";
import { loadKubeconfigFile, toKubeConfig } from "../../../src/cluster/kubernetes/kubeconfig.js";
import { ClusterConnectionError } from "../../../src/cluster/errors.js";
import { ensureNamespace } from "../../../src/cluster/namespaces.js";
import { core } from "../../../src/cluster/resource-type.js";
import { connectCluster } from "../../../src/clusters/connector.js";
import { createPki } from "../../../src/controlplane/pki.js";
import { describeWithControlPlanes } from "../../support/controlplanes.js";
import { eventually } from "../../support/eventually.js";
import { Upstream, upstream } from "../../conformance/fixtures.js";

/** What the conformance suite does not cover: real credentials, RBAC denials, TLS mistakes, paging. */

describeWithControlPlanes("Kubernetes backend: credentials, RBAC, TLS and paging on a real API server", (planes) => {
  const plane = planes.workloads[0] ?? planes.admin;
  const ns = `k8s-client-${Date.now().toString(36)}`;
  const caData = (yaml: string) => /certificate-authority-data: (\S+)/.exec(yaml)![1];
  let admin: KubernetesClusterClient;
  let token: string;

  /** A kubeconfig as a `solo.io/kubeconfig` Secret holds it: server, CA and a bearer token, all inline. */
  const secretKubeconfig = (options: { token: string; ca?: string }) =>
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: plane.name, cluster: { server: plane.server, "certificate-authority-data": options.ca ?? caData(readFileSync(plane.kubeconfigPath, "utf8")) } }],
      users: [{ name: "fed", user: { token: options.token } }],
      contexts: [{ name: plane.name, context: { cluster: plane.name, user: "fed" } }],
      "current-context": plane.name,
    });

  beforeAll(async () => {
    admin = KubernetesClusterClient.fromFile(plane.name, plane.kubeconfigPath);
    await ensureNamespace(admin, ns);
    await admin.create(core.serviceAccounts, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "reader", namespace: ns } });
    const api = toKubeConfig(loadKubeconfigFile(plane.kubeconfigPath)).makeApiClient(CoreV1Api);
    const answer = await api.createNamespacedServiceAccountToken({
      name: "reader",
      namespace: ns,
      body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { audiences: [], expirationSeconds: 600 } },
    });
    token = answer.status!.token;
  });

  afterAll(async () => {
    await admin?.delete(core.namespaces, undefined, ns).catch(() => {});
    await admin?.close();
  });

  it("a service-account token from a Secret kubeconfig authenticates, and RBAC denials keep the server's message", async () => {
    const client = connectCluster(plane.name, secretKubeconfig({ token }), { origin: `Secret ${ns}/kubeconfig` });
    try {
      expect((await client.version()).gitVersion).toBe(planes.version);
      const err = await client.create(Upstream, upstream(ns, "x")).catch((e: unknown) => e);
      expect(isApiError(err, "Forbidden")).toBe(true);
      expect((err as Error).message).toBe(
        `upstreams.gloo.solo.io is forbidden: User "system:serviceaccount:${ns}:reader" cannot create resource "upstreams" in API group "gloo.solo.io" in the namespace "${ns}"`,
      );
      expect((err as Error).message).not.toContain(token);
    } finally {
      await client.close();
    }
  });

  it("a rejected token is Unauthorized, saying what to check, without the token", async () => {
    const bogus = `${token.slice(0, -8)}AAAAAAAA`;
    const client = connectCluster(plane.name, secretKubeconfig({ token: bogus }));
    try {
      const err = await client.get(Upstream, ns, "x").catch((e: unknown) => e);
      expect(isApiError(err, "Unauthorized")).toBe(true);
      expect((err as Error).message).toContain(`cluster "${plane.name}" (${plane.server}) rejected the credentials`);
      expect((err as Error).message).not.toContain(bogus);
    } finally {
      await client.close();
    }
  });

  it("a server certificate the kubeconfig's CA did not sign fails the TLS handshake, naming what to check", async () => {
    const pki = await createPki(mkdtempSync(join(tmpdir(), "fedplane-other-ca-")), "other");
    const otherCa = readFileSync(pki.caCert).toString("base64");
    const client = connectCluster(plane.name, secretKubeconfig({ token, ca: otherCa }));
    try {
      const err = await client.version().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClusterConnectionError);
      expect((err as Error).message).toContain(`TLS handshake with cluster "${plane.name}" at ${plane.server} failed`);
      expect((err as Error).message).toContain("certificate-authority-data");
    } finally {
      await client.close();
    }
  });

  it("list stitches pages into one list with the first page's resourceVersion", async () => {
    const paged = KubernetesClusterClient.fromFile(plane.name, plane.kubeconfigPath, { listPageSize: 2 });
    try {
      for (const name of ["a", "b", "c", "d", "e"]) await admin.create(Upstream, upstream(ns, name));
      const whole = await admin.list(Upstream, { namespace: ns });
      const pages = await paged.list(Upstream, { namespace: ns });
      expect(pages.items.map((o) => o.metadata.name)).toEqual(["a", "b", "c", "d", "e"]);
      expect(pages.resourceVersion).toBe(whole.resourceVersion);
      expect(pages.items.every((o) => o.apiVersion === "gloo.solo.io/v1" && o.kind === "Upstream")).toBe(true);
    } finally {
      await paged.close();
    }
  });

  it("core list items get apiVersion and kind, like get() returns them", async () => {
    const list = await admin.list(core.serviceAccounts, { namespace: ns });
    expect(list.items.map((o) => [o.apiVersion, o.kind, o.metadata.name])).toContainEqual(["v1", "ServiceAccount", "reader"]);
  });

  it("a resource type the server does not serve says its CRD may be missing", async () => {
    const gadgets = { group: "gadgets.example.com", version: "v1", kind: "Gadget", plural: "gadgets", namespaced: true };
    const err = await admin.get(gadgets, ns, "x").catch((e: unknown) => e);
    expect(isApiError(err, "NotFound")).toBe(true);
    expect((err as Error).message).toContain(`gadgets.gadgets.example.com/v1 is not served by cluster "${plane.name}"`);
  });

  it("a watch from a resourceVersion older than the server's watch cache ends with Gone (410)", async () => {
    let closed: Error | undefined;
    const events: unknown[] = [];
    admin.watch(Upstream, { resourceVersion: "1" }, { onEvent: (e) => events.push(e), onClose: (err) => (closed = err ?? new Error("no error")) });
    await eventually(() => expect(closed).toBeDefined());
    expect(isApiError(closed, "Gone")).toBe(true);
    expect((closed as ApiError).code).toBe(410);
    expect(closed!.message).toMatch(/^too old resource version: 1 \(\d+\)$/);
    expect(events).toEqual([]);
  });

  it("ready() passes on a ready server", async () => {
    await expect(admin.ready()).resolves.toBeUndefined();
  });
});
