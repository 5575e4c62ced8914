import IORedis from 'ioredis';
import { Clock, SourceRateLimit } from '@erp/domain';

/**
 * `takeToken` (libs/domain) as one atomic Redis script, so every instance draws on one bucket per source.
 * KEYS[1] the bucket; ARGV now (epoch ms), perMinute. Returns the wait in seconds (0: taken).
 */
const TAKE_TOKEN = `
local now = tonumber(ARGV[1])
local perMinute = tonumber(ARGV[2])
local ratePerMs = perMinute / 60000
local kept = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(kept[1]) or perMinute
local at = tonumber(kept[2]) or now
tokens = math.min(perMinute, tokens + math.max(0, now - at) * ratePerMs)
local wait = 0
if tokens < 1 then
  wait = math.max(1, math.ceil((1 - tokens) / ratePerMs / 1000))
else
  tokens = tokens - 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 120000)
return wait
`;

/** How long a limit check may wait on Redis before the alarm goes through unchecked. */
const COMMAND_TIMEOUT_MS = 250;
/** At most one warning per this while Redis stays away (each refusal to check is still counted). */
const WARN_EVERY_MS = 10_000;

export interface FailOpenReport {
  /** Counted for every request let through unchecked. */
  count(): void;
  warn(message: string): void;
}

/**
 * Services mode's limit: one token bucket per source in Redis, shared by every intake instance. It
 * FAILS OPEN: while Redis is down or slow an alarm is never refused for it; it is let through, counted
 * and logged (an emergency alarm matters more than a source's quota).
 */
export class RedisSourceRateLimit extends SourceRateLimit {
  private readonly redis: IORedis;
  private connecting?: Promise<void>;
  private lastWarning = 0;

  constructor(
    url: string,
    /** Keeps runs that share one Redis apart (as TIMER_QUEUE keeps their timers apart). */
    private readonly keyPrefix: string,
    private readonly clock: Clock,
    private readonly failOpen: FailOpenReport,
  ) {
    super();
    // No offline queue and no retries: a check fails at once while Redis is away, instead of waiting.
    this.redis = new IORedis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 1000,
      // Only apps that take alarms connect, on their first check; ioredis reconnects after that.
      lazyConnect: true,
    });
    this.redis.on('error', (e: Error) =>
      this.warn(`限流存储不可用 rate-limit store unavailable: ${e.message}`),
    );
    this.redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
  }

  async take(sourceId: string, perMinute: number): Promise<number> {
    try {
      this.connecting ??= this.redis.connect().catch(() => undefined);
      await this.connecting;
      const take = (this.redis as unknown as { takeToken: TakeToken }).takeToken;
      return Number(
        await take.call(
          this.redis,
          `${this.keyPrefix}:source-rate:${sourceId}`,
          this.clock.now().getTime(),
          perMinute,
        ),
      );
    } catch (e) {
      this.failOpen.count();
      this.warn(`限流检查跳过 rate limit not checked, alarm let through: ${(e as Error).message}`);
      return 0;
    }
  }

  async stop(): Promise<void> {
    this.redis.disconnect();
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.failOpen.warn(message);
  }
}

type TakeToken = (key: string, now: number, perMinute: number) => Promise<number | string>;
