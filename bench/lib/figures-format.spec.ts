import { distribution } from './distribution';
import {
  formatDistribution,
  formatLatency,
  formatMs,
  formatMsWithUnit,
  formatShare,
  percentOf,
  perSecond,
} from './figures-format';

describe('report formatting', () => {
  it('writes milliseconds with one decimal, ten seconds and more in seconds', () => {
    expect(formatMs(12.345)).toBe('12.3');
    expect(formatMs(9_999.9)).toBe('9999.9');
    expect(formatMs(12_345)).toBe('12.3 s');
    expect(formatMs(null)).toBe('—');
    expect(formatMsWithUnit(12.345)).toBe('12.3 ms');
    expect(formatMsWithUnit(12_345)).toBe('12.3 s');
  });

  it('writes a distribution in the intake form and in the dispatch form', () => {
    const latency = distribution([1, 2, 3, 4]);
    expect(formatDistribution(latency)).toBe('n=4  p50 2.0  p95 4.0  p99 4.0  max 4.0  (ms)');
    expect(formatLatency(latency)).toBe('p50 2.0  p95 4.0  p99 4.0  max 4.0 ms (n=4)');
    expect(formatLatency(distribution([]))).toBe('p50 —  p95 —  p99 —  max — ms (n=0)');
  });

  it('writes shares and percentages, with a dash where there is nothing to divide by', () => {
    expect(percentOf(1, 3)).toBe('33.3%');
    expect(percentOf(1, 0)).toBe('—');
    expect(formatShare(0.256)).toBe('25.6%');
    expect(formatShare(null)).toBe('—');
    expect(formatShare(Infinity)).toBe('—');
  });

  it('counts per second, and nothing over no time', () => {
    expect(perSecond(300, 1.5)).toBe(200);
    expect(perSecond(300, 0)).toBe(0);
  });
});
