import type { ClusterClient } from "../cluster/client.js";
import { ApiError, isAlreadyExists, isNotFound } from "../cluster/errors.js";
import type { KubeObject } from "../cluster/object.js";
import { core, type ResourceType } from "../cluster/resource-type.js";
import { FEDERATION_NAMESPACE } from "../federation/kinds.js";
import { kubernetesClusterType } from "./kinds.js";
import {
  adminObjects,
  CLUSTER_ROLE_NAME,
  NAMESPACES_CLUSTER_ROLE_NAME,
  rbac,
  ROLE_NAME,
  remoteObjects,
  serviceAccountKubeconfig,
  serviceAccountName,
  tokenSecretName,
  type RegisteredObject,
} from "./registration-objects.js";
import type { RemoteTarget } from "./registration-remote.js";

/**
 * Registering a real cluster, as `glooctl cluster register` does. In the remote cluster (with the user's credentials):
 * a ServiceAccount named after the cluster, its token Secret `<sa>-secret`, the ClusterRole `gloo-federation-controller`
 * and a ClusterRoleBinding. In the admin cluster: a `solo.io/kubeconfig` Secret whose kubeconfig authenticates with the
 * ServiceAccount's token (never the user's credentials) and the KubernetesCluster naming it.
 *
 * The token: a Secret of type kubernetes.io/service-account-token is filled by kube-controller-manager's token
 * controller, and that long-lived token is what Gloo Federation used. Where no token controller runs (the test control
 * planes run kube-apiserver alone, and some managed offerings disable legacy tokens), the Secret stays empty; after
 * `tokenWaitMs` fedplane asks the TokenRequest API instead. That token is bounded (`tokenExpirationSeconds`, capped by
 * the API server's --service-account-max-token-expiration); its expiry is recorded on the kubeconfig Secret
 * (annotation fedplane.io/token-expires-at) and registering the cluster again renews it.
 */

export interface RegisterOptions {
  /** The registered cluster's name: DNS label, also the ServiceAccount's name. */
  cluster: string;
  /** Where the ServiceAccount lives in the remote cluster (default gloo-system). Must exist. */
  remoteNamespace?: string;
  /** Where the Secret and KubernetesCluster live in the admin cluster (default gloo-system). Must exist. */
  federationNamespace?: string;
  clusterDomain?: string;
  /** Labels on the KubernetesCluster, for placement by clusterSelector. */
  clusterLabels?: Record<string, string>;
  /** How long to wait for the token controller to fill the token Secret (default 5 s). */
  tokenWaitMs?: number;
  /** Lifetime asked of the TokenRequest fallback (default one year). */
  tokenExpirationSeconds?: number;
  onProgress?: (step: string) => void;
}

export interface GrantedAccess {
  kubeconfig: string;
  /** Set when the token came from the TokenRequest API. */
  tokenExpiresAt?: string;
  tokenSource: "token-controller" | "token-request";
}

export interface RegistrationResult extends GrantedAccess {
  cluster: string;
  /** kind namespace/name of every object written, remote first. */
  written: string[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DEFAULT_TOKEN_WAIT_MS = 5_000;
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export function validateClusterName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !name) throw new ApiError("Invalid", "cluster name: required");
  if (name.length > 63 || !DNS_LABEL.test(name)) {
    throw new ApiError("Invalid", `cluster name "${name}": must be a DNS label (lowercase letters, digits and '-', at most 63 characters)`);
  }
}

const describe = (o: RegisteredObject) =>
  `${o.object.kind} ${o.object.metadata.namespace ? `${o.object.metadata.namespace}/` : ""}${o.object.metadata.name}`;

async function requireNamespace(client: ClusterClient, namespace: string, where: string, fix: string) {
  try {
    await client.get(core.namespaces, undefined, namespace);
  } catch (e) {
    if (isNotFound(e)) throw new ApiError("Invalid", `namespace ${namespace} does not exist in ${where}: ${fix}`);
    throw e;
  }
}

/** Creates or brings up to date; returns whether it was created (so a failed register removes only what it created). */
async function upsert(client: ClusterClient, o: RegisteredObject, keepData = false): Promise<boolean> {
  try {
    await client.create(o.type, o.object);
    return true;
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
  const current = await client.get<KubeObject>(o.type, o.object.metadata.namespace, o.object.metadata.name);
  const merged: KubeObject = {
    ...current,
    ...(keepData ? {} : o.object),
    metadata: {
      ...current.metadata,
      labels: { ...current.metadata.labels, ...o.object.metadata.labels },
      annotations: { ...current.metadata.annotations, ...o.object.metadata.annotations },
    },
  };
  await client.update(o.type, merged);
  return false;
}

async function deleteIfPresent(client: ClusterClient, o: Pick<RegisteredObject, "type"> & { object: Pick<KubeObject, "metadata"> }) {
  try {
    await client.delete(o.type, o.object.metadata.namespace, o.object.metadata.name);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

async function waitForControllerToken(client: ClusterClient, namespace: string, name: string, waitMs: number): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const secret = await client.get<KubeObject>(core.secrets, namespace, name);
    const token = (secret.data as Record<string, string> | undefined)?.token;
    if (token) return Buffer.from(token, "base64").toString("utf8");
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, Math.min(100, Math.max(0, deadline - Date.now()))));
  }
}

async function rollback(client: ClusterClient, created: RegisteredObject[]) {
  for (const o of [...created].reverse()) await deleteIfPresent(client, o).catch(() => undefined);
}

/** The remote half: ServiceAccount, token Secret, glooctl's ClusterRole, Role and bindings, fedplane's namespaces ClusterRole; returns the ServiceAccount kubeconfig. */
export async function grantAccess(remote: RemoteTarget, options: RegisterOptions): Promise<GrantedAccess & { written: string[] }> {
  validateClusterName(options.cluster);
  const namespace = options.remoteNamespace ?? FEDERATION_NAMESPACE;
  const progress = options.onProgress ?? (() => {});
  await requireNamespace(remote.client, namespace, `the cluster to register (${remote.description})`, "create it, or pass the namespace Gloo runs in as remote namespace");
  const objects = remoteObjects(options.cluster, namespace);
  const created: RegisteredObject[] = [];
  try {
    for (const o of objects) {
      progress(`${remote.description}: writing ${describe(o)}`);
      if (await upsert(remote.client, o, o.type === core.secrets || o.type === core.serviceAccounts)) created.push(o);
    }
    const sa = serviceAccountName(options.cluster);
    progress(`${remote.description}: waiting for the token of ServiceAccount ${namespace}/${sa}`);
    const controllerToken = await waitForControllerToken(remote.client, namespace, tokenSecretName(options.cluster), options.tokenWaitMs ?? DEFAULT_TOKEN_WAIT_MS);
    let access: GrantedAccess;
    if (controllerToken) {
      access = { kubeconfig: serviceAccountKubeconfig(options.cluster, remote.endpoint, controllerToken), tokenSource: "token-controller" };
    } else {
      progress(`${remote.description}: no token controller filled ${tokenSecretName(options.cluster)}; requesting a token (TokenRequest API)`);
      const { token, expiresAt } = await remote.requestToken(namespace, sa, options.tokenExpirationSeconds ?? ONE_YEAR_SECONDS);
      access = { kubeconfig: serviceAccountKubeconfig(options.cluster, remote.endpoint, token), tokenSource: "token-request", tokenExpiresAt: expiresAt };
    }
    return { ...access, written: objects.map(describe) };
  } catch (e) {
    await rollback(remote.client, created);
    throw e;
  }
}

/** The admin half: the kubeconfig Secret, then the KubernetesCluster. */
export async function writeRegistration(
  admin: ClusterClient,
  options: Pick<RegisterOptions, "cluster" | "federationNamespace" | "clusterDomain" | "clusterLabels" | "onProgress"> & {
    kubeconfig: string;
    tokenExpiresAt?: string;
  },
): Promise<string[]> {
  validateClusterName(options.cluster);
  const federationNamespace = options.federationNamespace ?? FEDERATION_NAMESPACE;
  await requireNamespace(admin, federationNamespace, "the admin cluster", "create it, or pass the namespace fedplane keeps its clusters in as federation namespace");
  const objects = adminObjects({ ...options, federationNamespace });
  const created: RegisteredObject[] = [];
  try {
    for (const o of objects) {
      options.onProgress?.(`admin cluster: writing ${describe(o)}`);
      if (await upsert(admin, o)) created.push(o);
    }
  } catch (e) {
    await rollback(admin, created);
    throw e;
  }
  return objects.map(describe);
}

/** Both halves; when the admin half fails, the remote half is taken back. */
export async function registerCluster(admin: ClusterClient, remote: RemoteTarget, options: RegisterOptions): Promise<RegistrationResult> {
  const access = await grantAccess(remote, options);
  try {
    const adminWritten = await writeRegistration(admin, { ...options, kubeconfig: access.kubeconfig, tokenExpiresAt: access.tokenExpiresAt });
    return { cluster: options.cluster, ...access, written: [...access.written, ...adminWritten] };
  } catch (e) {
    await revokeAccess(remote.client, options).catch(() => undefined);
    throw e;
  }
}

export interface DeregisterOptions {
  cluster: string;
  remoteNamespace?: string;
  federationNamespace?: string;
  /**
   * How long to wait for the KubernetesCluster to go (default 60 s): whoever holds a finalizer on it (fedplane removes
   * its placed objects from the cluster first) must finish while the kubeconfig Secret still works.
   */
  waitMs?: number;
  onProgress?: (step: string) => void;
}

/** The admin half of deregistering: the KubernetesCluster (waiting until it is gone), then its kubeconfig Secret. */
export async function removeRegistration(admin: ClusterClient, options: DeregisterOptions): Promise<string[]> {
  validateClusterName(options.cluster);
  const namespace = options.federationNamespace ?? FEDERATION_NAMESPACE;
  const [secret, kc] = adminObjects({ cluster: options.cluster, federationNamespace: namespace, kubeconfig: "" });
  const removed: string[] = [];
  options.onProgress?.(`admin cluster: deleting ${describe(kc)}`);
  if (await deleteIfPresent(admin, kc)) removed.push(describe(kc));
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  for (;;) {
    try {
      await admin.get(kubernetesClusterType, namespace, options.cluster);
    } catch (e) {
      if (isNotFound(e)) break;
      throw e;
    }
    if (Date.now() > deadline) {
      throw new ApiError(
        "Timeout",
        `KubernetesCluster ${namespace}/${options.cluster} is still being deleted (finalizers wait for fedplane to remove its objects from the cluster); run deregister again later`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  options.onProgress?.(`admin cluster: deleting ${describe(secret)}`);
  if (await deleteIfPresent(admin, secret)) removed.push(describe(secret));
  return removed;
}

/**
 * The remote half: bindings, token Secret, ServiceAccount, the Role, and each ClusterRole once no other binding uses it
 * (other registrations in the same cluster share them).
 */
export async function revokeAccess(remote: ClusterClient, options: Pick<DeregisterOptions, "cluster" | "remoteNamespace" | "onProgress">): Promise<string[]> {
  validateClusterName(options.cluster);
  const [sa, secret, clusterRole, binding, role, roleBinding, namespacesRole, namespacesBinding] = remoteObjects(
    options.cluster,
    options.remoteNamespace ?? FEDERATION_NAMESPACE,
  );
  const removed: string[] = [];
  for (const o of [binding, namespacesBinding, roleBinding, secret, sa]) {
    options.onProgress?.(`remote cluster: deleting ${describe(o)}`);
    if (await deleteIfPresent(remote, o)) removed.push(describe(o));
  }
  const refsOf = async (type: ResourceType, namespace?: string) =>
    (await remote.list(type, { namespace })).items.map((b) => (b as KubeObject & { roleRef?: { kind?: string; name?: string } }).roleRef);
  const clusterRefs = await refsOf(rbac.clusterRoleBindings);
  const roleRefs = await refsOf(rbac.roleBindings, role.object.metadata.namespace);
  const unused: [RegisteredObject, boolean][] = [
    [clusterRole, !clusterRefs.some((r) => r?.name === CLUSTER_ROLE_NAME)],
    [namespacesRole, !clusterRefs.some((r) => r?.name === NAMESPACES_CLUSTER_ROLE_NAME)],
    [role, !roleRefs.some((r) => r?.kind === "Role" && r.name === ROLE_NAME)],
  ];
  for (const [o, isUnused] of unused) {
    if (!isUnused) continue;
    options.onProgress?.(`remote cluster: deleting ${describe(o)}`);
    if (await deleteIfPresent(remote, o)) removed.push(describe(o));
  }
  return removed;
}

/** Both halves; the remote one only when the user's credentials for it are at hand. */
export async function deregisterCluster(admin: ClusterClient, remote: ClusterClient | undefined, options: DeregisterOptions): Promise<string[]> {
  const removed = await removeRegistration(admin, options);
  if (remote) removed.push(...(await revokeAccess(remote, options)));
  return removed;
}
