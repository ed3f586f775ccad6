/** The suite, in run order. `--only <name>` picks cases by name. */
export interface CaseSpec {
  name: string;
  title: string;
  /** File under bench/cases/ that runs the case in its own process, and its arguments. */
  file: string;
  args?: string[];
  /** The runner stops a case that runs longer than this (it is then reported as crashed). */
  timeoutMs: { quick: number; full: number };
}

export const cases: readonly CaseSpec[] = [
  {
    name: "placement",
    title: "1. Placement latency, real API servers",
    file: "placement-latency.ts",
    timeoutMs: { quick: 90_000, full: 1_200_000 },
  },
  {
    name: "bulk",
    title: "2. Bulk placement, real API servers",
    file: "bulk.ts",
    timeoutMs: { quick: 90_000, full: 1_200_000 },
  },
  {
    name: "many-clusters",
    title: "3. 1,000 embedded clusters",
    file: "many-clusters.ts",
    timeoutMs: { quick: 90_000, full: 1_800_000 },
  },
  {
    name: "many-clusters-sandbox",
    title: "3b. 1,000 embedded clusters, each with the sandbox's simulated Gloo (as `npm start` runs)",
    file: "many-clusters.ts",
    args: ["--simulated-gloo"],
    timeoutMs: { quick: 90_000, full: 1_800_000 },
  },
  {
    name: "fanout",
    title: "4. Subscription fan-out",
    file: "fanout.ts",
    timeoutMs: { quick: 90_000, full: 900_000 },
  },
  {
    name: "query",
    title: "5. Query cost",
    file: "query-cost.ts",
    timeoutMs: { quick: 90_000, full: 900_000 },
  },
  {
    name: "failover",
    title: "6. Leader failover, real API server",
    file: "failover.ts",
    timeoutMs: { quick: 90_000, full: 600_000 },
  },
];
