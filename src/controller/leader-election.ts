import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { silentLogger, type Logger } from "../app/logger.js";
import type { ClusterClient } from "../cluster/client.js";
import { errorMessage, isAlreadyExists, isConflict, isNotFound } from "../cluster/errors.js";
import type { KubeObject } from "../cluster/object.js";
import { core } from "../cluster/resource-type.js";
import type { Runnable } from "./runnable.js";

/** The Lease every fedplane replica of one federation namespace competes for. */
export const LEASE_NAME = "fedplane";

/** client-go's defaults (and controller-runtime's): a leader lost for 15 s is replaced, and stops itself after 10 s. */
export const defaultLeaseTimings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 } as const;
export type LeaseTimings = { leaseDurationMs: number; renewDeadlineMs: number; retryPeriodMs: number };

/** `POD_NAME` (the Downward API in the chart) else the host name, plus a random suffix so two processes never share one. */
export function leaderIdentity(env: NodeJS.ProcessEnv = process.env): string {
  return `${env.POD_NAME || hostname()}_${randomBytes(6).toString("hex")}`;
}

export interface LeaderElectorOptions extends Partial<LeaseTimings> {
  /** The admin cluster. */
  client: ClusterClient;
  namespace: string;
  /** Default `fedplane`. */
  name?: string;
  /** Default leaderIdentity(). */
  identity?: string;
  /** Now leading: start the write loops (manager.elected()). */
  onStartedLeading(): void | Promise<void>;
  /**
   * No longer leading (renew deadline passed, another holder seen, or stop()): stop the write loops (manager.lostLeadership()).
   * The lease is not tried for again until it resolves.
   */
  onStoppedLeading(): void | Promise<void>;
  /** A holder (possibly this one, possibly "" for none) was observed for the first time. */
  onNewLeader?(identity: string): void;
  logger?: Logger;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}
type Lease = KubeObject & { spec?: LeaseSpec };

/**
 * client-go's leader election (tools/leaderelection with a LeaseLock) on a coordination.k8s.io Lease, written on
 * fedplane's ClusterClient rather than @kubernetes/client-node's CoordinationV1Api: the Lease calls then share the admin
 * cluster's one transport (its TLS, token rotation, connection reuse), and every call takes an AbortSignal, which is
 * what bounds a renewal by the renew deadline (a hung request cannot keep a stale leader believing it leads) and
 * makes stop() end a call in flight.
 *
 * Safety rests on renewDeadline < leaseDuration: a leader that has not renewed for renewDeadline stops its write loops,
 * and another replica takes the Lease only once it has seen the same record unchanged for leaseDuration (measured on
 * its own clock from when it saw the record change, as client-go does, so clock skew between replicas does not matter).
 * Every write carries the resourceVersion read just before (optimistic concurrency): two candidates racing for an
 * expired Lease cannot both win.
 */
export class LeaderElector implements Runnable {
  readonly name = "leader election";
  readonly identity: string;
  private readonly leaseName: string;
  private readonly timings: LeaseTimings;
  private readonly log: Logger;
  private controller?: AbortController;
  private loop?: Promise<void>;
  private isLeading = false;
  /** The last Lease seen, and when (on this clock) its holder or renewTime last changed. */
  private observed?: { lease: Lease; at: number };
  private lastHolder?: string;

  constructor(private readonly options: LeaderElectorOptions) {
    this.identity = options.identity ?? leaderIdentity();
    this.leaseName = options.name ?? LEASE_NAME;
    this.timings = {
      leaseDurationMs: options.leaseDurationMs ?? defaultLeaseTimings.leaseDurationMs,
      renewDeadlineMs: options.renewDeadlineMs ?? defaultLeaseTimings.renewDeadlineMs,
      retryPeriodMs: options.retryPeriodMs ?? defaultLeaseTimings.retryPeriodMs,
    };
    const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = this.timings;
    if (!(leaseDurationMs > renewDeadlineMs)) throw new Error(`the lease duration (${leaseDurationMs} ms) must be longer than the renew deadline (${renewDeadlineMs} ms)`);
    if (!(renewDeadlineMs > retryPeriodMs * 1.2)) throw new Error(`the renew deadline (${renewDeadlineMs} ms) must be longer than 1.2 x the retry period (${retryPeriodMs} ms)`);
    this.log = (options.logger ?? silentLogger).child({ component: "leader-election", lease: `${options.namespace}/${this.leaseName}`, identity: this.identity });
  }

  get leading(): boolean {
    return this.isLeading;
  }

  /** Starts competing for the Lease in the background; resolves at once. */
  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.loop = this.run(signal).catch((e) => {
      if (!signal.aborted) this.log.error("leader election stopped unexpectedly", { error: errorMessage(e) });
    });
  }

  /** Stops competing; a leader stops its write loops first (onStoppedLeading), then releases the Lease (client-go's ReleaseOnCancel). */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.controller!.abort();
    await this.loop;
    this.loop = undefined;
    if (this.isLeading) await this.stopLeading("stopping");
    // Also when an acquisition succeeded just as stop() aborted the loop: the Lease is ours, whether or not we led.
    await this.release();
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      // Acquire: try every retry period (jittered, as client-go does, so replicas do not try in lockstep).
      while (!signal.aborted && !(await this.tryAcquireOrRenew(signal))) {
        await sleep(this.timings.retryPeriodMs * (1 + Math.random() * 1.2), signal);
      }
      if (signal.aborted) return;
      this.isLeading = true;
      this.log.info("acquired the lease; leading");
      await this.options.onStartedLeading();
      // Renew every retry period; give up once the last successful renewal is renewDeadline old.
      let renewed = Date.now();
      for (;;) {
        await sleep(this.timings.retryPeriodMs, signal);
        if (signal.aborted) return; // stop() stops leading and releases
        const left = renewed + this.timings.renewDeadlineMs - Date.now();
        const outcome = left > 0 ? await this.tryAcquireOrRenew(signal, left) : false;
        if (signal.aborted) return;
        if (outcome) {
          renewed = Date.now();
          continue;
        }
        const lostTo = this.otherHolder();
        if (lostTo === undefined && Date.now() - renewed < this.timings.renewDeadlineMs) continue;
        await this.stopLeading(lostTo ? `the lease is held by ${lostTo}` : `not renewed within the renew deadline (${this.timings.renewDeadlineMs} ms)`);
        break;
      }
    }
  }

  private async stopLeading(why: string): Promise<void> {
    this.isLeading = false;
    this.log.warn(`stopped leading: ${why}`);
    await this.options.onStoppedLeading();
  }

  /** The holder of the last Lease seen when it is another replica. */
  private otherHolder(): string | undefined {
    const holder = this.observed?.lease.spec?.holderIdentity;
    return holder && holder !== this.identity ? holder : undefined;
  }

  /** One attempt (client-go's tryAcquireOrRenew): true when this replica holds the Lease afterwards. */
  private async tryAcquireOrRenew(stop: AbortSignal, deadlineMs = this.timings.renewDeadlineMs): Promise<boolean> {
    const signal = AbortSignal.any([stop, AbortSignal.timeout(Math.max(1, deadlineMs))]);
    const { client, namespace } = this.options;
    const now = new Date();
    const mine: LeaseSpec = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.ceil(this.timings.leaseDurationMs / 1000),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    try {
      let current: Lease;
      try {
        current = await client.get<Lease>(core.leases, namespace, this.leaseName, { signal });
      } catch (e) {
        if (!isNotFound(e)) throw e;
        const created = await client.create<Lease>(core.leases, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: this.leaseName, namespace }, spec: mine }, { signal });
        this.observe(created);
        return true;
      }
      this.observe(current);
      const spec = current.spec ?? {};
      const expired = Date.now() >= this.observed!.at + this.timings.leaseDurationMs;
      if (spec.holderIdentity && spec.holderIdentity !== this.identity && !expired) return false;
      if (spec.holderIdentity === this.identity) {
        mine.acquireTime = spec.acquireTime ?? mine.acquireTime;
        mine.leaseTransitions = spec.leaseTransitions ?? 0;
      } else {
        mine.leaseTransitions = (spec.leaseTransitions ?? 0) + 1;
      }
      // resourceVersion from the read: a Lease changed since (another candidate won) is a 409, not an overwrite.
      const updated = await client.update<Lease>(core.leases, { ...current, spec: mine }, { signal });
      this.observe(updated);
      return true;
    } catch (e) {
      if (stop.aborted) return false;
      if (isConflict(e) || isAlreadyExists(e)) this.log.debug("another replica wrote the lease first");
      else this.log.warn("reading or writing the lease failed; retrying", { error: errorMessage(e) });
      return false;
    }
  }

  private observe(lease: Lease): void {
    const before = this.observed?.lease.spec;
    const spec = lease.spec ?? {};
    if (!before || before.holderIdentity !== spec.holderIdentity || before.renewTime !== spec.renewTime) {
      this.observed = { lease, at: Date.now() };
    } else {
      this.observed = { lease, at: this.observed!.at };
    }
    const holder = spec.holderIdentity ?? "";
    if (holder !== this.lastHolder) {
      this.lastHolder = holder;
      this.options.onNewLeader?.(holder);
    }
  }

  /** Gives the Lease up at once (empty holder), so another replica takes over without waiting out the lease duration. */
  private async release(): Promise<void> {
    const current = this.observed?.lease;
    if (!current || current.spec?.holderIdentity !== this.identity) return;
    const now = microTime(new Date());
    try {
      const released = await this.options.client.update<Lease>(
        core.leases,
        { ...current, spec: { leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: current.spec?.leaseTransitions ?? 0 } },
        { signal: AbortSignal.timeout(this.timings.renewDeadlineMs) },
      );
      this.observe(released);
      this.log.info("released the lease");
    } catch (e) {
      this.log.warn("releasing the lease failed; another replica takes over once it expires", { error: errorMessage(e) });
    }
  }
}

/** metav1.MicroTime: RFC 3339 with exactly six fractional digits. */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
