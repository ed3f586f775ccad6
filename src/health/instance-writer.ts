import { silentLogger, type Logger } from "../app/logger.js";
import type { ClusterClient } from "../cluster/client.js";
import { errorMessage, isAlreadyExists, isConflict, isNotFound } from "../cluster/errors.js";
import { Informer } from "../cluster/informer.js";
import type { KubeObject } from "../cluster/object.js";
import { glooInstanceType } from "../clusters/kinds.js";
import type { Clock } from "../controller/clock.js";
import { Controller } from "../controller/controller.js";
import type { ControllerMetrics } from "../controller/metrics.js";
import type { RateLimiter } from "../controller/rate-limiter.js";
import type { Result } from "../controller/reconcile.js";
import type { Runnable } from "../controller/runnable.js";
import { deepEqual } from "../federation/json.js";

export const INSTANCE_MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
const MANAGED_BY = "fedplane";

export interface InstanceWriterOptions {
  /** At most one round of writes per cluster this often after a successful one (default 1 s). */
  minIntervalMs?: number;
  /** Deadline of one write to the admin cluster (default 10 s): a hung admin cluster must not hold the writer. */
  requestTimeoutMs?: number;
  logger?: Logger;
  metrics?: ControllerMetrics;
  rateLimiter?: RateLimiter;
  clock?: Clock;
}

/**
 * Keeps the GlooInstance objects of the admin cluster equal to what health discovered: created, updated only when
 * their spec changed, deleted when their installation is gone. Only objects fedplane manages (by label) are touched.
 * A controller keyed by cluster: sync() records the desired objects and queues the cluster; a failed write is retried
 * with backoff; a managed object changed or deleted by someone else is put back. After a successful round, the next
 * waits `minIntervalMs` (with the latest state): the check summary changes with every object placed, and a busy
 * cluster must not turn into a stream of admin writes.
 */
export class InstanceWriter implements Runnable {
  readonly name = "GlooInstance writer";
  private informer: Informer;
  private informerStopped = false;
  private readonly controller: Controller;
  private readonly desired = new Map<string, KubeObject[]>();
  /** When the last successful round of each cluster started. */
  private readonly lastRound = new Map<string, number>();
  private readonly minIntervalMs: number;
  private readonly requestTimeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly admin: ClusterClient,
    private readonly namespace: string,
    private readonly onError: (message: string) => void,
    options: InstanceWriterOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.now = options.clock ? () => options.clock!.now() : Date.now;
    this.informer = this.newInformer();
    this.controller = new Controller({
      name: "gloo-instances",
      reconciler: { reconcile: (cluster, signal) => this.reconcile(cluster, signal) },
      logger: options.logger ?? silentLogger,
      metrics: options.metrics,
      rateLimiter: options.rateLimiter,
      clock: options.clock,
    });
  }

  /**
   * Starts the cache of written objects (waiting for it at most timeoutMs) and the controller. Started again after a
   * stop (leadership regained), it writes every cluster's latest desired state.
   */
  async start(timeoutMs = 2_000): Promise<void> {
    if (this.controller.running) return;
    if (this.informerStopped) this.informer = this.newInformer();
    this.informerStopped = false;
    this.informer.start();
    await this.informer.waitForSync({ timeoutMs }).catch((e) => this.onError(`GlooInstance objects cannot be read from the admin cluster: ${errorMessage(e)}`));
    await this.controller.start();
    for (const cluster of this.desired.keys()) this.controller.add(cluster);
  }

  /** Returns once no write is in flight; nothing is written afterwards. */
  async stop(): Promise<void> {
    await this.controller.stop();
    this.informer.stop();
    this.informerStopped = true;
  }

  /** The admin cluster's managed GlooInstances; one changed or deleted by someone else brings its cluster back. */
  private newInformer(): Informer {
    const informer = new Informer(this.admin, glooInstanceType, { namespace: this.namespace, labelSelector: `${INSTANCE_MANAGED_BY_LABEL}=${MANAGED_BY}` });
    const changed = (obj: KubeObject) => {
      const cluster = obj.spec?.cluster;
      if (typeof cluster === "string" && this.desired.has(cluster)) this.controller.add(cluster);
    };
    informer.addHandlers({ onUpdate: changed, onDelete: changed });
    return informer;
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
    this.desired.set(cluster, desired);
    this.controller.add(cluster);
  }

  private async reconcile(cluster: string, signal: AbortSignal): Promise<Result | void> {
    const desired = this.desired.get(cluster);
    if (!desired) return;
    // A transient state: the error is retried with backoff until the admin cluster's objects are listed.
    if (!this.informer.hasSynced) throw new Error(`GlooInstance objects of the admin cluster are not loaded yet: ${errorMessage(this.informer.lastError ?? "still listing")}`);
    const started = this.now();
    const wait = (this.lastRound.get(cluster) ?? -Infinity) + this.minIntervalMs - started;
    if (wait > 0) return { requeueAfter: wait };
    const conflicted = await this.apply(cluster, desired, signal);
    this.lastRound.set(cluster, started);
    // A conflict means a newer version is on its way through the informer: compare against it next time.
    if (conflicted) return { requeue: true };
    if (desired.length === 0 && this.desired.get(cluster) === desired) {
      this.desired.delete(cluster);
      this.lastRound.delete(cluster);
    }
  }

  /** Writes what differs; whether a write met a conflict. */
  private async apply(cluster: string, desired: KubeObject[], stop: AbortSignal): Promise<boolean> {
    // Each call ends at its deadline or when the controller stops, whichever comes first.
    const call = () => ({ signal: AbortSignal.any([stop, AbortSignal.timeout(this.requestTimeoutMs)]) });
    let conflicted = false;
    const conflictIsLater = (e: unknown) => {
      if (!isConflict(e)) throw e;
      conflicted = true;
    };
    const existing = new Map(this.written(cluster).map((o) => [o.metadata.name, o]));
    for (const want of desired) {
      const labelled = { ...want, metadata: { ...want.metadata, labels: { ...want.metadata.labels, [INSTANCE_MANAGED_BY_LABEL]: MANAGED_BY } } };
      const have = existing.get(want.metadata.name) ?? this.informer.get(this.namespace, want.metadata.name);
      existing.delete(want.metadata.name);
      if (!have) {
        await this.admin.create(glooInstanceType, labelled, call()).catch((e) => {
          // Written by an earlier round the cache does not show yet (its event brings the cluster back), or not ours.
          if (!isAlreadyExists(e)) throw e;
        });
      } else if (!deepEqual(have.spec, want.spec) || !deepEqual(have.metadata.labels, labelled.metadata.labels)) {
        await this.admin
          .update(glooInstanceType, { ...labelled, metadata: { ...have.metadata, labels: labelled.metadata.labels } }, call())
          .catch(conflictIsLater);
      }
    }
    for (const gone of existing.values()) {
      await this.admin.delete(glooInstanceType, this.namespace, gone.metadata.name, { preconditions: { uid: gone.metadata.uid }, ...call() }).catch((e) => {
        if (!isNotFound(e)) conflictIsLater(e);
      });
    }
    return conflicted;
  }
}
