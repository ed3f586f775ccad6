import type { ClusterClient } from "../client.js";
import { ApiError, ClusterConnectionError } from "../errors.js";
import { core } from "../resource-type.js";
import { ClusterState, type Persistence } from "./cluster-state.js";
import { EmbeddedClusterClient, type ClusterHandle } from "./client.js";
import { preserveUnknownFields, type SchemaCheck } from "./field-validation.js";
import { Journal, type JournalRecord, type SnapshotSource } from "./journal.js";
import { dnsLabelError, subdomainError } from "./validation.js";

export interface EmbeddedWorldOptions {
  /** Where the world is persisted; omitted: in memory only. One directory holds one world. */
  dataDir?: string;
  /**
   * Changes kept per cluster for watches to resume from (older resourceVersions get 410 Gone, and informers re-list).
   * Superseded object versions stay in memory while in the window. Default 500.
   */
  historySize?: number;
  /** Journal size that triggers a snapshot. Default 64 MiB. */
  compactAfterBytes?: number;
  /** Schemas of kinds beyond metadata (unknown fields, value checks) for every cluster; default: every field is kept. */
  schemaCheck?: SchemaCheck;
}

export interface CreateClusterOptions {
  /** Namespaces to create besides the ones every cluster has (default, kube-system, kube-public, kube-node-lease). */
  namespaces?: string[];
}

/** Namespaces a fresh Kubernetes cluster has. */
export const STANDARD_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

/**
 * Many named in-process clusters with Kubernetes semantics, persisted together under one data directory (one journal
 * file for all clusters). Simulated faults (unreachable, latency) are for tests and are not persisted.
 */
export class EmbeddedWorld {
  private readonly clusters = new Map<string, ClusterHandle>();
  private journal: Journal | undefined;
  private closed = false;

  private constructor(
    private readonly historySize: number,
    private readonly schemaCheck: SchemaCheck,
  ) {}

  static async open(options: EmbeddedWorldOptions = {}): Promise<EmbeddedWorld> {
    const world = new EmbeddedWorld(options.historySize ?? 500, options.schemaCheck ?? preserveUnknownFields);
    if (options.dataDir !== undefined) {
      const floors = new Map<string, number>();
      world.journal = Journal.open(
        options.dataDir,
        options.compactAfterBytes ?? 64 * 1024 * 1024,
        (r) => world.replay(r, floors),
        () => world.snapshot(),
      );
      for (const [name, handle] of world.clusters) handle.state.loaded(floors.get(name) ?? 0);
    }
    return world;
  }

  get dataDir(): string | undefined {
    return this.journal?.dir;
  }

  clusterNames(): string[] {
    return [...this.clusters.keys()].sort();
  }

  hasCluster(name: string): boolean {
    return this.clusters.has(name);
  }

  /** Creates an empty cluster with the standard namespaces (and `options.namespaces`). Persisted before it returns. */
  createCluster(name: string, options: CreateClusterOptions = {}): void {
    this.checkOpen();
    const err = subdomainError(name);
    if (err) throw new ApiError("Invalid", `embedded cluster name "${name}" is invalid: ${err}`);
    if (this.clusters.has(name)) throw new ApiError("AlreadyExists", `embedded cluster "${name}" already exists`);
    const namespaces = [...new Set([...STANDARD_NAMESPACES, ...(options.namespaces ?? [])])];
    for (const ns of namespaces) {
      const nsErr = dnsLabelError(ns);
      if (nsErr) throw new ApiError("Invalid", `namespace name "${ns}" for embedded cluster "${name}" is invalid: ${nsErr}`);
    }
    this.journal?.append({ op: "C", cluster: name, rv: 0 });
    const handle = this.addCluster(name);
    for (const ns of namespaces) {
      handle.state.create(core.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    }
  }

  /** Removes a cluster and everything in it; its clients then fail as if it could not be reached. */
  removeCluster(name: string): void {
    this.checkOpen();
    const handle = this.handle(name);
    this.journal?.append({ op: "R", cluster: name });
    this.clusters.delete(name);
    handle.state.shutdown(new ClusterConnectionError(`embedded cluster "${name}" was removed`, "ECONNREFUSED"));
  }

  /**
   * A client of one cluster. With `faults: false` it ignores simulated unreachability and latency (a side door for
   * tests that must write while the cluster is "down" for everyone else).
   */
  client(name: string, options: { faults?: boolean } = {}): ClusterClient {
    this.checkOpen();
    this.handle(name);
    return new EmbeddedClusterClient(name, (n) => this.clusters.get(n), options.faults ?? true);
  }

  /** Unreachable: every call of a faulty client rejects with a ClusterConnectionError and its watches close with one. */
  setReachable(name: string, reachable: boolean): void {
    const handle = this.handle(name);
    handle.reachable = reachable;
    if (!reachable) {
      handle.state.closeWatches(new ClusterConnectionError(`connection to embedded cluster "${name}" lost`, "ECONNREFUSED"), (w) => w.faultable);
    }
  }

  isReachable(name: string): boolean {
    return this.handle(name).reachable;
  }

  /** Delays every call of a faulty client by `ms`. */
  setLatency(name: string, ms: number): void {
    this.handle(name).latencyMs = Math.max(0, ms);
  }

  /** Makes every resourceVersion of the cluster so far too old to watch from (410 Gone), like an etcd compaction. */
  expireHistory(name: string): void {
    this.handle(name).state.expireHistory();
  }

  /** The cluster's current revision (its latest resourceVersion). */
  revision(name: string): number {
    return this.handle(name).state.rv;
  }

  /** Writes a snapshot now and drops the journal it replaces (also done automatically as the journal grows). */
  async compact(): Promise<void> {
    await this.journal?.compact();
  }

  /** Ends every watch and releases the data directory. Clients fail afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [name, handle] of this.clusters) handle.state.shutdown(new ClusterConnectionError(`embedded cluster "${name}" was shut down`, "ECONNREFUSED"));
    this.clusters.clear();
    await this.journal?.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("the embedded world is closed");
  }

  private handle(name: string): ClusterHandle {
    const handle = this.clusters.get(name);
    if (!handle) throw new ApiError("NotFound", `embedded cluster "${name}" not found`);
    return handle;
  }

  private addCluster(name: string): ClusterHandle {
    // Looked up at each write: clusters replayed at open exist before the journal does.
    const persistence: Persistence = {
      put: (cluster, typeKey, obj) => this.journal?.append({ op: "P", cluster, typeKey, json: obj.json }),
      remove: (cluster, typeKey, ns, objName, rv) => this.journal?.append({ op: "D", cluster, typeKey, ns, name: objName, rv }),
    };
    const handle: ClusterHandle = { state: new ClusterState(name, this.historySize, persistence, this.schemaCheck), reachable: true, latencyMs: 0 };
    this.clusters.set(name, handle);
    return handle;
  }

  private replay(r: JournalRecord, floors: Map<string, number>): void {
    if (r.op === "C") {
      if (!this.clusters.has(r.cluster)) this.addCluster(r.cluster);
      floors.set(r.cluster, Math.max(floors.get(r.cluster) ?? 0, r.rv));
      return;
    }
    if (r.op === "R") {
      this.clusters.delete(r.cluster);
      floors.delete(r.cluster);
      return;
    }
    const state = this.clusters.get(r.cluster)?.state;
    if (!state) throw new Error(`the journal writes to embedded cluster "${r.cluster}" before creating it; the data directory is damaged`);
    if (r.op === "P") state.load(r.typeKey, r.json);
    else state.loadRemoval(r.typeKey, r.ns, r.name, r.rv);
  }

  private snapshot(): SnapshotSource {
    return {
      clusters: [...this.clusters.values()].map(({ state }) => ({
        name: state.name,
        rv: state.rv,
        objects: [...state.entries()].map(([typeKey, o]) => [typeKey, o.json] as [string, string]),
      })),
    };
  }
}
