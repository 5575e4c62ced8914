/** Percentiles of a set of samples (ms, usually); null where there are no samples. */
export interface Distribution {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Nearest-rank percentile of ascending samples: the smallest value with at least p% at or below it. */
export function nearestRank(sorted: ArrayLike<number>, percent: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((percent / 100) * sorted.length) - 1)];
}

/** The distribution of the finite values (NaN and infinities, i.e. missing measurements, are left out). */
export function distribution(values: readonly number[]): Distribution {
  const sorted = Float64Array.from(values.filter((value) => Number.isFinite(value))).sort();
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    p50: nearestRank(sorted, 50),
    p95: nearestRank(sorted, 95),
    p99: nearestRank(sorted, 99),
    max: nearestRank(sorted, 100),
    mean: sorted.length ? sum / sorted.length : null,
  };
}

/** The arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((total, value) => total + value, 0) / values.length : 0;
}
