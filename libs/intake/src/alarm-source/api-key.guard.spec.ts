import { ExecutionContext } from '@nestjs/common';
import { AppConfig } from '@erp/config';
import {
  AlarmSourceRecord,
  digestApiKey,
  InMemorySourceRateLimit,
  ManualClock,
  ReadStore,
} from '@erp/domain';
import { ApiKeyGuard, SourceRequest } from './api-key.guard';

const KEY = 'unit-test-key';
const DIGEST = digestApiKey(KEY);
const SOURCE: AlarmSourceRecord = {
  id: 'sensor-net',
  name: '传感网',
  maxBodyBytes: 1_000_000,
  ratePerMinute: 1_000_000,
};

/** A source table that counts its look-ups and answers when told to (or fails once, when told to). */
class SourceTable {
  lookUps = 0;
  failNext = false;
  private pending: (() => void)[] = [];

  asStore(): ReadStore {
    return {
      alarmSources: {
        byKeyDigest: (keyDigest: string) => {
          this.lookUps++;
          const fail = this.failNext;
          this.failNext = false;
          return new Promise((resolve, reject) =>
            this.pending.push(() =>
              fail ? reject(new Error('database is down')) : resolve(keyDigest === DIGEST ? SOURCE : null),
            ),
          );
        },
      },
    } as unknown as ReadStore;
  }

  answer(): void {
    this.pending.splice(0).forEach((answer) => answer());
  }
}

function contextFor(key: string): ExecutionContext {
  const req = {
    header: (name: string) => (name === 'x-api-key' ? key : undefined),
  } as unknown as SourceRequest;
  return {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({ setHeader: () => undefined }) }),
  } as unknown as ExecutionContext;
}

describe('ApiKeyGuard: source look-ups', () => {
  const config = { maxBodyBytes: 1_000_000 } as AppConfig;

  it('sends one query for a crowd of requests with the same key, and again only after the entry lapses', async () => {
    const table = new SourceTable();
    const clock = new ManualClock(new Date('2026-11-30T08:00:00Z'));
    const guard = new ApiKeyGuard(table.asStore(), clock, config, new InMemorySourceRateLimit(clock));
    const crowd = Array.from({ length: 100 }, () => guard.canActivate(contextFor(KEY)));
    table.answer();
    expect(await Promise.all(crowd)).toEqual(Array(100).fill(true));
    expect(table.lookUps).toBe(1);

    clock.advance(6_000);
    const later = guard.canActivate(contextFor(KEY));
    table.answer();
    expect(await later).toBe(true);
    expect(table.lookUps).toBe(2);
  });

  it('does not remember a failed look-up', async () => {
    const table = new SourceTable();
    const guard = new ApiKeyGuard(
      table.asStore(),
      new ManualClock(new Date()),
      config,
      new InMemorySourceRateLimit(new ManualClock(new Date())),
    );
    table.failNext = true;
    const failing = guard.canActivate(contextFor(KEY));
    table.answer();
    await expect(failing).rejects.toThrow('database is down');
    const retry = guard.canActivate(contextFor(KEY));
    table.answer();
    expect(await retry).toBe(true);
    expect(table.lookUps).toBe(2);
  });

  it('refuses an unknown key with 401', async () => {
    const table = new SourceTable();
    const guard = new ApiKeyGuard(
      table.asStore(),
      new ManualClock(new Date()),
      config,
      new InMemorySourceRateLimit(new ManualClock(new Date())),
    );
    const refused = guard.canActivate(contextFor('forged-key'));
    table.answer();
    await expect(refused).rejects.toMatchObject({ status: 401, code: 'AUTH.API_KEY_INVALID' });
  });
});
