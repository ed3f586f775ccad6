import type { Change } from "./watcher.js";

/**
 * The last `capacity` changes of one cluster, like etcd's revisions before compaction: a watch can resume from any
 * resourceVersion at or after `start`; older ones get 410 Gone.
 */
export class History {
  private ring: Change[] = [];
  private head = 0; // index of the oldest entry once the ring is full
  /** Every change with rv > start is retained. */
  start = 0;

  constructor(private readonly capacity: number) {}

  push(change: Change): void {
    if (this.capacity <= 0) {
      this.start = change.rv;
    } else if (this.ring.length < this.capacity) {
      this.ring.push(change);
    } else {
      this.start = this.ring[this.head].rv;
      this.ring[this.head] = change;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Changes after `rv`, oldest first. */
  *since(rv: number): Generator<Change> {
    const n = this.ring.length;
    for (let i = 0; i < n; i++) {
      const c = this.ring[(this.head + i) % n];
      if (c.rv > rv) yield c;
    }
  }

  /** Forgets everything up to `rv` (compaction, or a restart: history is not persisted). */
  expire(rv: number): void {
    this.ring = [];
    this.head = 0;
    this.start = rv;
  }
}
