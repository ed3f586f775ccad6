import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { stringify } from "yaml";
import { ensureTool, REPO_ROOT } from "../../src/controlplane/assets.js";
import { federatedKinds } from "../../src/federation/kinds.js";
import { describeWithControlPlanes } from "../support/controlplanes.js";
import { CHART_DIR, ofKind, renderChart } from "./chart.js";

/**
 * The Helm chart as a platform team installs it: it lints, it renders to objects a real API server accepts (server-side
 * dry run), and what it renders says what the docs promise (replicas, anti-affinity, PDB, restricted pods, probes).
 */
describeWithControlPlanes("Helm chart (deploy/helm/fedplane)", (planes) => {
  let helm: string;
  const ns = `chart-${randomBytes(3).toString("hex")}`;
  const kubectl = (args: string[], input?: string) =>
    spawnSync(planes.kubectl, ["--kubeconfig", planes.admin.kubeconfigPath, ...args], { input, encoding: "utf8" });

  beforeAll(async () => {
    helm = await ensureTool("helm", (line) => process.stderr.write(`[helm] ${line}\n`));
    expect(kubectl(["create", "namespace", ns]).status).toBe(0);
  }, 600_000);

  it("passes helm lint with the defaults and with every optional part on", () => {
    for (const sets of [[], ["--set", "metrics.serviceMonitor.enabled=true", "--set", "replicaCount=3", "--set", "localCluster=false", "--set", "podAntiAffinity=hard", "--set", "tls.secretName=fedplane-tls", "--set", "auth.clientCASecret=fedplane-client-ca", "--set", "allowedHosts={fedplane.example.com}", "--set", "auth.tokenReviewAudiences={fedplane}"]]) {
      const out = spawnSync(helm, ["lint", "--strict", CHART_DIR, ...sets], { encoding: "utf8" });
      expect(out.stdout + out.stderr).toContain("0 chart(s) failed");
      expect(out.status).toBe(0);
    }
  });

  it("renders objects the API server accepts (kubectl apply --dry-run=server)", () => {
    const objects = renderChart(helm, "fedplane", ns, { replicaCount: "2" }, ["--include-crds"]);
    const out = kubectl(["apply", "--dry-run=server", "-f", "-"], objects.map((o) => stringify(o)).join("---\n"));
    // The harness created the CRDs without kubectl, so kubectl warns that it will add its annotation; nothing else.
    const complaints = out.stderr.split("\n").filter((l) => l.trim() && !/missing the kubectl.kubernetes.io\/last-applied-configuration annotation/.test(l));
    expect(complaints).toEqual([]);
    expect(out.status).toBe(0);
    for (const kind of ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Deployment", "PodDisruptionBudget"]) {
      expect(out.stdout).toMatch(new RegExp(`^${kind.toLowerCase()}[^ ]* .*(created|configured|unchanged) \\(server dry run\\)$`, "m"));
    }
    // The CRDs are exactly deploy/crds (a symlink), so the chart never installs other CRDs than `kubectl apply -f deploy/crds`.
    expect(ofKind(objects, "CustomResourceDefinition").length).toBeGreaterThanOrEqual(federatedKinds.length);
  });

  it("runs two replicas apart by default, with a PDB, a restricted security context and probes", () => {
    const objects = renderChart(helm, "fedplane", ns);
    const [deployment] = ofKind(objects, "Deployment");
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe("kubernetes.io/hostname");
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    const [container] = pod.containers;
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(container.livenessProbe.httpGet.path).toBe("/livez");
    expect(container.readinessProbe.httpGet.path).toBe("/readyz");
    expect(container.args).toContain("--in-cluster");
    // Without a TLS Secret the API is plain HTTP inside the cluster, said explicitly; the Service's names pass the Host check.
    expect(container.args).toContain("--insecure-allow-http");
    expect(container.args).toContain(`--allowed-host=fedplane.${ns}.svc`);
    const tls = ofKind(renderChart(helm, "fedplane", ns, { "tls.secretName": "fedplane-tls" }), "Deployment")[0].spec.template.spec.containers[0];
    expect(tls.args).toEqual(expect.arrayContaining(["--tls-cert-file=/etc/fedplane/tls/tls.crt", "--tls-private-key-file=/etc/fedplane/tls/tls.key"]));
    expect(tls.args).not.toContain("--insecure-allow-http");
    expect(tls.readinessProbe.httpGet.scheme).toBe("HTTPS");
    expect(container.resources.requests).toBeDefined();
    expect(ofKind(objects, "PodDisruptionBudget")[0].spec.minAvailable).toBe(1);
    expect(ofKind(renderChart(helm, "fedplane", ns, { replicaCount: "1" }), "PodDisruptionBudget")).toEqual([]);
    const monitor = ofKind(renderChart(helm, "fedplane", ns, { "metrics.serviceMonitor.enabled": "true" }), "ServiceMonitor");
    expect(monitor[0].spec.endpoints[0]).toMatchObject({ port: "http", path: "/metrics" });
  });

  it("grants every federated kind and its status, and Secrets and the Lease only in the federation namespace", () => {
    const objects = renderChart(helm, "fedplane", ns, { federationNamespace: "gloo-system" });
    const [clusterRole] = ofKind(objects, "ClusterRole");
    type Rule = { apiGroups: string[]; resources: string[] };
    const granted = new Set((clusterRole.rules as Rule[]).flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${res}.${g}`))));
    for (const kind of federatedKinds) {
      expect(granted).toContain(`${kind.type.plural}.${kind.type.group}`);
      expect(granted).toContain(`${kind.type.plural}/status.${kind.type.group}`);
    }
    expect([...granted].filter((g) => g.startsWith("secrets."))).toEqual([]);
    const [role] = ofKind(objects, "Role");
    expect(role.metadata.namespace).toBe("gloo-system");
    expect((role.rules as Rule[]).map((r) => r.resources[0]).sort()).toEqual(["leases", "leases", "secrets"]);
  });

  it("versions the chart with fedplane", () => {
    const chart = readFileSync(join(CHART_DIR, "Chart.yaml"), "utf8");
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
    expect(chart).toMatch(new RegExp(`^version: ${version.replace(/\./g, "\\.")}$`, "m"));
    expect(chart).toMatch(new RegExp(`^appVersion: "${version.replace(/\./g, "\\.")}"$`, "m"));
    expect(execFileSync(helm, ["version", "--short"], { encoding: "utf8" })).toMatch(/^v3\.\d+\.\d+/);
  });
});
