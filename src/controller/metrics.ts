/**
 * How a reconcile ended, as controller_runtime_reconcile_total's `result` label (controller-runtime counts a terminal
 * error as result="error" and also in controller_runtime_terminal_reconcile_errors_total).
 */
export type ReconcileOutcome = "success" | "error" | "requeue" | "requeue_after" | "terminal";

/**
 * Hooks for the metrics of every controller, named for the Prometheus series controller-runtime exports, so a
 * prom-client adapter is a one-to-one mapping. `controller` is the controller's name (the `name` label of the
 * workqueue_* series, the `controller` label of controller_runtime_*). Times are in seconds. Hooks must not throw.
 */
export interface ControllerMetrics {
  /** workqueue_depth: keys waiting for a worker. */
  queueDepth(controller: string, keys: number): void;
  /** workqueue_adds_total: keys queued (a key already queued is not counted again). */
  queueAdd(controller: string): void;
  /** workqueue_retries_total: rate-limited re-adds. */
  queueRetry(controller: string): void;
  /** workqueue_queue_duration_seconds: from add to a worker taking the key. */
  queueLatency(controller: string, seconds: number): void;
  /** workqueue_work_duration_seconds: from a worker taking the key to its done. */
  workDuration(controller: string, seconds: number): void;
  /** controller_runtime_reconcile_total{result}, _reconcile_errors_total, _terminal_reconcile_errors_total, _reconcile_time_seconds. */
  reconciled(controller: string, outcome: ReconcileOutcome, seconds: number): void;
  /** controller_runtime_active_workers: workers inside a reconcile now. */
  activeWorkers(controller: string, workers: number): void;
}
