import { histogramPercentiles, percentile, share } from './percentiles';

describe('percentile (as percentile_cont)', () => {
  it('interpolates between the two closest ranks', () => {
    // 10 values: the median sits halfway between the 5th and 6th, p90 at 0.1 of the way from the 9th.
    const values = [60, 90, 120, 150, 180, 200, 240, 300, 400, 1000];
    expect(percentile(values, 0.5)).toBe(190);
    expect(percentile(values, 0.9)).toBeCloseTo(400 + 0.1 * 600, 9);
    expect(percentile(values, 0)).toBe(60);
    expect(percentile(values, 1)).toBe(1000);
  });

  it('is the value itself for one value, and null for none', () => {
    expect(percentile([42], 0.9)).toBe(42);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe('histogramPercentiles', () => {
  it('gives exactly what the expanded, sorted values give', () => {
    const values = [5, 5, 5, 7, 9, 9, 12, 30, 30, 31, 31, 31, 100];
    const bins = new Map<number, number>();
    for (const v of values) bins.set(v, (bins.get(v) ?? 0) + 1);
    const shuffled = [...bins.entries()].reverse();
    for (const p of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1]) {
      expect(histogramPercentiles(shuffled, [p]).values[0]).toBeCloseTo(percentile(values, p)!, 9);
    }
    expect(histogramPercentiles(shuffled, [0.5]).count).toBe(values.length);
  });

  it('agrees with the sorted-list definition on random data', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647) * 900;
    const values = Array.from({ length: 501 }, () => Math.round(random()));
    const bins = new Map<number, number>();
    for (const v of values) bins.set(v, (bins.get(v) ?? 0) + 1);
    const sorted = [...values].sort((a, b) => a - b);
    const [median, p90] = histogramPercentiles([...bins], [0.5, 0.9]).values;
    expect(median).toBe(percentile(sorted, 0.5));
    expect(p90).toBeCloseTo(percentile(sorted, 0.9)!, 9);
  });

  it('ignores empty bins and answers null for nothing', () => {
    expect(histogramPercentiles([[3, 0]], [0.5])).toEqual({ count: 0, values: [null] });
    expect(histogramPercentiles([], [0.5, 0.9])).toEqual({ count: 0, values: [null, null] });
  });
});

describe('share', () => {
  it('is a fraction, null without a whole', () => {
    expect(share(3, 4)).toBe(0.75);
    expect(share(0, 0)).toBeNull();
  });
});
