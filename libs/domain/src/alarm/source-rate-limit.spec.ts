import { ManualClock } from '../shared/clock';
import { InMemorySourceRateLimit, takeToken, TokenBucket } from './source-rate-limit';

describe('the token-bucket rule', () => {
  it('allows a minute’s worth at once, then refuses with the wait, and refills over time', () => {
    let bucket: TokenBucket | undefined;
    for (let i = 0; i < 60; i++) {
      const taken = takeToken(bucket, 0, 60);
      expect(taken.wait).toBe(0);
      bucket = taken.bucket;
    }
    expect(takeToken(bucket, 0, 60).wait).toBe(1);
    expect(takeToken(bucket, 999, 60).wait).toBe(1);
    expect(takeToken(bucket, 1000, 60).wait).toBe(0);
  });

  it('never fills past a minute’s worth however long the source was quiet', () => {
    const full = takeToken({ tokens: 5, at: 0 }, 3_600_000, 10).bucket;
    expect(full.tokens).toBe(9);
  });
});

describe('InMemorySourceRateLimit', () => {
  it('keeps each source apart', async () => {
    const limit = new InMemorySourceRateLimit(new ManualClock(new Date('2026-11-30T08:00:00Z')));
    expect(await limit.take('a', 1)).toBe(0);
    expect(await limit.take('a', 1)).toBe(60);
    expect(await limit.take('b', 1)).toBe(0);
  });
});
