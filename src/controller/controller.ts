import { randomUUID } from "node:crypto";
import { silentLogger, type Logger } from "../app/logger.js";
import { errorMessage } from "../cluster/errors.js";
import { systemClock, type Clock } from "./clock.js";
import type { ControllerMetrics, ReconcileOutcome } from "./metrics.js";
import { defaultRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { isTerminal, type Reconciler, type Result } from "./reconcile.js";
import type { Runnable } from "./runnable.js";
import { WorkQueue, type QueueMetrics } from "./work-queue.js";

export interface ControllerOptions {
  /** Names the controller in log lines and metrics. */
  name: string;
  reconciler: Reconciler;
  /** Concurrent reconciles (controller-runtime's MaxConcurrentReconciles; default 1). Never two of one key. */
  workers?: number;
  /** Delays of retries (default: client-go's, 5 ms doubling to 5 min per key, 10 qps / burst 100 overall). */
  rateLimiter?: RateLimiter;
  clock?: Clock;
  logger?: Logger;
  metrics?: ControllerMetrics;
  /** How long stop() waits for aborted reconciles to return (default 30 s). */
  stopTimeoutMs?: number;
}

interface Running {
  key: string;
  reconcileID: string;
  abort: AbortController;
}

/**
 * A named controller (controller-runtime's shape): a rate-limited work queue of keys and N workers running the
 * reconciler. Keys added before start() wait for it. A reconcile that throws or rejects is retried with per-key
 * backoff and never ends its worker. stop() stops taking keys, aborts the signal of every reconcile in flight and
 * waits for them (bounded); after it, nothing more runs until the next start(), which begins with an empty queue:
 * the owner re-adds what it wants reconciled (controllers resync on start).
 */
export class Controller implements Runnable {
  readonly name: string;
  private readonly clock: Clock;
  private readonly limiter: RateLimiter;
  private readonly log: Logger;
  private queue: WorkQueue;
  private state: "new" | "running" | "stopped" = "new";
  private workers: Promise<void> | undefined;
  private readonly inFlight = new Set<Running>();
  private active = 0;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: ControllerOptions) {
    this.name = options.name;
    this.clock = options.clock ?? systemClock;
    this.limiter = options.rateLimiter ?? defaultRateLimiter(this.clock);
    this.log = (options.logger ?? silentLogger).child({ controller: options.name });
    this.queue = this.newQueue();
  }

  get running(): boolean {
    return this.state === "running";
  }

  /** Queues key (once, however often it is added before a worker takes it). Ignored while stopped. */
  add(key: string): void {
    this.queue.add(key);
  }

  /** Queues key after delayMs (the earliest of several pending delays wins). */
  addAfter(key: string, delayMs: number): void {
    this.queue.addAfter(key, delayMs);
  }

  /** Whether key is queued, waiting for a delayed add, or being reconciled. */
  has(key: string): boolean {
    return this.queue.has(key);
  }

  async start(): Promise<void> {
    if (this.state === "running") return;
    // Reconciles that outlived the last stop()'s bound must end first: a key is never reconciled twice at once.
    await this.workers;
    if (this.running) return; // a concurrent start() won
    if (this.state === "stopped") this.queue = this.newQueue();
    this.state = "running";
    const queue = this.queue;
    this.workers = Promise.all(Array.from({ length: Math.max(1, this.options.workers ?? 1) }, () => this.work(queue))).then(() => {});
  }

  async stop(): Promise<void> {
    const wasRunning = this.state === "running";
    this.state = "stopped";
    this.queue.shutDown(); // before aborting: no worker takes another key
    if (wasRunning) this.stopping = this.drain();
    await this.stopping;
  }

  private async drain(): Promise<void> {
    for (const r of this.inFlight) r.abort.abort(new Error(`controller ${this.name} is stopping`));
    let timer: unknown;
    const timedOut = await Promise.race([
      this.workers!.then(() => false),
      new Promise<boolean>((resolve) => (timer = this.clock.setTimeout(() => resolve(true), this.options.stopTimeoutMs ?? 30_000))),
    ]);
    this.clock.clearTimeout(timer);
    if (timedOut) {
      const keys = [...this.inFlight].map((r) => r.key);
      this.log.error("reconciles ignored the stop signal and are still running; they may still write", { keys });
    }
  }

  private newQueue(): WorkQueue {
    const { metrics } = this.options;
    const name = this.name;
    const hooks: QueueMetrics | undefined = metrics && {
      depth: (n) => metrics.queueDepth(name, n),
      added: () => metrics.queueAdd(name),
      retried: () => metrics.queueRetry(name),
      queueLatency: (s) => metrics.queueLatency(name, s),
      workDuration: (s) => metrics.workDuration(name, s),
    };
    return new WorkQueue(this.limiter, this.clock, hooks);
  }

  private async work(queue: WorkQueue): Promise<void> {
    for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
      try {
        await this.reconcileOne(queue, key);
      } catch (e) {
        // Only a throwing logger or metrics hook gets here; the worker must live on regardless.
        this.log.error("controller failed around a reconcile", { key, error: errorMessage(e) });
      } finally {
        queue.done(key);
      }
    }
  }

  private async reconcileOne(queue: WorkQueue, key: string): Promise<void> {
    const running: Running = { key, reconcileID: randomUUID(), abort: new AbortController() };
    const log = this.log.child({ key, reconcileID: running.reconcileID });
    const started = this.clock.now();
    this.inFlight.add(running);
    let outcome: ReconcileOutcome;
    try {
      this.setActive(+1);
      const result: Result | void = await this.options.reconciler.reconcile(key, running.abort.signal, log);
      outcome = this.afterSuccess(queue, key, result || {});
    } catch (e) {
      outcome = this.afterError(queue, key, e, log, running.abort.signal.aborted);
    } finally {
      this.inFlight.delete(running);
      this.setActive(-1);
    }
    this.options.metrics?.reconciled(this.name, outcome, (this.clock.now() - started) / 1000);
  }

  private afterSuccess(queue: WorkQueue, key: string, result: Result): ReconcileOutcome {
    if (result.requeueAfter !== undefined && result.requeueAfter > 0) {
      queue.forget(key);
      queue.addAfter(key, result.requeueAfter);
      return "requeue_after";
    }
    if (result.requeue) {
      queue.addRateLimited(key);
      return "requeue";
    }
    queue.forget(key);
    return "success";
  }

  private afterError(queue: WorkQueue, key: string, error: unknown, log: Logger, aborted: boolean): ReconcileOutcome {
    if (aborted && this.state === "stopped") {
      log.debug("reconcile ended by stop", { error: errorMessage(error) });
      return "error";
    }
    if (isTerminal(error)) {
      queue.forget(key);
      log.error("reconcile failed; not retrying (terminal error)", { error: errorMessage(error) });
      return "terminal";
    }
    queue.addRateLimited(key);
    log.error("reconcile failed; retrying with backoff", { error: errorMessage(error), failures: this.limiter.failures(key) });
    return "error";
  }

  private setActive(delta: number): void {
    this.active += delta;
    this.options.metrics?.activeWorkers(this.name, this.active);
  }
}
