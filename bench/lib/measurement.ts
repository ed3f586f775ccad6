import type { Summary } from "./stats.js";

export type Unit = "ms" | "s" | "req/s" | "MiB" | "requests" | "s CPU";

/** One reported figure: fedplane's, and the baseline measured the same way in the same run. */
export interface Measurement {
  /** Stable id, e.g. "placement.members". */
  id: string;
  /** What was measured, for the table. */
  title: string;
  unit: Unit;
  /** "lower" for times and costs, "higher" for throughput. */
  better: "lower" | "higher";
  fedplane: Summary;
  baseline?: { label: string; summary: Summary };
  /** A second, different floor (e.g. client-node as shipped), shown but not used for the ratio. */
  alsoMeasured?: { label: string; summary: Summary }[];
  /** The goal from the issue, and whether this run met it. Reported, never asserted. */
  goal?: { text: string; met: boolean; measured: string };
  /** The peers.md figure to set beside this one. */
  anchor?: string;
  note?: string;
}

/** A fact about how a case ran: sizes, control-plane startup, process CPU and memory. */
export interface Fact {
  key: string;
  value: string | number;
}

export interface CaseResult {
  name: string;
  title: string;
  ok: boolean;
  error?: string;
  durationMs: number;
  measurements: Measurement[];
  facts: Fact[];
  /** Share of the machine's CPU used by processes outside the benchmark while this case ran (0..1). */
  otherLoad?: number;
}

/**
 * How many times the baseline's cost fedplane pays (1.0: as fast as the floor; 2.0: twice the time, or half the
 * throughput). Computed from medians and from p99s.
 */
export function ratios(m: Measurement): { median: number; p99: number } | undefined {
  if (!m.baseline) return undefined;
  const ratio = (ours: number, theirs: number) => (m.better === "lower" ? ours / theirs : theirs / ours);
  return { median: ratio(m.fedplane.median, m.baseline.summary.median), p99: ratio(m.fedplane.p99, m.baseline.summary.p99) };
}

/** Child -> runner messages over the IPC channel. */
export type CaseMessage =
  | { type: "progress"; line: string }
  | { type: "measurement"; measurement: Measurement }
  | { type: "fact"; fact: Fact };
