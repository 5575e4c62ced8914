import 'reflect-metadata';
import { loadConfig } from '@erp/config';
import { createLogger, RunningService, startService } from '@erp/platform';
import { ALARM_PATH, TEST_JWT_SECRET } from '../support/product';
import { alarmBody, call } from '../support/http';
import { createTestDatabase, TestDatabase } from '../support/services';

/**
 * What an operator reads: one JSON line per request with its request id (and every line logged while
 * it runs), the probes. Runs the alarm path in one process on a real PostgreSQL.
 */
const KEY = 'observability-source-key';

describe('observability of one service', () => {
  let db: TestDatabase;
  let app: RunningService;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_obs');
    app = await startService(
      { service: 'observed', contexts: ALARM_PATH, relay: true, timers: false },
      {
        ...loadConfig({
          DATABASE_URL: db.url,
          DEMO_SOURCE_KEY: KEY,
          JWT_SECRET: TEST_JWT_SECRET,
          OUTBOX_POLL_MS: '50',
        }),
        port: 0,
      },
      createLogger({ logFormat: 'json', logLevel: 'log' }, 'observed', {
        write: (line: string) => void lines.push(JSON.parse(line)),
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('logs one JSON line per request carrying its request id and correlation id', async () => {
    const sent = await fetch(`${app.url}/api/v1/alarms?probe=1`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': KEY,
        'x-request-id': 'obs-request-0001',
        'x-correlation-id': 'caller-flow-42',
      },
      body: JSON.stringify(alarmBody()),
    });
    expect(sent.status).toBe(202);
    expect(sent.headers.get('x-request-id')).toBe('obs-request-0001');
    const own = lines.filter((l) => l.requestId === 'obs-request-0001');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({
      level: 'info',
      service: 'observed',
      correlationId: 'caller-flow-42',
      req: { method: 'POST', path: '/api/v1/alarms' },
      res: { status: 202 },
      durationMs: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    // Without one, the id is made here, echoed, and is the correlation id too.
    const anonymous = await fetch(`${app.url}/api/v1/reference/types`);
    const id = anonymous.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.find((l) => l.requestId === id)).toMatchObject({ correlationId: id, res: { status: 200 } });
  });

  it('keeps probes out of the log, and answers them', async () => {
    const before = lines.length;
    expect((await call(app.url, 'GET', '/health/live')).status).toBe(200);
    const ready = await call(app.url, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toEqual({ postgres: { status: 'up' }, eventStream: { status: 'up' } });
    expect((await call(app.url, 'GET', '/health')).status).toBe(200);
    expect(lines.slice(before).filter((l) => l.req)).toEqual([]);
  });
});
