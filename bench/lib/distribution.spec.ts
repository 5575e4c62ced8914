import { distribution, mean, nearestRank } from './distribution';

describe('nearestRank', () => {
  it('is the smallest sample with at least p% of them at or below it', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(sorted, 50)).toBe(5);
    expect(nearestRank(sorted, 51)).toBe(6);
    expect(nearestRank(sorted, 99)).toBe(10);
    expect(nearestRank(sorted, 100)).toBe(10);
    expect(nearestRank([], 50)).toBeNull();
  });

  it('takes the first sample for tiny percentiles', () => {
    expect(nearestRank([3, 4], 1)).toBe(3);
  });
});

describe('distribution', () => {
  it('sorts numerically, not as text, and leaves out missing measurements', () => {
    const d = distribution([100, 9, NaN, 20, Infinity, 1]);
    expect(d).toEqual({ n: 4, p50: 9, p95: 100, p99: 100, max: 100, mean: 32.5 });
  });

  it('has the p99 of a thousand samples at the 990th', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1000 … 1, unsorted
    const d = distribution(values);
    expect(d.p50).toBe(500);
    expect(d.p95).toBe(950);
    expect(d.p99).toBe(990);
    expect(d.max).toBe(1000);
  });

  it('answers nulls with no samples', () => {
    expect(distribution([NaN])).toEqual({ n: 0, p50: null, p95: null, p99: null, max: null, mean: null });
  });
});

describe('mean', () => {
  it('averages, and is 0 for nothing', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBe(0);
  });
});
