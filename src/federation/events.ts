import type { WatchEventType } from "../cluster/object.js";
import type { FederatedObject, PlacementStatus } from "./resource.js";

/** The observed placement of one federated object changed (a status written, or a destination seen changing). */
export interface PlacementChangedEvent {
  kind: string;
  namespace: string;
  name: string;
  generation: number;
  placementStatus: PlacementStatus;
}

/** A federated object was added, modified or deleted on the admin cluster. */
export interface ResourceChangedEvent {
  type: WatchEventType;
  object: FederatedObject;
}

export type Unsubscribe = () => void;

/** A minimal typed event channel: listeners run synchronously in subscription order; one throwing does not stop the rest. */
export class Channel<T> {
  private readonly listeners = new Set<(event: T) => void>();

  subscribe(listener: (event: T) => void): Unsubscribe {
    const entry = (event: T) => listener(event);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  emit(event: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken subscriber must not break placement or the other subscribers.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
