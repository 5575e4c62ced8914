import type { Clock } from '../shared/clock';

/**
 * Each alarm source's rate limit, a token bucket: `perMinute` requests a minute on average, bursts up to
 * a minute's worth. A port: one process keeps it in memory; instances sharing Redis share one count.
 */
export abstract class SourceRateLimit {
  /** Takes one token; resolves 0 when allowed, else the seconds until the next token. */
  abstract take(sourceId: string, perMinute: number): Promise<number>;
  /** Lets go of what it holds (a connection); callers stop every kind alike. */
  abstract stop(): Promise<void>;
}

/** A bucket as both implementations keep it: tokens left, and when they were counted (epoch ms). */
export interface TokenBucket {
  tokens: number;
  at: number;
}

/** The token-bucket rule: the bucket after taking one token at `now`, and the wait (0: taken). */
export function takeToken(
  bucket: TokenBucket | undefined,
  now: number,
  perMinute: number,
): { bucket: TokenBucket; wait: number } {
  const ratePerMs = perMinute / 60_000;
  const start = bucket ?? { tokens: perMinute, at: now };
  const tokens = Math.min(perMinute, start.tokens + Math.max(0, now - start.at) * ratePerMs);
  if (tokens < 1) {
    return { bucket: { tokens, at: now }, wait: Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000)) };
  }
  return { bucket: { tokens: tokens - 1, at: now }, wait: 0 };
}

/** Single-node mode's limit: this process's memory, exact because there is one process. */
export class InMemorySourceRateLimit extends SourceRateLimit {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly clock: Clock) {
    super();
  }

  async take(sourceId: string, perMinute: number): Promise<number> {
    const { bucket, wait } = takeToken(this.buckets.get(sourceId), this.clock.now().getTime(), perMinute);
    this.buckets.set(sourceId, bucket);
    return wait;
  }

  /** Holds nothing but memory. */
  async stop(): Promise<void> {}
}
