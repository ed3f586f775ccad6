import { existsSync, readFileSync } from "node:fs";
import { isIPv6 } from "node:net";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { ApiError } from "../errors.js";
import { selectFromKubeConfig, type SelectedContext } from "./kubeconfig.js";

/** Where the kubelet mounts a Pod's ServiceAccount token, CA and namespace. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * The ServiceAccount folder in force: FEDPLANE_SERVICEACCOUNT_DIR lets a test (or a sidecar layout) point elsewhere, as
 * client-go's in-cluster config cannot.
 */
export const serviceAccountDir = (env: NodeJS.ProcessEnv = process.env): string => env.FEDPLANE_SERVICEACCOUNT_DIR || SERVICE_ACCOUNT_DIR;

/** Whether this process runs in a Pod: the API server's Service is in the environment and a token is mounted. */
export function runningInCluster(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.KUBERNETES_SERVICE_HOST && !!env.KUBERNETES_SERVICE_PORT && existsSync(join(serviceAccountDir(env), "token"));
}

/** The Pod's own namespace, from the mounted ServiceAccount (undefined outside a Pod). */
export function inClusterNamespace(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = join(serviceAccountDir(env), "namespace");
  return existsSync(file) ? readFileSync(file, "utf8").trim() || undefined : undefined;
}

/**
 * client-go's in-cluster configuration: the API server from KUBERNETES_SERVICE_HOST/PORT, the mounted CA, and the
 * mounted token as a token file, which client-node re-reads (at most a minute late) so a rotated projected token is
 * picked up without a restart.
 */
export function inClusterContext(env: NodeJS.ProcessEnv = process.env): SelectedContext {
  const dir = serviceAccountDir(env);
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const missing = [
    !host && "KUBERNETES_SERVICE_HOST",
    !port && "KUBERNETES_SERVICE_PORT",
    !existsSync(join(dir, "token")) && join(dir, "token"),
    !existsSync(join(dir, "ca.crt")) && join(dir, "ca.crt"),
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new ApiError(
      "Invalid",
      `in-cluster configuration needs ${missing.join(", ")}: run fedplane in a Pod with a ServiceAccount token mounted, or pass --kubeconfig`,
    );
  }
  const kc = new KubeConfig();
  kc.loadFromClusterAndUser(
    { name: "in-cluster", server: `https://${isIPv6(host!) ? `[${host}]` : host}:${port}`, caFile: join(dir, "ca.crt"), skipTLSVerify: false },
    { name: "service-account", authProvider: { name: "tokenFile", config: { tokenFile: join(dir, "token") } } },
  );
  return { ...selectFromKubeConfig(kc), origin: `in-cluster ServiceAccount (${dir})` };
}
