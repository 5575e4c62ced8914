import 'reflect-metadata';
import { loadConfig } from '@erp/config';
import { Topics } from '@erp/contracts';
import { EscalationModule } from '@erp/escalation';
import { createLogger, RunningService, startService } from '@erp/platform';
import { ALARM_PATH, TEST_JWT_SECRET } from '../support/product';
import { alarmBody, call, incidentOfAlarm } from '../support/http';
import { Scrape } from '../support/prometheus';
import {
  createTestDatabase,
  dropRunNamespace,
  eventually,
  runNamespace,
  SERVICES,
  TestDatabase,
  uniqueSuffix,
} from '../support/services';

/**
 * What an operator reads: one JSON line per request with its request id (and every line logged while
 * it runs), the probes, and /metrics read by a Prometheus text-format parser. The whole alarm path with
 * the escalator runs in one process on real PostgreSQL, Kafka and Redis, deadlines at drill speed.
 */
const KEY = 'observability-source-key';
const NAMESPACE = `obs-${uniqueSuffix()}`;

describe('observability of one service', () => {
  let db: TestDatabase;
  let app: RunningService;
  const lines: Record<string, unknown>[] = [];
  const scrape = async (): Promise<Scrape> => {
    const scraped = await Scrape.of(app.url);
    expect(scraped.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    return scraped;
  };

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_obs');
    app = await startService(
      { service: 'observed', contexts: [...ALARM_PATH, EscalationModule], relay: true, timers: true },
      {
        ...loadConfig({
          DATABASE_URL: db.url,
          REDIS_URL: SERVICES.redisUrl,
          KAFKA_BROKERS: SERVICES.kafkaBrokers.join(','),
          ...runNamespace(NAMESPACE),
          DEMO_SOURCE_KEY: KEY,
          JWT_SECRET: TEST_JWT_SECRET,
          OUTBOX_POLL_MS: '50',
          DEADLINE_SCALE: '0.01',
        }),
        port: 0,
      },
      createLogger({ logFormat: 'json', logLevel: 'log' }, 'observed', {
        write: (line: string) => void lines.push(JSON.parse(line)),
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
    await dropRunNamespace(NAMESPACE);
  }, 60_000);

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
    expect(ready.body.info).toEqual({
      postgres: { status: 'up' },
      eventStream: { status: 'up' },
      timers: { status: 'up' },
    });
    expect((await call(app.url, 'GET', '/health')).status).toBe(200);
    expect(lines.slice(before).filter((l) => l.req)).toEqual([]);
  });

  it('shows each named series moving after an alarm is posted', async () => {
    const before = await scrape();
    const posted = await call(app.url, 'POST', '/api/v1/alarms', {
      body: alarmBody({ townshipCode: '511902106' }),
      apiKey: KEY,
    });
    expect(posted.status).toBe(202);
    await incidentOfAlarm(app.url, posted.body.alarmId, KEY, 20_000);
    // A machine source's record that is not an alarm: refused whole, to the dead-letter topic.
    await app.infra.stream.publish([{ topic: Topics.alarmSubmissions, key: 'sensor-9', value: '{"no":' }]);

    // Nobody acknowledges: at drill speed the deadline passes within seconds and the ladder climbs.
    const after = await eventually(
      async () => {
        const now = await scrape();
        expect(now.total('erp_escalation_steps_total')).toBeGreaterThan(
          before.total('erp_escalation_steps_total'),
        );
        expect(now.total('erp_dead_letters_total')).toBeGreaterThan(before.total('erp_dead_letters_total'));
        return now;
      },
      60_000,
      500,
    );

    const route = { method: 'POST', route: '/api/v1/alarms', status: '202' };
    for (const [name, labels] of [
      ['erp_http_requests_total', route],
      ['erp_http_request_duration_seconds', route],
      ['erp_alarms_received_total', {}],
      ['erp_alarms_placed_total', { placement: 'opened' }],
      ['erp_task_transitions_total', { state: 'dispatched' }],
      ['erp_deadlines_missed_total', { deadline: 'ack' }],
      ['erp_escalation_steps_total', {}],
      ['erp_timer_lateness_seconds', {}],
      ['erp_outbox_lag_seconds', {}],
      ['erp_dead_letters_total', { group: 'alarm-intake' }],
    ] as [string, Record<string, string>][]) {
      expect([name, after.total(name, labels) > before.total(name, labels)]).toEqual([name, true]);
    }
    // Gauges: the tasks standing now, and how far each Kafka consumer is behind.
    expect(after.total('erp_tasks', { state: 'dispatched' })).toBeGreaterThan(0);
    expect(after.labelSets('erp_consumer_lag_records').map((l) => l.group)).toEqual(
      expect.arrayContaining(['dispatcher', 'audit']),
    );
    expect(after.type('erp_http_request_duration_seconds')).toBe('HISTOGRAM');
  }, 90_000);
});
