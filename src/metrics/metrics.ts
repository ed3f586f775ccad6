import type { ApolloServerPlugin } from "@apollo/server";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { ClusterClient } from "../cluster/client.js";
import type { ControllerMetrics } from "../controller/metrics.js";
import { PromControllerMetrics } from "./controller.js";
import { graphqlMetricsPlugin } from "./graphql.js";
import { CountingClient, restClientCounter } from "./rest-client.js";
import { stateGauges, type ObservedState } from "./state.js";

/** What /metrics answers: Prometheus' text exposition format. */
export interface Scrape {
  contentType: string;
  body: string;
}

/**
 * One process's metrics, in its own registry (not prom-client's global one: two fedplanes in one process, as in
 * tests, must not share series). Hand its parts to what produces the series, then observe() the running app.
 */
export class FedplaneMetrics {
  readonly registry = new Registry();
  readonly controllers: ControllerMetrics;
  readonly graphqlPlugin: ApolloServerPlugin;
  private readonly requests;
  private state?: ObservedState;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    // Gauges named like counters (promtool refuses them); each is sum() of the per-type gauge kept beside it.
    for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) this.registry.removeSingleMetric(name);
    this.controllers = new PromControllerMetrics(registers);
    this.graphqlPlugin = graphqlMetricsPlugin(registers);
    this.requests = restClientCounter(registers);
    stateGauges(registers, () => this.state);
  }

  /** Counts every call of a cluster client (backend.ts's instrument seam). */
  instrument = (client: ClusterClient): ClusterClient => new CountingClient(client, this.requests);

  /** The running app's caches and leadership, read at each scrape. */
  observe(state: ObservedState): void {
    this.state = state;
  }

  async scrape(): Promise<Scrape> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
