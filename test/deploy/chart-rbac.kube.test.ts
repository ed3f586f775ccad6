import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { KubernetesClusterClient } from "../../src/cluster/kubernetes/client.js";
import { inClusterContext } from "../../src/cluster/kubernetes/in-cluster.js";
import { ensureTool } from "../../src/controlplane/assets.js";
import { describeWithControlPlanes, type SharedControlPlanes } from "../support/controlplanes.js";
import { kubernetesBackend } from "../federation/support/backends.js";
import { federationScenarios } from "../federation/support/scenarios.js";
import { ofKind, renderChart } from "./chart.js";

/**
 * The chart's RBAC is enough: fedplane's admin-cluster client is the in-cluster configuration (KUBERNETES_SERVICE_* and
 * a ServiceAccount folder, as the kubelet mounts them) holding only a token of the chart's ServiceAccount, and the
 * federation end-to-end scenarios pass through it. A missing rule fails a scenario with the API server's Forbidden.
 */
describeWithControlPlanes("the chart's ServiceAccount and RBAC run fedplane (in-cluster configuration)", (planes) => {
  federationScenarios(() => chartBackend(planes));
});

async function chartBackend(planes: SharedControlPlanes) {
  const id = randomBytes(3).toString("hex");
  const namespace = `chart-rbac-${id}`;
  const release = `fp-${id}`;
  const kubectl = (args: string[], input?: string) => {
    const out = spawnSync(planes.kubectl, ["--kubeconfig", planes.admin.kubeconfigPath, ...args], { input, encoding: "utf8" });
    if (out.status !== 0) throw new Error(`kubectl ${args.join(" ")}: ${out.stderr}`);
    return out.stdout;
  };
  kubectl(["create", "namespace", namespace]);
  const helm = await ensureTool("helm");
  const objects = renderChart(helm, release, namespace, { federationNamespace: namespace });
  const rbacKinds = ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];
  kubectl(["apply", "-f", "-"], rbacKinds.flatMap((k) => ofKind(objects, k)).map((o) => stringify(o)).join("---\n"));
  const [serviceAccount] = ofKind(objects, "ServiceAccount");
  const token = kubectl(["create", "token", serviceAccount.metadata.name, "-n", namespace, "--duration", "1h"]).trim();

  // What the kubelet mounts, and what the Pod's environment says of the API server's Service.
  const dir = mkdtempSync(join(tmpdir(), "fedplane-sa-"));
  const kubeconfig = parse(readFileSync(planes.admin.kubeconfigPath, "utf8"));
  writeFileSync(join(dir, "token"), token);
  writeFileSync(join(dir, "ca.crt"), Buffer.from(kubeconfig.clusters[0].cluster["certificate-authority-data"], "base64"));
  writeFileSync(join(dir, "namespace"), namespace);
  const server = new URL(planes.admin.server);
  const env = { KUBERNETES_SERVICE_HOST: server.hostname, KUBERNETES_SERVICE_PORT: server.port, FEDPLANE_SERVICEACCOUNT_DIR: dir };
  const admin = new KubernetesClusterClient("admin", inClusterContext(env));

  return kubernetesBackend(planes, {
    namespace,
    admin,
    close: async () => {
      rmSync(dir, { recursive: true, force: true });
      for (const kind of ["ClusterRoleBinding", "ClusterRole"]) kubectl(["delete", kind.toLowerCase(), release, "--ignore-not-found"]);
      kubectl(["delete", "namespace", namespace, "--wait=false"]);
    },
  });
}
