import type { Logger } from "../app/logger.js";
import type { ClusterClient } from "../cluster/client.js";
import type { KubeObject } from "../cluster/object.js";
import { core, type ResourceType } from "../cluster/resource-type.js";
import { isUsable, unusableReason, type ClusterEvent, type ClusterRegistry, type RegisteredCluster } from "../clusters/registry.js";
import { Controller } from "../controller/controller.js";
import type { ControllerMetrics } from "../controller/metrics.js";
import type { Result } from "../controller/reconcile.js";
import { Channel, type Unsubscribe } from "../federation/events.js";
import type { FederatedKind } from "../federation/kinds.js";
import type { FederatedObject } from "../federation/resource.js";
import { resolveExcludes } from "./check-items.js";
import { checkCluster, type ConnectionState } from "./check.js";
import { ClusterCache } from "./cluster-cache.js";
import { buildGlooInstance, discoverInstances } from "./instances.js";
import { InstanceWriter } from "./instance-writer.js";
import { placementHealth, type DestinationHealth } from "./placement-health.js";
import type { CheckItem, CheckOptions, ClusterCheck, Finding } from "./types.js";

/** A finding with where it came from, as clusterHealthChanged reports it. */
export interface HealthFinding extends Finding {
  severity: "error" | "warning";
  /** The check item's key, e.g. "upstreams". */
  item: string;
  /** The GlooInstance name, for instance-level items. */
  instance?: string;
}

/** A finding appeared or cleared in a cluster; `check` is the cluster's whole current check. */
export interface ClusterHealthEvent {
  cluster: string;
  check: ClusterCheck;
  appeared: HealthFinding[];
  cleared: HealthFinding[];
}

export interface HealthCheckQuery extends CheckOptions {
  /** Only these clusters (all registered ones when omitted). Unknown names are an error. */
  clusters?: readonly string[];
}

export class UnknownClusterError extends Error {
  constructor(readonly cluster: string) {
    super(`cluster "${cluster}" is not registered`);
    this.name = "UnknownClusterError";
  }
}

export interface HealthServiceOptions {
  registry: Pick<ClusterRegistry, "list" | "get" | "onEvent">;
  /** Where GlooInstance objects are written; omitted: none are written. */
  admin?: ClusterClient;
  federationNamespace: string;
  /** A full re-check of every cluster this often, catching what no event announces (default 30 s). */
  resyncMs?: number;
  onError?: (message: string) => void;
  /** Start the GlooInstance writer with the service (default true). Leave it off to run `instanceWriter` on a Manager. */
  startWriter?: boolean;
  /** Where the checks and the GlooInstance writer log their retries (with a reconcile ID per round). */
  logger?: Logger;
  metrics?: ControllerMetrics;
  /**
   * Items about the federation on the admin cluster (CRDs it lacks, another writer of placement statuses), reported
   * with the check of the admin cluster (registered as `local`).
   */
  adminItems?: () => CheckItem[];
}

interface Tracked {
  cluster: RegisteredCluster;
  cache?: ClusterCache;
  check?: ClusterCheck;
  findings: Map<string, HealthFinding>;
  scheduled: boolean;
}

const findingKey = (f: HealthFinding) => `${f.instance ?? ""}|${f.item}|${f.severity}|${f.message}`;

/** Every finding of a cluster check, keyed so that the same problem compares equal across checks. */
function findingsOf(check: ClusterCheck): Map<string, HealthFinding> {
  const out = new Map<string, HealthFinding>();
  const add = (items: CheckItem[], instance?: string) => {
    for (const item of items) {
      for (const [severity, list] of [["error", item.errors], ["warning", item.warnings]] as const) {
        for (const f of list) {
          const finding: HealthFinding = { ...f, severity, item: item.key, ...(instance ? { instance } : {}) };
          out.set(findingKey(finding), finding);
        }
      }
    }
  };
  add(check.items);
  for (const instance of check.instances) add(instance.items, instance.name);
  return out;
}

export const currentFindings = (check: ClusterCheck): HealthFinding[] => [...findingsOf(check).values()];

/**
 * Cross-cluster health, served from watch caches: per registered cluster, caches of Gloo's kinds and workloads
 * (./cluster-cache.ts); `check` computes glooctl's items from them without calling any cluster; every change is
 * re-checked per cluster (coalesced), announced on clusterHealthChanged when a finding appears or clears, and
 * reflected in the cluster's GlooInstance objects on the admin cluster. An unreachable cluster is one connection
 * finding; nothing ever waits on it.
 */
export class HealthService {
  private readonly tracked = new Map<string, Tracked>();
  private readonly events = new Channel<ClusterHealthEvent>();
  /** Writes the GlooInstance objects (when there is an admin cluster); a runnable for a leader-only Manager slot. */
  readonly instanceWriter: InstanceWriter | undefined;
  /** Re-checks clusters (keyed by name): every replica runs it, since it only computes and announces. */
  private readonly checks: Controller;
  private unsubscribe: Unsubscribe | undefined;
  private running = false;

  constructor(private readonly options: HealthServiceOptions) {
    const onError = options.onError ?? (() => {});
    const { logger, metrics } = options;
    this.checks = new Controller({ name: "health-checks", reconciler: { reconcile: async (name) => this.recheck(name) }, logger, metrics });
    this.instanceWriter = options.admin ? new InstanceWriter(options.admin, options.federationNamespace, onError, { logger, metrics }) : undefined;
  }

  /**
   * Starts caching every registered cluster; resolves once the first lists are in, or after timeoutMs (default 2 s):
   * an unreachable cluster must not hold up the server. Until its caches load, its items say "not loaded yet".
   */
  async start(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.running) return;
    this.running = true;
    const timeoutMs = options.timeoutMs ?? 2_000;
    this.unsubscribe = this.options.registry.onEvent((e) => this.onClusterEvent(e));
    for (const cluster of this.options.registry.list()) this.track(cluster);
    if (this.options.startWriter ?? true) await this.instanceWriter?.start(timeoutMs);
    await Promise.all([...this.tracked.values()].map((t) => t.cache?.settled(timeoutMs)));
    await this.checks.start();
    for (const name of this.tracked.keys()) this.schedule(name);
  }

  /** Stops the caches and the GlooInstance writer; resolves once no write is in flight. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.checks.stop();
    this.unsubscribe?.();
    for (const t of this.tracked.values()) t.cache?.stop();
    this.tracked.clear();
    await this.instanceWriter?.stop();
  }

  /** glooctl's check for each cluster (sorted by name), computed from the caches now. */
  check(query: HealthCheckQuery = {}): ClusterCheck[] {
    resolveExcludes(query.exclude); // bad keys fail before any work
    const names = query.clusters?.length ? [...new Set(query.clusters)] : [...this.tracked.keys()];
    for (const name of names) if (!this.tracked.has(name)) throw new UnknownClusterError(name);
    return names.sort().map((name) => this.withAdminItems(this.tracked.get(name)!, this.checkOne(this.tracked.get(name)!, query)));
  }

  private withAdminItems(t: Tracked, check: ClusterCheck): ClusterCheck {
    const isAdmin = t.cluster.local || (t.cluster.name === "local" && !this.options.registry.list().some((c) => c.local));
    if (!isAdmin || !this.options.adminItems) return check;
    return { ...check, items: [...check.items, ...this.options.adminItems()] };
  }

  /** The GlooInstance objects as discovered now (also when none are written to an admin cluster). */
  glooInstances(cluster?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const t of this.tracked.values()) {
      if ((cluster && t.cluster.name !== cluster) || !t.cache || !this.connection(t).reachable) continue;
      const check = t.check ?? this.checkOne(t, {});
      for (const instance of discoverInstances(t.cluster.name, t.cache)) {
        const instanceCheck = check.instances.find((i) => i.name === instance.name);
        if (instanceCheck) out.push(buildGlooInstance(t.cache, instance, instanceCheck, this.options.federationNamespace));
      }
    }
    return out.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** What Gloo in each destination cluster says about a federated object's placed objects. */
  placementHealth(kind: FederatedKind, fed: FederatedObject): DestinationHealth[] {
    return placementHealth(kind, fed, (name) => {
      const t = this.tracked.get(name);
      return t?.cache ? { view: t.cache, reachable: this.connection(t).reachable } : undefined;
    });
  }

  /**
   * A Gloo kind's objects in a cluster straight from health's caches (for reads of member clusters without API
   * calls); undefined when they are not cached, not loaded yet, or the cluster is unreachable (the cache may be stale).
   */
  cachedObjects(cluster: string, type: ResourceType, namespace?: string): readonly KubeObject[] | undefined {
    const t = this.tracked.get(cluster);
    if (!t?.cache || !this.connection(t).reachable) return undefined;
    return t.cache.complete(type, namespace);
  }

  /** Findings appearing or clearing, per cluster. */
  onHealthChanged(listener: (event: ClusterHealthEvent) => void): Unsubscribe {
    return this.events.subscribe(listener);
  }

  // ---- clusters ----

  private connection(t: Tracked): ConnectionState {
    return isUsable(t.cluster) ? { reachable: true } : { reachable: false, message: unusableReason(t.cluster) };
  }

  private checkOne(t: Tracked, options: CheckOptions): ClusterCheck {
    if (!t.cache) return checkCluster(t.cluster.name, this.connection(t), emptyView, options);
    return checkCluster(t.cluster.name, this.connection(t), t.cache, options);
  }

  private onClusterEvent(e: ClusterEvent): void {
    if (!this.running) return;
    if (e.type === "added") this.track(e.cluster);
    else if (e.type === "removed") this.untrack(e.cluster.name);
    else {
      const t = this.tracked.get(e.cluster.name);
      if (!t) return this.track(e.cluster);
      const clientChanged = t.cluster.client !== e.cluster.client;
      t.cluster = e.cluster;
      if (clientChanged) {
        t.cache?.stop();
        t.cache = this.cacheFor(e.cluster);
      }
      this.schedule(e.cluster.name);
    }
  }

  private cacheFor(cluster: RegisteredCluster): ClusterCache | undefined {
    return cluster.client ? new ClusterCache(cluster.client, () => this.schedule(cluster.name)).start() : undefined;
  }

  private track(cluster: RegisteredCluster): void {
    if (this.tracked.has(cluster.name)) return;
    this.tracked.set(cluster.name, { cluster, cache: this.cacheFor(cluster), findings: new Map(), scheduled: false });
    this.schedule(cluster.name);
  }

  private untrack(name: string): void {
    const t = this.tracked.get(name);
    if (!t) return;
    t.cache?.stop();
    this.tracked.delete(name);
    this.instanceWriter?.sync(name, []);
    const cleared = [...t.findings.values()];
    if (cleared.length) this.events.emit({ cluster: name, check: { cluster: name, items: [], instances: [] }, appeared: [], cleared });
  }

  /** Coalesces the cache events of one event-loop turn into one re-check per cluster. */
  private schedule(name: string): void {
    const t = this.tracked.get(name);
    if (!t || t.scheduled || !this.running) return;
    t.scheduled = true;
    setImmediate(() => {
      t.scheduled = false;
      if (this.tracked.get(name) === t) this.checks.add(name);
    });
  }

  /** One cluster's re-check; a throw is retried with backoff, and every cluster is re-checked every resyncMs. */
  private recheck(name: string): Result | void {
    const t = this.tracked.get(name);
    if (!t) return;
    t.cache?.followSecretReferences();
    const check = this.checkOne(t, {});
    t.check = check;
    const next = findingsOf(check);
    const appeared = [...next].filter(([k]) => !t.findings.has(k)).map(([, f]) => f);
    const cleared = [...t.findings].filter(([k]) => !next.has(k)).map(([, f]) => f);
    t.findings = next;
    if (appeared.length || cleared.length) this.events.emit({ cluster: name, check, appeared, cleared });
    this.writeInstances(t, check);
    // Catches what no event announces; a re-check meanwhile does not push it back (the earliest pending delay wins).
    return { requeueAfter: this.options.resyncMs ?? 30_000 };
  }

  private writeInstances(t: Tracked, check: ClusterCheck): void {
    // Unreachable or still loading: keep the last known GlooInstances rather than deleting them.
    if (!this.instanceWriter || !t.cache || !this.connection(t).reachable || t.cache.readFailure(core.deployments)) return;
    const cache = t.cache;
    const desired = discoverInstances(t.cluster.name, cache).flatMap((instance) => {
      const instanceCheck = check.instances.find((i) => i.name === instance.name);
      return instanceCheck ? [buildGlooInstance(cache, instance, instanceCheck, this.options.federationNamespace)] : [];
    });
    this.instanceWriter.sync(t.cluster.name, desired);
  }
}

const emptyView = { list: () => [], readFailure: () => undefined };

