import { Gauge, type Registry } from "prom-client";
import type { ClusterRegistry } from "../clusters/registry.js";
import type { FederationService } from "../federation/service.js";

export interface ObservedState {
  federation: FederationService;
  clusters: ClusterRegistry;
  /** Whether this process runs the write loops now. */
  leading(): boolean;
  /** The Lease's name (leader_election_master_status{name}). */
  leaseName: string;
}

/** Gauges read from fedplane's caches at scrape time, so they cost nothing between scrapes and are never stale. */
export function stateGauges(registers: Registry[], state: () => ObservedState | undefined): void {
  new Gauge({
    name: "leader_election_master_status",
    help: "1 while this replica holds the lease and runs the write loops, 0 otherwise",
    labelNames: ["name"],
    registers,
    collect() {
      const s = state();
      this.reset();
      if (s) this.set({ name: s.leaseName }, s.leading() ? 1 : 0);
    },
  });
  new Gauge({
    name: "fedplane_federated_resources",
    help: "Federated resources by kind and overall placement state",
    labelNames: ["kind", "state"],
    registers,
    collect() {
      const s = state();
      this.reset();
      for (const obj of s?.federation.list() ?? []) {
        const status = s!.federation.placementStatus(obj) ?? obj.status?.placementStatus;
        this.inc({ kind: obj.kind, state: status?.state ?? "UNKNOWN" });
      }
    },
  });
  new Gauge({
    name: "fedplane_destinations",
    help: "Placement destinations (a federated resource in one cluster and namespace) by the resource's kind and the destination's state",
    labelNames: ["kind", "state"],
    registers,
    collect() {
      const s = state();
      this.reset();
      for (const obj of s?.federation.list() ?? []) {
        const status = s!.federation.placementStatus(obj) ?? obj.status?.placementStatus;
        for (const cluster of Object.values(status?.clusters ?? {})) {
          for (const destination of Object.values(cluster.namespaces ?? {})) this.inc({ kind: obj.kind, state: destination.state });
        }
      }
    },
  });
  new Gauge({
    name: "fedplane_clusters",
    help: "Registered member clusters by readiness (ready: its last connection probe answered)",
    labelNames: ["ready"],
    registers,
    collect() {
      const s = state();
      this.reset();
      if (!s) return;
      this.set({ ready: "true" }, 0);
      this.set({ ready: "false" }, 0);
      for (const c of s.clusters.list()) this.inc({ ready: String(c.connection.ready) });
    },
  });
}
