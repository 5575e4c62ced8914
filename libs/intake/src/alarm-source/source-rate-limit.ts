import { Clock } from '@erp/domain';

/**
 * A token bucket per source: `perMinute` requests a minute on average, bursts up to a minute's worth.
 * Kept in this process's memory, so with several intake instances each enforces the limit on its own
 * share of the traffic (a shared store would be needed for one exact district-wide count).
 */
export class SourceRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly clock: Clock) {}

  /** Takes one token; returns 0 when allowed, else the seconds until the next token. */
  take(sourceId: string, perMinute: number): number {
    const now = this.clock.now().getTime();
    const ratePerMs = perMinute / 60_000;
    const bucket = this.buckets.get(sourceId) ?? { tokens: perMinute, at: now };
    const tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    if (tokens < 1) {
      this.buckets.set(sourceId, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000));
    }
    this.buckets.set(sourceId, { tokens: tokens - 1, at: now });
    return 0;
  }
}
