import { Informer, type InformerOptions } from "../cluster/informer.js";
import type { KubeObject } from "../cluster/object.js";
import { resourceKey, type ResourceType } from "../cluster/resource-type.js";
import type { ClusterEvent, ClusterRegistry } from "../clusters/registry.js";
import { Channel, type Unsubscribe } from "./events.js";
import { OWNED_SELECTOR, ownerOf } from "./ownership.js";

export interface MemberEvent {
  cluster: string;
  type: ResourceType;
  change: "ADDED" | "MODIFIED" | "DELETED";
  object: KubeObject;
  old?: KubeObject;
}

/** One cluster x kind cache of fedplane-owned objects, indexed by owner. */
class OwnedCache {
  readonly byOwner = new Map<string, Map<string, KubeObject>>();
  constructor(readonly informer: Informer) {}

  add(obj: KubeObject) {
    const owner = ownerOf(obj);
    if (owner === undefined) return;
    let objects = this.byOwner.get(owner);
    if (!objects) this.byOwner.set(owner, (objects = new Map()));
    objects.set(`${obj.metadata.namespace}/${obj.metadata.name}`, obj);
  }

  remove(obj: KubeObject) {
    const owner = ownerOf(obj);
    const objects = owner === undefined ? undefined : this.byOwner.get(owner);
    if (!objects) return;
    objects.delete(`${obj.metadata.namespace}/${obj.metadata.name}`);
    if (objects.size === 0) this.byOwner.delete(owner!);
  }
}

/**
 * Watch caches of the objects fedplane placed, on every registered cluster: one informer per cluster x target kind,
 * selecting only objects carrying the owner label, so memory grows with what fedplane manages, not with the clusters.
 * Caches start on first use of a kind and then exist on every cluster (also ones registered later); a cluster's caches
 * go when it is removed or its credentials change.
 */
export class MemberCaches {
  private readonly caches = new Map<string, OwnedCache>(); // `${cluster}|${resourceKey}`
  private readonly kinds = new Map<string, ResourceType>();
  private readonly events = new Channel<MemberEvent>();
  private unsubscribe: Unsubscribe | undefined;

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly informerOptions: Omit<InformerOptions, "labelSelector" | "namespace"> = {},
  ) {}

  start(): void {
    this.unsubscribe ??= this.registry.onEvent((e) => this.onClusterEvent(e));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const cache of this.caches.values()) cache.informer.stop();
    this.caches.clear();
    this.kinds.clear();
  }

  onEvent(listener: (event: MemberEvent) => void): Unsubscribe {
    return this.events.subscribe(listener);
  }

  /** Makes sure the kind is cached on every cluster with credentials (from now on, also on clusters added later). */
  use(type: ResourceType): void {
    const key = resourceKey(type);
    if (this.kinds.has(key)) return;
    this.kinds.set(key, type);
    for (const cluster of this.registry.list()) this.informer(cluster.name, type);
  }

  /** The cache of one kind on one cluster, started on first use; undefined when the cluster has no client. */
  informer(cluster: string, type: ResourceType): Informer | undefined {
    return this.cache(cluster, type)?.informer;
  }

  /** Objects of this kind on this cluster owned by owner (from the cache; empty before it synced). */
  owned(cluster: string, type: ResourceType, owner: string): KubeObject[] {
    return [...(this.cache(cluster, type)?.byOwner.get(owner)?.values() ?? [])];
  }

  /** The cached object (only fedplane-owned objects are cached). */
  get(cluster: string, type: ResourceType, namespace: string, name: string): KubeObject | undefined {
    return this.cache(cluster, type)?.informer.get(namespace, name);
  }

  private cache(cluster: string, type: ResourceType): OwnedCache | undefined {
    const key = `${cluster}|${resourceKey(type)}`;
    const existing = this.caches.get(key);
    if (existing) return existing;
    const client = this.registry.get(cluster)?.client;
    if (!client) return undefined;
    const informer = new Informer(client, type, { ...this.informerOptions, labelSelector: OWNED_SELECTOR });
    const cache = new OwnedCache(informer);
    informer.addHandlers({
      onAdd: (object) => {
        cache.add(object);
        this.events.emit({ cluster, type, change: "ADDED", object });
      },
      onUpdate: (object, old) => {
        cache.remove(old);
        cache.add(object);
        this.events.emit({ cluster, type, change: "MODIFIED", object, old });
      },
      onDelete: (object) => {
        cache.remove(object);
        this.events.emit({ cluster, type, change: "DELETED", object });
      },
    });
    this.caches.set(key, cache);
    this.kinds.set(resourceKey(type), type);
    informer.start();
    return cache;
  }

  private dropCluster(cluster: string) {
    for (const [key, cache] of this.caches) {
      if (!key.startsWith(`${cluster}|`)) continue;
      cache.informer.stop();
      this.caches.delete(key);
    }
  }

  private onClusterEvent(e: ClusterEvent) {
    if (e.type === "removed" || (e.type === "changed" && e.changes.includes("client"))) this.dropCluster(e.cluster.name);
    if (e.type === "added" || (e.type === "changed" && e.changes.includes("client")))
      for (const type of this.kinds.values()) this.informer(e.cluster.name, type);
  }
}
