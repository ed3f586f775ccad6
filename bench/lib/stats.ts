/** The figures reported for every measurement. */
export interface Summary {
  n: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
  min: number;
  mean: number;
}

/** Nearest-rank percentile of sorted values (p in 0..100): the smallest value with at least p% of values at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("no samples to summarize: the measurement produced nothing");
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    min: sorted[0],
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
  };
}

/** A figure measured once (a total, a peak): every percentile is that value. */
export function single(value: number): Summary {
  return summarize([value]);
}
