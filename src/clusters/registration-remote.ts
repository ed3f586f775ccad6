import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ApiException, CoreV1Api } from "@kubernetes/client-node";
import type { ClusterClient } from "../cluster/client.js";
import { ApiError, errorMessage } from "../cluster/errors.js";
import { KubernetesClusterClient } from "../cluster/kubernetes/client.js";
import { loadKubeconfigFile, toKubeConfig, type SelectedContext } from "../cluster/kubernetes/kubeconfig.js";
import { responseError } from "../cluster/kubernetes/status.js";
import type { RemoteEndpoint } from "./registration-objects.js";

/** A cluster being registered, reached with the user's own (admin) credentials, which never leave this process. */
export interface RemoteTarget {
  client: ClusterClient;
  /** Where fedplane will reach the cluster with the ServiceAccount token. */
  endpoint: RemoteEndpoint;
  /** "context east of ~/.kube/config", for messages. */
  description: string;
  /** TokenRequest API (serviceaccounts/<name>/token): a token the API server signs, valid until the returned time. */
  requestToken(namespace: string, serviceAccount: string, expirationSeconds: number): Promise<{ token: string; expiresAt: string }>;
}

export interface RemoteTargetOptions {
  /** Defaults to the first file of $KUBECONFIG, then ~/.kube/config. */
  kubeconfigPath?: string;
  /** Defaults to the kubeconfig's current-context. */
  context?: string;
  /** The API server URL fedplane should use when it differs from the user's (e.g. a kind cluster seen from another). */
  serverOverride?: string;
}

export function defaultKubeconfigPath(): string {
  const fromEnv = process.env.KUBECONFIG?.split(":").find((p) => p);
  return fromEnv ?? join(homedir(), ".kube", "config");
}

function certificateAuthorityData(sel: SelectedContext): string | undefined {
  const inline = sel.cluster["certificate-authority-data"];
  if (typeof inline === "string" && inline) return inline;
  const file = sel.cluster["certificate-authority"];
  if (typeof file !== "string" || !file) return undefined;
  try {
    return readFileSync(file).toString("base64");
  } catch (e) {
    throw new ApiError("Invalid", `kubeconfig (${sel.origin}): cannot read certificate-authority ${file}: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
  }
}

export function remoteTargetFromKubeconfig(clusterName: string, options: RemoteTargetOptions = {}): RemoteTarget {
  const file = options.kubeconfigPath ?? defaultKubeconfigPath();
  const selected = loadKubeconfigFile(file, options.context);
  const description = `context "${selected.contextName}" of ${file}`;
  const client = new KubernetesClusterClient(clusterName, selected);
  const core = toKubeConfig(selected).makeApiClient(CoreV1Api);
  return {
    client,
    description,
    endpoint: {
      server: options.serverOverride ?? selected.server.href.replace(/\/$/, ""),
      certificateAuthorityData: certificateAuthorityData(selected),
      insecureSkipTlsVerify: selected.cluster["insecure-skip-tls-verify"] === true,
      tlsServerName: typeof selected.cluster["tls-server-name"] === "string" ? selected.cluster["tls-server-name"] : undefined,
    },
    async requestToken(namespace, serviceAccount, expirationSeconds) {
      try {
        const answer = await core.createNamespacedServiceAccountToken({
          name: serviceAccount,
          namespace,
          body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { audiences: [], expirationSeconds } },
        });
        const token = answer.status?.token;
        if (!token) throw new ApiError("InternalError", `the API server issued no token for ServiceAccount ${namespace}/${serviceAccount}`);
        return { token, expiresAt: new Date(answer.status!.expirationTimestamp).toISOString() };
      } catch (e) {
        if (e instanceof ApiException) {
          throw responseError(e.code, typeof e.body === "string" ? e.body : JSON.stringify(e.body ?? ""), { cluster: clusterName, server: selected.server.href });
        }
        throw e;
      }
    },
  };
}
