import { Channel, type PlacementChangedEvent, type ResourceChangedEvent, type Unsubscribe } from "./events.js";
import { sameStatus } from "./placement-status.js";
import { refKey, type FederatedObject, type PlacementStatus } from "./resource.js";
import type { FederatedStore } from "./store.js";

/**
 * The observed placement of every federated object, and the domain event streams built on it:
 * - placement changes, emitted when the reconciler computes a new status and when a member-cluster watch sees a placed
 *   object change behind fedplane's back (before it is restored), deduplicated per object;
 * - resource changes (ADDED / MODIFIED / DELETED) of federated objects on the admin cluster.
 * While no reconciler runs in this process, written statuses seen on the admin cluster are the placement source.
 */
export class PlacementFeed {
  private readonly placements = new Channel<PlacementChangedEvent>();
  private readonly resources = new Channel<ResourceChangedEvent>();
  private readonly observed = new Map<string, PlacementStatus>();
  private reconcilerActive = false;
  private unsubscribe: Unsubscribe | undefined;

  constructor(private readonly store: FederatedStore) {}

  start(): void {
    this.unsubscribe ??= this.store.onEvent((e) => {
      const key = refKey({ kind: e.kind.name, namespace: e.object.metadata.namespace ?? "", name: e.object.metadata.name });
      const status = e.object.status?.placementStatus;
      if (e.type === "DELETED") this.observed.delete(key);
      else if (!this.reconcilerActive && status) this.record(key, e.object, this.observed.get(key) ?? e.old?.status?.placementStatus, status);
      this.resources.emit({ type: e.type, object: e.object });
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** The reconciler of this process is (not) the source of placement observations. */
  setReconcilerActive(active: boolean): void {
    this.reconcilerActive = active;
    if (!active) this.observed.clear();
  }

  /** Records what is now known about obj's placement; emits when it differs from what was last known. */
  observe(obj: FederatedObject, status: PlacementStatus): void {
    const key = refKey({ kind: obj.kind, namespace: obj.metadata.namespace ?? "", name: obj.metadata.name });
    this.record(key, obj, this.observed.get(key) ?? obj.status?.placementStatus, status);
  }

  private record(key: string, obj: FederatedObject, previous: PlacementStatus | undefined, status: PlacementStatus): void {
    this.observed.set(key, status);
    if (sameStatus(previous, status)) return;
    this.placements.emit({
      kind: obj.kind,
      namespace: obj.metadata.namespace ?? "",
      name: obj.metadata.name,
      generation: obj.metadata.generation ?? 0,
      placementStatus: status,
    });
  }

  /** The last observed placement of an object (or the status it carries), for drift transitions and late subscribers. */
  current(obj: FederatedObject): PlacementStatus | undefined {
    return this.observed.get(refKey({ kind: obj.kind, namespace: obj.metadata.namespace ?? "", name: obj.metadata.name })) ?? obj.status?.placementStatus;
  }

  onPlacementChanged(listener: (event: PlacementChangedEvent) => void): Unsubscribe {
    return this.placements.subscribe(listener);
  }

  onResourceChanged(listener: (event: ResourceChangedEvent) => void): Unsubscribe {
    return this.resources.subscribe(listener);
  }
}
