import DataLoader from "dataloader";
import type { KubeObject } from "../../cluster/object.js";
import { resourceKey, type ResourceType } from "../../cluster/resource-type.js";
import type { ClusterRegistry } from "../../clusters/registry.js";

export interface ObjectsKey {
  cluster: string;
  type: ResourceType;
  /** Omitted: all namespaces. */
  namespace?: string;
  labelSelector?: string;
}

/** Objects from a watch cache that covers (cluster, type), or undefined when there is none (or it is not synced). */
export type CachedObjects = (cluster: string, type: ResourceType, namespace: string | undefined) => readonly KubeObject[] | undefined;

export type ObjectsLoader = DataLoader<ObjectsKey, KubeObject[], string>;

const keyOf = (k: ObjectsKey) => `${k.cluster}\u0000${resourceKey(k.type)}\u0000${k.namespace ?? ""}\u0000${k.labelSelector ?? ""}`;

/**
 * Reads of objects across member clusters for one request: every cluster x kind x namespace (x selector) is listed
 * once, however many fields ask for it, and all lists of a request run in parallel. Watch caches answer first, so a
 * query over many clusters makes no API calls for kinds fedplane already watches.
 * Subscriptions pass cache: false: their context outlives a single event, and each event must see fresh objects.
 */
export function objectsLoader(clusters: ClusterRegistry, cached: CachedObjects | undefined, options: { cache: boolean }): ObjectsLoader {
  return new DataLoader<ObjectsKey, KubeObject[], string>(
    async (keys) => {
      const unique = new Map<string, Promise<KubeObject[] | Error>>();
      for (const key of keys) {
        const id = keyOf(key);
        if (!unique.has(id)) unique.set(id, read(clusters, cached, key).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
      }
      return Promise.all(keys.map((key) => unique.get(keyOf(key))!));
    },
    { cacheKeyFn: keyOf, cache: options.cache },
  );
}

async function read(clusters: ClusterRegistry, cached: CachedObjects | undefined, key: ObjectsKey): Promise<KubeObject[]> {
  if (!key.labelSelector) {
    const fromCache = cached?.(key.cluster, key.type, key.namespace);
    if (fromCache) return [...fromCache];
  }
  const cluster = clusters.get(key.cluster);
  if (!cluster) throw new Error(`cluster ${key.cluster} is not registered`);
  if (!cluster.client) throw new Error(`no usable credentials for cluster ${key.cluster}: ${cluster.credentialError}`);
  const list = await cluster.client.list(key.type, { namespace: key.namespace, labelSelector: key.labelSelector });
  return list.items;
}
