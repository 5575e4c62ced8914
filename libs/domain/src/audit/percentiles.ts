/**
 * Percentiles as PostgreSQL's percentile_cont computes them (and NFPA 1710 reads the 90th): the value at
 * position p·(n−1) of the sorted values, interpolated linearly between the two values around it.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const position = p * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

/** One value and how many times it occurs. */
export type HistogramBin = readonly [value: number, count: number];

/**
 * The same percentile from a histogram of exact values (each value with its count), so that a year of
 * stage times travels as counts per second rather than as a million rows. Bins in any order.
 */
export function histogramPercentiles(
  bins: readonly HistogramBin[],
  ps: readonly number[],
): { count: number; values: (number | null)[] } {
  const sorted = [...bins].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (!count) return { count, values: ps.map(() => null) };
  /** The value at 0-based rank `rank` of the expanded, sorted list. */
  const at = (rank: number): number => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (rank < seen) return value;
    }
    return sorted[sorted.length - 1][0];
  };
  return {
    count,
    values: ps.map((p) => {
      const position = p * (count - 1);
      const lo = Math.floor(position);
      const low = at(lo);
      return low + (at(Math.ceil(position)) - low) * (position - lo);
    }),
  };
}

/** The share of `part` in `whole` (0…1), or null when there is nothing to share. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
