import {
  ConsoleClustersDocument,
  ConsoleHealthDocument,
  ConsolePlacementChangesDocument,
  ConsoleResourcesDocument,
  ConsoleResourceVerdictsDocument,
  type ConsoleClusterFragment,
  type ConsoleFindingFragment,
  type ConsolePlacementFragment,
  type ConsoleVerdictFragment,
  type FederatedKind,
  type GlooVerdict,
  type PlacementState,
} from "../generated/graphql";
import { request, subscribe, type ApiError } from "../api/client";
import { cellState, worst, type CellState } from "./cells";

export interface Destination {
  state: PlacementState;
  message?: string | null;
  gloo?: GlooVerdict;
  glooReason?: string | null;
  reporter?: string | null;
}

export interface Resource {
  key: string;
  kind: FederatedKind;
  /** e.g. "FederatedUpstream". */
  kindName: string;
  targetKind: string;
  namespace: string;
  name: string;
  /** The placed objects' name (the template's), once a verdict told it. */
  placedName?: string;
  generation?: number | null;
  deleting: boolean;
  state?: PlacementState;
  message?: string | null;
  /** cluster -> namespace -> destination */
  destinations: Map<string, Map<string, Destination>>;
}

export interface TimelineEvent {
  at: Date;
  resource: string;
  cluster?: string;
  namespace?: string;
  text: string;
  tone: "ok" | "bad" | "info";
}

export interface ClusterHealth {
  ok: boolean;
  errorCount: number;
  warningCount: number;
}

export const resourceKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

const TIMELINE_PER_RESOURCE = 200;
const VERDICT_RETRY_MS = [150, 1_000, 3_000, 8_000];
const VERDICT_CONCURRENCY = 4;

/** Gloo has not spoken about a placed object yet: its verdict is worth asking for again. */
const awaitingVerdict = (d: Destination) => d.state === "PLACED" && (!d.gloo || d.gloo === "NO_STATUS" || d.gloo === "PENDING" || d.gloo === "NOT_FOUND");

/**
 * Everything the console shows live, fed by four subscriptions (clusters, resources, placement, health), each of
 * which starts with the current state. Gloo's verdicts have no subscription of their own: they are read per resource
 * when it is first seen, after its placement changes or a health finding about its objects appears or clears, and
 * again while Gloo has not reported (a few requests at a time). Listeners are told at most once per animation frame, so a burst of events is one render.
 */
export class Fleet {
  readonly clusters = new Map<string, ConsoleClusterFragment>();
  readonly clusterHealth = new Map<string, ClusterHealth>();
  readonly resources = new Map<string, Resource>();
  private readonly timelines = new Map<string, TimelineEvent[]>();
  readonly errors: string[] = [];
  /** Bumped on every change; views memoise on it. */
  version = 0;
  /** Bumped when a cluster or its health changes (views that read health from queries refetch on it). */
  healthVersion = 0;
  private readonly listeners = new Set<() => void>();
  private frame = 0;
  private readonly stops: (() => void)[] = [];
  private readonly verdictTimers = new Map<string, { attempt: number; timer: ReturnType<typeof setTimeout> }>();
  private readonly verdictQueue: string[] = [];
  private verdictsInFlight = 0;

  start(): void {
    const onError = (what: string) => (e: ApiError) => this.error(`${what}: ${e.message}`);
    this.stops.push(
      subscribe(ConsoleClustersDocument, {}, ({ clusterStatusChanged: e }) => {
        if (e.type === "DELETED") this.clusters.delete(e.cluster.name);
        else this.clusters.set(e.cluster.name, e.cluster);
        this.healthVersion++;
        this.changed();
      }, onError("cluster updates")),
      subscribe(ConsoleResourcesDocument, {}, ({ federatedResourceChanged: e }) => this.onResource(e.type, e.resource), onError("resource updates")),
      subscribe(ConsolePlacementChangesDocument, {}, ({ placementStatusChanged: e }) => {
        const r = this.resources.get(resourceKey(e.kind, e.namespace, e.name));
        if (r && e.placementStatus) this.placement(r, e.placementStatus, e.generation);
      }, onError("placement updates")),
      subscribe(ConsoleHealthDocument, {}, ({ clusterHealthChanged: e }) => {
        this.clusterHealth.set(e.cluster, { ok: e.ok, ...e.check });
        this.onFindings(e.cluster, e.appeared, "appeared");
        this.onFindings(e.cluster, e.cleared, "cleared");
        this.healthVersion++;
        this.changed();
      }, onError("health updates")),
    );
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    for (const { timer } of this.verdictTimers.values()) clearTimeout(timer);
    this.verdictTimers.clear();
  }

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  timeline(key: string): readonly TimelineEvent[] {
    return this.timelines.get(key) ?? [];
  }

  /** The state of each (resource, cluster) cell: the worst of its namespaces. */
  cell(r: Resource, cluster: string): CellState | undefined {
    const namespaces = r.destinations.get(cluster);
    if (!namespaces) return undefined;
    let out: CellState | undefined;
    for (const d of namespaces.values()) out = worst(out, cellState(d.state, d.gloo));
    return out;
  }

  private changed(): void {
    this.version++;
    if (this.frame) return;
    const flush = () => {
      this.frame = 0;
      for (const l of this.listeners) l();
    };
    // requestAnimationFrame does not run in a hidden tab; a timer keeps state current there.
    this.frame = document.hidden ? (setTimeout(flush, 100) as unknown as number) : requestAnimationFrame(flush);
  }

  private error(message: string): void {
    this.errors.push(message);
    if (this.errors.length > 20) this.errors.shift();
    this.changed();
  }

  private onResource(
    type: string,
    res: { kind: FederatedKind; targetKind: string; metadata: { name: string; namespace?: string | null; generation?: number | null; deletionTimestamp?: string | null }; placementStatus?: ConsolePlacementFragment | null },
  ): void {
    const namespace = res.metadata.namespace ?? "";
    const key = resourceKey(res.kind, namespace, res.metadata.name);
    if (type === "DELETED") {
      if (this.resources.delete(key)) this.note(key, { text: "deleted; fedplane removed what it placed", tone: "info" });
      this.changed();
      return;
    }
    let r = this.resources.get(key);
    if (!r) {
      r = { key, kind: res.kind, kindName: res.kind, targetKind: res.targetKind, namespace, name: res.metadata.name, deleting: false, destinations: new Map() };
      this.resources.set(key, r);
    } else if (r.generation != null && res.metadata.generation != null && res.metadata.generation > r.generation) {
      this.note(key, { text: `spec changed (generation ${res.metadata.generation})`, tone: "info" });
    }
    r.generation = res.metadata.generation;
    if (res.metadata.deletionTimestamp && !r.deleting) this.note(key, { text: "deleting: removing placed objects", tone: "info" });
    r.deleting = Boolean(res.metadata.deletionTimestamp);
    if (res.placementStatus) this.placement(r, res.placementStatus, res.metadata.generation ?? undefined);
    this.changed();
  }

  private placement(r: Resource, status: ConsolePlacementFragment, generation?: number | null): void {
    const next = new Map<string, Map<string, Destination>>();
    let moved = false;
    for (const c of status.clusters) {
      const namespaces = new Map<string, Destination>();
      for (const ns of c.namespaces) {
        const before = r.destinations.get(c.cluster)?.get(ns.namespace);
        const d: Destination = { state: ns.state, message: ns.message };
        if (before && before.state === ns.state) Object.assign(d, { gloo: before.gloo, glooReason: before.glooReason, reporter: before.reporter });
        if (!before || before.state !== ns.state) {
          moved = true;
          const restored = before && before.state !== "PLACED" && ns.state === "PLACED";
          this.note(r.key, {
            cluster: c.cluster,
            namespace: ns.namespace,
            text: `${before ? `${before.state} → ` : ""}${ns.state}${restored ? " (restored)" : ""}${ns.message ? `: ${ns.message}` : ""}`,
            tone: ns.state === "PLACED" ? "ok" : ns.state === "FAILED" || ns.state === "STALE" ? "bad" : "info",
          });
        }
        namespaces.set(ns.namespace, d);
      }
      next.set(c.cluster, namespaces);
    }
    for (const [cluster, namespaces] of r.destinations) {
      for (const ns of namespaces.keys()) {
        if (!next.get(cluster)?.has(ns)) {
          moved = true;
          this.note(r.key, { cluster, namespace: ns, text: "removed from the placement", tone: "info" });
        }
      }
    }
    r.destinations = next;
    r.state = status.state;
    r.message = status.message;
    if (generation != null) r.generation = Math.max(r.generation ?? 0, generation);
    if (moved) this.askVerdicts(r.key, 0);
    this.changed();
  }

  private note(key: string, e: Omit<TimelineEvent, "at" | "resource">): void {
    let list = this.timelines.get(key);
    if (!list) this.timelines.set(key, (list = []));
    list.push({ at: new Date(), resource: key, ...e });
    if (list.length > TIMELINE_PER_RESOURCE) list.shift();
  }

  private onFindings(cluster: string, findings: readonly ConsoleFindingFragment[], what: "appeared" | "cleared"): void {
    for (const f of findings) {
      for (const r of this.resources.values()) {
        if (r.targetKind !== f.ref.kind || (r.placedName ?? r.name) !== f.ref.name || !r.destinations.get(cluster)?.has(f.ref.namespace ?? "")) continue;
        this.note(r.key, {
          cluster,
          namespace: f.ref.namespace ?? undefined,
          text: `Gloo ${f.severity === "ERROR" ? "error" : "warning"} ${what}: ${f.message}`,
          tone: what === "appeared" ? "bad" : "ok",
        });
        this.askVerdicts(r.key, 0);
      }
    }
  }

  // ---- Gloo's verdicts ----

  /** Reads a resource's verdicts again after a delay; while Gloo has not reported on a placed object, again later. */
  private askVerdicts(key: string, attempt: number): void {
    const pending = this.verdictTimers.get(key);
    if (pending && pending.attempt <= attempt) return;
    if (pending) clearTimeout(pending.timer);
    const delay = VERDICT_RETRY_MS[attempt];
    if (delay === undefined) return;
    const timer = setTimeout(() => {
      this.verdictTimers.delete(key);
      this.verdictQueue.push(`${attempt}|${key}`);
      this.drainVerdicts();
    }, delay);
    this.verdictTimers.set(key, { attempt, timer });
  }

  private drainVerdicts(): void {
    while (this.verdictsInFlight < VERDICT_CONCURRENCY && this.verdictQueue.length) {
      const [attempt, key] = this.verdictQueue.shift()!.split(/\|(.*)/s);
      const r = this.resources.get(key);
      if (!r) continue;
      this.verdictsInFlight++;
      request(ConsoleResourceVerdictsDocument, { kind: r.kind, namespace: r.namespace, name: r.name })
        .then(({ federatedResource }) => {
          if (federatedResource) this.verdicts(key, federatedResource.glooHealth);
          const now = this.resources.get(key);
          if (now && [...now.destinations.values()].some((ns) => [...ns.values()].some(awaitingVerdict))) this.askVerdicts(key, Number(attempt) + 1);
        })
        .catch((e: Error) => this.error(`Gloo verdicts of ${key}: ${e.message}`))
        .finally(() => {
          this.verdictsInFlight--;
          this.drainVerdicts();
        });
    }
  }

  private verdicts(key: string, health: readonly ConsoleVerdictFragment[]): void {
    const r = this.resources.get(key);
    if (!r) return;
    for (const h of health) {
      r.placedName = h.name;
      const d = r.destinations.get(h.cluster)?.get(h.namespace);
      if (!d) continue;
      if (d.gloo !== h.gloo && d.gloo !== undefined) {
        this.note(key, { cluster: h.cluster, namespace: h.namespace, text: `Gloo: ${d.gloo} → ${h.gloo}${h.reason ? `: ${h.reason}` : ""}`, tone: h.gloo === "REJECTED" ? "bad" : h.gloo === "ACCEPTED" ? "ok" : "info" });
      }
      d.gloo = h.gloo;
      d.glooReason = h.reason;
      d.reporter = h.reporter;
    }
    this.changed();
  }
}

export const fleet = new Fleet();
