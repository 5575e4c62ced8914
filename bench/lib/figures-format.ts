import { Distribution } from './distribution';

/** Milliseconds with one decimal; ten seconds and more in seconds; '—' for no figure. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms.toFixed(1);
}

/** As formatMs, with the unit written after milliseconds too. */
export function formatMsWithUnit(ms: number | null): string {
  if (ms === null) return '—';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`;
}

/** One decimal, no unit; '—' for no figure. */
export function formatOneDecimal(value: number | null): string {
  return value === null ? '—' : value.toFixed(1);
}

/** The intake report's form: count first, then the percentiles. */
export function formatDistribution(latency: Distribution): string {
  return `n=${latency.n}  p50 ${formatMs(latency.p50)}  p95 ${formatMs(latency.p95)}  p99 ${formatMs(latency.p99)}  max ${formatMs(latency.max)}  (ms)`;
}

/** The dispatch report's form: the percentiles first, the count last. */
export function formatLatency(latency: Distribution): string {
  const one = formatOneDecimal;
  return `p50 ${one(latency.p50)}  p95 ${one(latency.p95)}  p99 ${one(latency.p99)}  max ${one(latency.max)} ms (n=${latency.n})`;
}

/** `part` as a percentage of `whole`, one decimal; '—' when the whole is not positive. */
export function percentOf(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—';
}

/** A fraction (0.25) as a percentage ('25.0%'); '—' when unknown. */
export function formatShare(fraction: number | null): string {
  return fraction === null || !Number.isFinite(fraction) ? '—' : `${(100 * fraction).toFixed(1)}%`;
}

/** Events per second; 0 over no time. */
export function perSecond(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}
