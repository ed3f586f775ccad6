import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { stringify } from "yaml";
import type { Pki } from "./pki.js";

const base64 = (path: string): string => readFileSync(path).toString("base64");

/**
 * A self-contained admin kubeconfig (certificates inline), so it can be copied, or stored in a registration Secret,
 * without the PKI folder. Cluster, context and user are named after the control plane.
 */
export function adminKubeconfig(name: string, server: string, pki: Pki): string {
  const user = `${name}-admin`;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server, "certificate-authority-data": base64(pki.caCert) } }],
    users: [{ name: user, user: { "client-certificate-data": base64(pki.adminCert), "client-key-data": base64(pki.adminKey) } }],
    contexts: [{ name, context: { cluster: name, user } }],
    "current-context": name,
    preferences: {},
  });
}

/** Written under a temporary name and renamed: a kubeconfig that exists is complete, and its cluster is ready. */
export function writeKubeconfig(path: string, content: string): void {
  const partial = `${path}.partial`;
  writeFileSync(partial, content, { mode: 0o600 });
  renameSync(partial, path);
}
