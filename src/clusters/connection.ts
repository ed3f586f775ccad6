import type { ClusterClient } from "../cluster/client.js";
import { errorMessage } from "../cluster/errors.js";
import { withTimeout } from "./timeout.js";

/** What fedplane knows about its connection to a cluster. */
export interface ConnectionState {
  ready: boolean;
  /** The reason of the last failed probe, while not ready. */
  lastError?: string;
  /** The server's gitVersion, from the last successful probe. */
  kubernetesVersion?: string;
  /** ISO time of the last probe; undefined until the first probe answers. */
  lastProbeTime?: string;
}

export interface ConnectionWatchOptions {
  /** Between probes of a ready cluster (default 10 s). */
  intervalMs?: number;
  /** First retry after a failure, doubling up to intervalMs (default 1 s). */
  retryMs?: number;
  /** A probe not answered within this is a failure (default 3 s). */
  timeoutMs?: number;
}

/**
 * Probes a cluster with version() every intervalMs, sooner after a failure, and reports changes of readiness (or of
 * version or error) through onChange. One slow or dead cluster only ever occupies its own timer.
 */
export class ConnectionWatcher {
  private current: ConnectionState = { ready: false };
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;
  private inFlight: Promise<ConnectionState> | undefined;

  constructor(
    private readonly client: ClusterClient,
    private readonly options: ConnectionWatchOptions,
    private readonly onChange: (state: ConnectionState, previous: ConnectionState) => void,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    void this.probeNow();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Probes now (joining a probe already running) and schedules the next one. */
  probeNow(): Promise<ConnectionState> {
    this.inFlight ??= this.probe().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async probe(): Promise<ConnectionState> {
    clearTimeout(this.timer);
    let next: ConnectionState;
    try {
      const version = await withTimeout(this.client.version(), this.options.timeoutMs ?? 3000);
      next = { ready: true, kubernetesVersion: version.gitVersion, lastProbeTime: new Date().toISOString() };
      this.failures = 0;
    } catch (e) {
      next = { ...this.current, ready: false, lastError: errorMessage(e), lastProbeTime: new Date().toISOString() };
      this.failures++;
    }
    if (this.stopped) return this.current;
    const previous = this.current;
    this.current = next;
    if (previous.ready !== next.ready || previous.lastError !== next.lastError || previous.kubernetesVersion !== next.kubernetesVersion || previous.lastProbeTime === undefined)
      this.onChange(next, previous);
    const interval = this.options.intervalMs ?? 10_000;
    const delay = this.failures === 0 ? interval : Math.min(interval, (this.options.retryMs ?? 1000) * 2 ** (this.failures - 1));
    this.timer = setTimeout(() => void this.probeNow(), delay);
    this.timer.unref?.();
    return next;
  }
}
