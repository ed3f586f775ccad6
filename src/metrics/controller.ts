import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { ControllerMetrics, ReconcileOutcome } from "../controller/metrics.js";

/** client-go's workqueue buckets: 10 ns to 1000 s, x10. */
const QUEUE_BUCKETS = Array.from({ length: 12 }, (_, i) => 1e-8 * 10 ** i);
/** controller-runtime's reconcile_time_seconds buckets. */
const RECONCILE_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8,
  9, 10, 15, 20, 25, 30, 40, 50, 60,
];

/** The runtime's hooks as controller-runtime's series, names and labels unchanged, so existing dashboards work. */
export class PromControllerMetrics implements ControllerMetrics {
  private readonly depth: Gauge<"name">;
  private readonly adds: Counter<"name">;
  private readonly retries: Counter<"name">;
  private readonly latency: Histogram<"name">;
  private readonly work: Histogram<"name">;
  private readonly total: Counter<"controller" | "result">;
  private readonly errors: Counter<"controller">;
  private readonly terminal: Counter<"controller">;
  private readonly time: Histogram<"controller">;
  private readonly workers: Gauge<"controller">;

  constructor(registers: Registry[]) {
    this.depth = new Gauge({ name: "workqueue_depth", help: "Current depth of workqueue", labelNames: ["name"], registers });
    this.adds = new Counter({ name: "workqueue_adds_total", help: "Total number of adds handled by workqueue", labelNames: ["name"], registers });
    this.retries = new Counter({ name: "workqueue_retries_total", help: "Total number of retries handled by workqueue", labelNames: ["name"], registers });
    this.latency = new Histogram({
      name: "workqueue_queue_duration_seconds",
      help: "How long in seconds an item stays in workqueue before being requested",
      labelNames: ["name"],
      buckets: QUEUE_BUCKETS,
      registers,
    });
    this.work = new Histogram({
      name: "workqueue_work_duration_seconds",
      help: "How long in seconds processing an item from workqueue takes",
      labelNames: ["name"],
      buckets: QUEUE_BUCKETS,
      registers,
    });
    this.total = new Counter({ name: "controller_runtime_reconcile_total", help: "Total number of reconciliations per controller", labelNames: ["controller", "result"], registers });
    this.errors = new Counter({ name: "controller_runtime_reconcile_errors_total", help: "Total number of reconciliation errors per controller", labelNames: ["controller"], registers });
    this.terminal = new Counter({
      name: "controller_runtime_terminal_reconcile_errors_total",
      help: "Total number of terminal reconciliation errors per controller",
      labelNames: ["controller"],
      registers,
    });
    this.time = new Histogram({
      name: "controller_runtime_reconcile_time_seconds",
      help: "Length of time per reconciliation per controller",
      labelNames: ["controller"],
      buckets: RECONCILE_BUCKETS,
      registers,
    });
    this.workers = new Gauge({ name: "controller_runtime_active_workers", help: "Number of currently used workers per controller", labelNames: ["controller"], registers });
  }

  queueDepth(name: string, keys: number): void {
    this.depth.set({ name }, keys);
  }
  queueAdd(name: string): void {
    this.adds.inc({ name });
  }
  queueRetry(name: string): void {
    this.retries.inc({ name });
  }
  queueLatency(name: string, seconds: number): void {
    this.latency.observe({ name }, seconds);
  }
  workDuration(name: string, seconds: number): void {
    this.work.observe({ name }, seconds);
  }
  reconciled(controller: string, outcome: ReconcileOutcome, seconds: number): void {
    this.total.inc({ controller, result: outcome === "terminal" ? "error" : outcome });
    if (outcome === "error" || outcome === "terminal") this.errors.inc({ controller });
    if (outcome === "terminal") this.terminal.inc({ controller });
    this.time.observe({ controller }, seconds);
  }
  activeWorkers(controller: string, workers: number): void {
    this.workers.set({ controller }, workers);
  }
}
