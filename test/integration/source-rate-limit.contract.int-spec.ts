import { InMemorySourceRateLimit, ManualClock, SourceRateLimit } from '@erp/domain';
import { RedisSourceRateLimit } from '@erp/platform';
import { startPrivateRedis } from '../support/processes';
import { eventually, SERVICES, uniqueSuffix } from '../support/services';

/**
 * One contract for both places an alarm source's rate limit is kept: in memory (single node) and in
 * Redis (services mode, shared by every intake instance). Then what only Redis promises: instances share
 * one count, and a Redis that is away never refuses an alarm (fail open, counted and logged).
 */
const T0 = new Date('2026-11-30T08:00:00Z');

interface FailOpenSeen {
  counted: number;
  warnings: string[];
}

function redisLimit(url: string, prefix: string, clock: ManualClock, seen: FailOpenSeen) {
  return new RedisSourceRateLimit(url, prefix, clock, {
    count: () => void seen.counted++,
    warn: (message) => void seen.warnings.push(message),
  });
}

const kinds: [string, (clock: ManualClock) => SourceRateLimit][] = [
  ['in memory', (clock) => new InMemorySourceRateLimit(clock)],
  [
    'redis',
    (clock) => redisLimit(SERVICES.redisUrl, `rate-${uniqueSuffix()}`, clock, { counted: 0, warnings: [] }),
  ],
];

describe.each(kinds)('source rate limit contract: %s', (_kind, make) => {
  let clock: ManualClock;
  let limit: SourceRateLimit;

  beforeEach(() => {
    clock = new ManualClock(T0);
    limit = make(clock);
  });

  afterEach(async () => {
    await limit.stop();
  });

  it('allows a minute’s worth at once, then refuses with the wait, and refills over time', async () => {
    for (let i = 0; i < 60; i++) expect(await limit.take('source-a', 60)).toBe(0);
    expect(await limit.take('source-a', 60)).toBe(1);
    clock.advance(999);
    expect(await limit.take('source-a', 60)).toBe(1);
    clock.advance(1);
    expect(await limit.take('source-a', 60)).toBe(0);
    expect(await limit.take('source-a', 60)).toBeGreaterThan(0);
  });

  it('keeps each source apart, and says how long a slow source waits', async () => {
    expect(await limit.take('source-a', 1)).toBe(0);
    expect(await limit.take('source-a', 1)).toBe(60);
    expect(await limit.take('source-b', 1)).toBe(0);
    clock.advance(30_000);
    expect(await limit.take('source-a', 1)).toBe(30);
  });
});

describe('source rate limit in Redis', () => {
  it('is one count for every instance sharing the Redis', async () => {
    const clock = new ManualClock(T0);
    const prefix = `rate-${uniqueSuffix()}`;
    const seen = { counted: 0, warnings: [] };
    const instances = [1, 2, 3].map(() => redisLimit(SERVICES.redisUrl, prefix, clock, seen));
    try {
      const waits = await Promise.all(
        Array.from({ length: 30 }, (_, i) => instances[i % 3].take('shared-source', 20)),
      );
      expect(waits.filter((w) => w === 0)).toHaveLength(20);
      expect(seen.counted).toBe(0);
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
    }
  });

  it('fails open while Redis is down: the alarm goes through, counted and logged, and limits resume', async () => {
    const redis = await startPrivateRedis();
    const clock = new ManualClock(T0);
    const seen: FailOpenSeen = { counted: 0, warnings: [] };
    const limit = redisLimit(redis.url, `rate-${uniqueSuffix()}`, clock, seen);
    try {
      expect(await limit.take('source-down', 1)).toBe(0);
      expect(await limit.take('source-down', 1)).toBe(60);

      await redis.down();
      const started = Date.now();
      for (let i = 0; i < 5; i++) expect(await limit.take('source-down', 1)).toBe(0);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(seen.counted).toBe(5);
      expect(seen.warnings.join('\n')).toMatch(/rate limit not checked|rate-limit store unavailable/);

      await redis.restart();
      // A take waved through while the client reconnects also answers 0, so wait for one Redis counted.
      let attempt = 0;
      await eventually(
        async () => {
          const source = `source-up-${attempt++}`;
          const wavedThrough = seen.counted;
          expect(await limit.take(source, 1)).toBe(0);
          expect(seen.counted).toBe(wavedThrough);
          expect(await limit.take(source, 1)).toBe(60);
        },
        15_000,
        200,
      );
    } finally {
      await limit.stop();
      await redis.stop();
    }
  }, 60_000);

  it('fails open when Redis is away from the start', async () => {
    const seen: FailOpenSeen = { counted: 0, warnings: [] };
    const limit = redisLimit('redis://127.0.0.1:1', 'rate-never', new ManualClock(T0), seen);
    try {
      expect(await limit.take('source-x', 1)).toBe(0);
      expect(await limit.take('source-x', 1)).toBe(0);
      expect(seen.counted).toBe(2);
    } finally {
      await limit.stop();
    }
  });
});
