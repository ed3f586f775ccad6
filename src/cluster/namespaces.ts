import type { ClusterClient } from "./client.js";
import { isAlreadyExists } from "./errors.js";
import { core } from "./resource-type.js";

/** Creates a namespace unless it exists (on any backend). Namespaced objects can only be created in one that exists. */
export async function ensureNamespace(client: ClusterClient, name: string, labels?: Record<string, string>): Promise<void> {
  try {
    await client.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name, ...(labels ? { labels } : {}) } });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}
