import type { ClusterClient } from "../../src/cluster/client.js";
import { Informer } from "../../src/cluster/informer.js";
import type { KubeObject } from "../../src/cluster/object.js";
import type { ResourceType } from "../../src/cluster/resource-type.js";
import { wallMs } from "./clock.js";

/** When each awaited thing was first seen (wallMs), and waiting for sets of them. */
export class Arrivals {
  private readonly seen = new Map<string, number>();
  private readonly waiters = new Set<{ keys: readonly string[]; resolve(at: number): void }>();

  mark(key: string, at = wallMs()): void {
    if (this.seen.has(key)) return;
    this.seen.set(key, at);
    for (const w of this.waiters) {
      const last = this.latest(w.keys);
      if (last !== undefined) {
        this.waiters.delete(w);
        w.resolve(last);
      }
    }
  }

  has(key: string): boolean {
    return this.seen.has(key);
  }

  get size(): number {
    return this.seen.size;
  }

  /** Resolves with the time the last of keys was seen; rejects after timeoutMs naming how many are missing. */
  waitFor(keys: readonly string[], timeoutMs: number, what: string): Promise<number> {
    const last = this.latest(keys);
    if (last !== undefined) return Promise.resolve(last);
    return new Promise((resolve, reject) => {
      const waiter = {
        keys,
        resolve: (at: number) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const missing = keys.filter((k) => !this.seen.has(k));
        reject(new Error(`${what}: ${missing.length} of ${keys.length} not seen after ${timeoutMs / 1000} s (e.g. ${missing[0]})`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private latest(keys: readonly string[]): number | undefined {
    let last = 0;
    for (const k of keys) {
      const at = this.seen.get(k);
      if (at === undefined) return undefined;
      last = Math.max(last, at);
    }
    return last;
  }
}

export const memberKey = (cluster: string, namespace: string, name: string) => `${cluster}/${namespace}/${name}`;

/** Marks `cluster/namespace/name` when an object of type first appears on the cluster (seen by a watch). */
export async function observeMembers(client: ClusterClient, type: ResourceType, arrivals: Arrivals): Promise<Informer> {
  const informer = new Informer(client, type);
  const seen = (o: KubeObject) => arrivals.mark(memberKey(client.name, o.metadata.namespace ?? "", o.metadata.name));
  informer.addHandlers({ onAdd: seen, onUpdate: seen });
  informer.start();
  await informer.waitForSync({ timeoutMs: 60_000 });
  return informer;
}

/**
 * Marks `namespace/name@generation` when a federated object's written status says PLACED for that generation (seen
 * by a watch of the admin cluster).
 */
export async function observePlacedStatus(admin: ClusterClient, type: ResourceType, arrivals: Arrivals): Promise<Informer> {
  const informer = new Informer(admin, type);
  const seen = (o: KubeObject) => {
    const status = o.status?.placementStatus;
    if (status?.state === "PLACED") arrivals.mark(`${o.metadata.namespace}/${o.metadata.name}@${status.observedGeneration ?? o.metadata.generation}`);
  };
  informer.addHandlers({ onAdd: seen, onUpdate: seen });
  informer.start();
  await informer.waitForSync({ timeoutMs: 60_000 });
  return informer;
}
