import type { ClusterClient } from "../cluster/client.js";
import { errorMessage, isAlreadyExists, isConflict, isNotFound } from "../cluster/errors.js";
import { Informer } from "../cluster/informer.js";
import type { KubeObject } from "../cluster/object.js";
import { glooInstanceType } from "../clusters/kinds.js";
import { deepEqual } from "../federation/json.js";

export const INSTANCE_MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
const MANAGED_BY = "fedplane";

interface ClusterWrites {
  desired: KubeObject[];
  timer?: NodeJS.Timeout;
  running: boolean;
  lastWrite: number;
}

/**
 * Keeps the GlooInstance objects of the admin cluster equal to what health discovered: created, updated only when
 * their spec changed, deleted when their installation is gone. Only objects fedplane manages (by label) are touched.
 * Per cluster, writes are serialized and at most one round per `minIntervalMs` (with the latest state): the check
 * summary changes with every object placed, and a busy cluster must not turn into a stream of admin writes.
 */
export class InstanceWriter {
  private readonly informer: Informer;
  private readonly clusters = new Map<string, ClusterWrites>();
  private stopped = false;

  constructor(
    private readonly admin: ClusterClient,
    private readonly namespace: string,
    private readonly onError: (message: string) => void,
    private readonly minIntervalMs = 1000,
  ) {
    this.informer = new Informer(admin, glooInstanceType, { namespace, labelSelector: `${INSTANCE_MANAGED_BY_LABEL}=${MANAGED_BY}` });
  }

  async start(timeoutMs: number): Promise<void> {
    this.informer.start();
    await this.informer.waitForSync({ timeoutMs }).catch((e) => this.onError(`GlooInstance objects cannot be read from the admin cluster: ${errorMessage(e)}`));
  }

  stop(): void {
    this.stopped = true;
    for (const c of this.clusters.values()) clearTimeout(c.timer);
    this.informer.stop();
  }

  /** The GlooInstance objects written, for one cluster or all. */
  written(cluster?: string): KubeObject[] {
    return this.informer
      .list()
      .filter((o) => cluster === undefined || o.spec?.cluster === cluster)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** Makes the cluster's GlooInstances `desired` (an empty list removes them all), soon. */
  sync(cluster: string, desired: KubeObject[]): void {
    let c = this.clusters.get(cluster);
    if (!c) this.clusters.set(cluster, (c = { desired, running: false, lastWrite: 0 }));
    c.desired = desired;
    this.schedule(cluster, c);
  }

  private schedule(cluster: string, c: ClusterWrites): void {
    if (c.timer || c.running || this.stopped) return;
    c.timer = setTimeout(() => void this.flush(cluster, c), Math.max(0, c.lastWrite + this.minIntervalMs - Date.now()));
    c.timer.unref();
  }

  private async flush(cluster: string, c: ClusterWrites): Promise<void> {
    c.timer = undefined;
    c.running = true;
    const desired = c.desired;
    try {
      await this.apply(cluster, desired);
    } catch (e) {
      this.onError(`writing GlooInstances of cluster ${cluster} failed: ${errorMessage(e)}`);
    } finally {
      c.running = false;
      c.lastWrite = Date.now();
    }
    if (c.desired !== desired) this.schedule(cluster, c);
    else if (desired.length === 0) this.clusters.delete(cluster);
  }

  private async apply(cluster: string, desired: KubeObject[]): Promise<void> {
    if (!this.informer.hasSynced) return;
    const existing = new Map(this.written(cluster).map((o) => [o.metadata.name, o]));
    for (const want of desired) {
      const labelled = { ...want, metadata: { ...want.metadata, labels: { ...want.metadata.labels, [INSTANCE_MANAGED_BY_LABEL]: MANAGED_BY } } };
      const have = existing.get(want.metadata.name) ?? this.informer.get(this.namespace, want.metadata.name);
      existing.delete(want.metadata.name);
      if (!have) {
        await this.admin.create(glooInstanceType, labelled).catch((e) => {
          if (!isAlreadyExists(e)) throw e;
        });
      } else if (!deepEqual(have.spec, want.spec) || !deepEqual(have.metadata.labels, labelled.metadata.labels)) {
        await this.admin
          .update(glooInstanceType, { ...labelled, metadata: { ...have.metadata, labels: labelled.metadata.labels } })
          .catch((e) => {
            // A newer version is coming through the informer; the next sync compares against it.
            if (!isConflict(e)) throw e;
          });
      }
    }
    for (const gone of existing.values()) {
      await this.admin.delete(glooInstanceType, this.namespace, gone.metadata.name, { preconditions: { uid: gone.metadata.uid } }).catch((e) => {
        if (!isNotFound(e) && !isConflict(e)) throw e;
      });
    }
  }
}
