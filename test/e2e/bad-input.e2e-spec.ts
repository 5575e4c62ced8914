import 'reflect-metadata';
import { loadConfig } from '@erp/config';
import { DutyModule } from '@erp/duty';
import { IntakeModule } from '@erp/intake';
import { digestApiKey } from '@erp/domain';
import { createLogger, RunningService, startService } from '@erp/platform';
import { createTestDatabase, TestDatabase } from '../support/services';
import { alarmBody, call, login } from '../support/http';
import jwt from 'jsonwebtoken';

/**
 * Bad input of every kind gets a clear 4xx naming the field, and writes nothing.
 * Runs intake and the duty console on a real PostgreSQL with the in-process stream.
 */
/** Keeps the JSON lines the app logs at error level, so a test can find a 5xx's line by its request id. */
const loggedErrors: Record<string, unknown>[] = [];
const recordingLogger = () =>
  createLogger({ logFormat: 'json', logLevel: 'error' }, 'e2e', {
    write: (line: string) => void loggedErrors.push(JSON.parse(line)),
  });

const KEY = 'bad-input-source-key';
const PASSWORD = 'bad-input-password';
const MAX_BODY = 64 * 1024;

describe('bad input at the HTTP edge', () => {
  let db: TestDatabase;
  let app: RunningService;
  let url: string;
  const logger = recordingLogger();

  const writes = async () => {
    const [row] = await app.infra.database.dataSource.query(
      `SELECT (SELECT count(*) FROM alarms)::int AS alarms, (SELECT count(*) FROM outbox)::int AS outbox,
              (SELECT count(*) FROM incidents)::int AS incidents, (SELECT count(*) FROM tasks)::int AS tasks`,
    );
    return row;
  };
  const post = (body: unknown, apiKey = KEY) => call(url, 'POST', '/api/v1/alarms', { body, apiKey });
  const pointers = (r: { body: { error: { fields?: { pointer: string }[] } } }) =>
    (r.body.error.fields ?? []).map((f) => f.pointer).sort();

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_bad');
    const config = {
      ...loadConfig({
        DATABASE_URL: db.url,
        DEMO_SOURCE_KEY: KEY,
        DEMO_PASSWORD: PASSWORD,
        JWT_SECRET: 'bad-input-jwt-secret-0123456789',
        MAX_BODY_BYTES: String(MAX_BODY),
      }),
      port: 0,
    };
    app = await startService(
      { service: 'bad-input', contexts: [IntakeModule, DutyModule], relay: false, timers: false },
      config,
      logger,
    );
    url = app.url;
  }, 60_000);

  afterAll(async () => {
    await app.stop();
    await db.drop();
  });

  it('refuses each kind of bad alarm with a clear error and writes nothing', async () => {
    const before = await writes();

    const malformed = await call(url, 'POST', '/api/v1/alarms', {
      rawBody: '{"source": "demo-source",',
      apiKey: KEY,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('REQUEST.MALFORMED_JSON');

    // U+0000 is valid JSON but PostgreSQL stores it in neither text nor jsonb: refused before anything runs.
    const nul = await call(url, 'POST', '/api/v1/alarms', {
      rawBody: JSON.stringify(alarmBody({ description: 'smoke\u0000seen' })),
      apiKey: KEY,
    });
    expect(nul.status).toBe(400);
    expect(nul.body.error.code).toBe('REQUEST.NUL_CHARACTER');
    expect(pointers(nul)).toEqual(['/description']);

    const missing = await post({ source: 'demo-source', type: 'fire' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('REQUEST.INVALID');
    expect(pointers(missing)).toEqual(['/description', '/externalId', '/occurredAt', '/townshipCode']);

    const notAnObject = await call(url, 'POST', '/api/v1/alarms', { rawBody: '[1,2]', apiKey: KEY });
    expect(notAnObject.status).toBe(400);
    expect(pointers(notAnObject)).toEqual(['/']);

    const unknownTownship = await post(alarmBody({ townshipCode: '511902999' }));
    expect(unknownTownship.status).toBe(400);
    expect(unknownTownship.body.error.code).toBe('DISTRICT.UNKNOWN_TOWNSHIP');
    expect(pointers(unknownTownship)).toEqual(['/townshipCode']);

    const badCoordinates = await post(
      alarmBody({ townshipCode: undefined, location: { lat: 123.4, lon: -200 } }),
    );
    expect(badCoordinates.status).toBe(400);
    expect(pointers(badCoordinates)).toEqual(['/location/lat', '/location/lon']);

    const negativeCount = await post(
      alarmBody({ casualties: { deaths: -1, trapped: 1.5 }, economicLossCny: -3 }),
    );
    expect(pointers(negativeCount)).toEqual([
      '/casualties/deaths',
      '/casualties/trapped',
      '/economicLossCny',
    ]);
    const badReporter = await post(alarmBody({ reporter: { phone: 'call me', rank: 'x' } }));
    expect(pointers(badReporter)).toEqual(['/reporter', '/reporter/phone']);

    const badTime = await post(alarmBody({ occurredAt: 'yesterday' }));
    expect(pointers(badTime)).toEqual(['/occurredAt']);

    const wrongKey = await post(alarmBody(), 'not-a-key-of-any-source');
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body.error.code).toBe('AUTH.API_KEY_INVALID');
    const noKey = await call(url, 'POST', '/api/v1/alarms', { body: alarmBody() });
    expect(noKey.status).toBe(401);

    const otherSource = await post(alarmBody({ source: 'someone-else' }));
    expect(otherSource.status).toBe(403);
    expect(pointers(otherSource)).toEqual(['/source']);

    const oversized = await post(alarmBody({ description: 'x'.repeat(MAX_BODY + 1) }));
    expect(oversized.status).toBe(413);
    expect(oversized.body.error.code).toBe('REQUEST.TOO_LARGE');

    const notJson = await call(url, 'POST', '/api/v1/alarms', {
      rawBody: 'source=demo-source',
      headers: { 'content-type': 'text/plain' },
      apiKey: KEY,
    });
    expect(notJson.status).toBe(415);

    expect(await writes()).toEqual(before);
  });

  it('accepts a good alarm on the same server (the refusals above were not the server failing)', async () => {
    const ok = await post(
      alarmBody({
        casualties: { deaths: 0, trapped: 2 },
        reporter: { name: '王某', phone: '138-0000-0001', role: '灾情信息员' },
      }),
    );
    expect(ok.status).toBe(202);
    expect((await writes()).alarms).toBe(1);
  });

  it('accepts a place outside the district (202), records why, and dispatches nothing', async () => {
    const before = await writes();
    const outside = await post(alarmBody({ townshipCode: undefined, location: { lat: 39.9, lon: 116.4 } }));
    expect(outside.status).toBe(202);
    const otherDistrict = await post(alarmBody({ townshipCode: '511903001' }));
    expect(otherDistrict.status).toBe(202);
    for (const r of [outside, otherDistrict]) {
      const alarm = await call(url, 'GET', `/api/v1/alarms/${r.body.alarmId}`, { apiKey: KEY });
      expect(alarm.body).toMatchObject({
        status: 'outside_jurisdiction',
        incidentId: null,
        townshipCode: null,
      });
      expect(alarm.body.notDispatchedReason).toEqual(expect.any(String));
    }
    const after = await writes();
    expect(after).toEqual({ ...before, alarms: before.alarms + 2 }); // no event in the outbox
  });

  it('takes a batch item by item: good ones accepted, bad ones refused with pointers, nothing half-written', async () => {
    const before = await writes();
    const good = alarmBody();
    const r = await call(url, 'POST', '/api/v1/alarms/batch', {
      apiKey: KEY,
      body: {
        alarms: [
          good,
          { ...alarmBody(), townshipCode: '511902999' },
          { type: 'fire' },
          good,
          alarmBody({ source: 'x' }),
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(2);
    expect(r.body.refused).toBe(3);
    const [first, unknown, missing, duplicate, foreign] = r.body.results;
    expect(first).toMatchObject({ index: 0, status: 202, duplicate: false });
    expect(unknown).toMatchObject({
      index: 1,
      status: 400,
      error: { code: 'DISTRICT.UNKNOWN_TOWNSHIP', fields: [{ pointer: '/alarms/1/townshipCode' }] },
    });
    expect(missing.status).toBe(400);
    expect(missing.error.fields.map((f: { pointer: string }) => f.pointer)).toContain('/alarms/2/externalId');
    expect(duplicate).toMatchObject({ index: 3, status: 202, duplicate: true, alarmId: first.alarmId });
    expect(foreign).toMatchObject({
      index: 4,
      status: 403,
      error: { fields: [{ pointer: '/alarms/4/source' }] },
    });
    const after = await writes();
    expect(after.alarms).toBe(before.alarms + 1);
    expect(after.outbox).toBe(before.outbox + 1);

    const tooMany = await call(url, 'POST', '/api/v1/alarms/batch', {
      apiKey: KEY,
      body: { alarms: Array.from({ length: 501 }, () => ({})) },
    });
    expect(tooMany.status).toBe(400);
    expect(pointers(tooMany)).toEqual(['/alarms']);
  });

  it('holds each source to its own rate limit (429 with Retry-After) and body size limit (413)', async () => {
    await app.infra.database.dataSource.query(
      `INSERT INTO alarm_sources (id, name, key_digest, rate_per_minute, max_body_bytes) VALUES ($1, $1, $2, 3, 2000)`,
      ['slow-sensor', digestApiKey('slow-sensor-key-0001')],
    );
    const send = (body: unknown) =>
      call(url, 'POST', '/api/v1/alarms', { body, apiKey: 'slow-sensor-key-0001' });
    const big = await send(alarmBody({ source: 'slow-sensor', description: 'x'.repeat(2500) }));
    expect(big.status).toBe(413);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(alarmBody({ source: 'slow-sensor' }))).status);
    expect(statuses).toEqual([202, 202, 202]);
    const res = await fetch(`${url}/api/v1/alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'slow-sensor-key-0001' },
      body: JSON.stringify(alarmBody({ source: 'slow-sensor' })),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('REQUEST.RATE_LIMITED');
    // Another source is not slowed by this one.
    expect((await post(alarmBody())).status).toBe(202);
  });

  it('refuses forged, altered and missing tokens', async () => {
    const real = await login(url, 'duty-511902001', PASSWORD);
    const mine = await call(url, 'GET', '/api/v1/tasks', { token: real });
    expect(mine.status).toBe(200);

    const forged = jwt.sign({ username: 'commander', role: 'commander' }, 'guessed-secret-guessed-secret', {
      subject: 'x',
      issuer: 'erp',
    });
    const [h, p, s] = real.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const altered = [
      h,
      Buffer.from(JSON.stringify({ ...claims, role: 'commander' })).toString('base64url'),
      s,
    ].join('.');
    const none = [
      Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url'),
      Buffer.from(JSON.stringify({ ...claims, role: 'commander' })).toString('base64url'),
      '',
    ].join('.');
    for (const token of [forged, altered, none, 'garbage']) {
      const r = await call(url, 'GET', '/api/v1/tasks', { token });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('AUTH.TOKEN_INVALID');
    }
    expect((await call(url, 'GET', '/api/v1/tasks')).body.error.code).toBe('AUTH.TOKEN_MISSING');

    const wrongPassword = await call(url, 'POST', '/api/v1/auth/login', {
      body: { username: 'commander', password: 'nope' },
    });
    expect(wrongPassword.status).toBe(401);
    const unknownUser = await call(url, 'POST', '/api/v1/auth/login', {
      body: { username: 'nobody', password: 'nope' },
    });
    expect(unknownUser.body).toEqual(wrongPassword.body);
    const emptyLogin = await call(url, 'POST', '/api/v1/auth/login', { body: {} });
    expect(emptyLogin.status).toBe(400);
    expect(pointers(emptyLogin)).toEqual(['/password', '/username']);
  });

  it('refuses lone surrogates in any text with a 400 naming the field, in a single alarm and a batch', async () => {
    const before = await writes();
    for (const [fields, pointer] of [
      [{ description: 'a\ud800b' }, '/description'],
      [{ externalId: 'ext-\udc00' }, '/externalId'],
      [{ reporter: { name: '王\ud83d' } }, '/reporter/name'],
    ] as const) {
      const r = await call(url, 'POST', '/api/v1/alarms', {
        rawBody: JSON.stringify(alarmBody(fields)),
        apiKey: KEY,
      });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('REQUEST.LONE_SURROGATE');
      expect(pointers(r)).toEqual([pointer]);
    }
    const batch = await call(url, 'POST', '/api/v1/alarms/batch', {
      rawBody: JSON.stringify({ alarms: [alarmBody(), alarmBody({ description: '\udfff' })] }),
      apiKey: KEY,
    });
    expect(batch.status).toBe(400);
    expect(pointers(batch)).toEqual(['/alarms/1/description']);
    expect(await writes()).toEqual(before);
  });

  it('refuses dates outside the accepted window (JSON, batch, CAP) with a 400 naming the field', async () => {
    const before = await writes();
    for (const occurredAt of ['0001-01-01T00:00:00+08:00', '1000-06-01T12:00:00+08:00']) {
      const r = await post(alarmBody({ occurredAt }));
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('REQUEST.DATE_OUT_OF_RANGE');
      expect(pointers(r)).toEqual(['/occurredAt']);
    }
    const batch = await call(url, 'POST', '/api/v1/alarms/batch', {
      apiKey: KEY,
      body: { alarms: [alarmBody({ occurredAt: '0001-01-01T00:00:00+08:00' })] },
    });
    expect(batch.body.results[0]).toMatchObject({
      status: 400,
      error: { code: 'REQUEST.DATE_OUT_OF_RANGE', fields: [{ pointer: '/alarms/0/occurredAt' }] },
    });
    const cap = await call(url, 'POST', '/api/v1/alarms/cap', {
      rawBody: capAlert('0001-01-01T00:00:00+08:00'),
      headers: { 'content-type': 'application/cap+xml' },
      apiKey: KEY,
    });
    expect(cap.status).toBe(400);
    expect(cap.body.error.code).toBe('CAP.INVALID');
    expect(cap.body.error.fields).toEqual([
      expect.objectContaining({ pointer: '/alert/0/sent', line: expect.any(Number) }),
    ]);
    expect(await writes()).toEqual(before);
  });

  it('gives every answer a request id: a sane X-Request-Id is kept, anything else replaced', async () => {
    const kept = await fetch(`${url}/health`, { headers: { 'x-request-id': 'trace-0123456789abcdef' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-0123456789abcdef');
    for (const sent of ['<script>', 'x'.repeat(200), '']) {
      const r = await fetch(`${url}/health`, { headers: { 'x-request-id': sent } });
      expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const refused = await fetch(`${url}/api/v1/alarms`, { method: 'POST' });
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs every 5xx with its request id and cause, and the 500 body carries the id', async () => {
    // The alarms table out of reach: the insert fails on our side.
    await app.infra.database.dataSource.query('ALTER TABLE alarms RENAME TO alarms_away');
    let r: Response;
    try {
      r = await fetch(`${url}/api/v1/alarms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'x-request-id': 'req-5xx-0001' },
        body: JSON.stringify(alarmBody()),
      });
    } finally {
      await app.infra.database.dataSource.query('ALTER TABLE alarms_away RENAME TO alarms');
    }
    expect(r.status).toBe(500);
    expect(await r.json()).toEqual({
      error: { code: 'INTERNAL', message: expect.any(String), requestId: 'req-5xx-0001' },
    });
    const line = loggedErrors.find(
      (e) => e.requestId === 'req-5xx-0001' && e.message === '请求失败 request failed',
    ) as Record<string, unknown>;
    expect(line).toMatchObject({ status: 500, method: 'POST', path: '/api/v1/alarms', code: 'INTERNAL' });
    // Bound by the request's logger, not written by the filter: every line inside a request has it.
    expect(line.correlationId).toBe('req-5xx-0001');
    expect(line.cause).toMatch(/alarms/);
    // The request's own line says how it ended, under the same id.
    expect(loggedErrors).toContainEqual(
      expect.objectContaining({ requestId: 'req-5xx-0001', res: { status: 500 }, level: 'error' }),
    );
  });

  it('answers 404 for unknown tasks and 400 for ids that are not UUIDs', async () => {
    const token = await login(url, 'duty-511902001', PASSWORD);
    const unknown = await call(
      url,
      'POST',
      '/api/v1/tasks/7b3f1c2e-0000-4000-8000-000000000000/acknowledge',
      { token },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('TASK.NOT_FOUND');
    expect((await call(url, 'POST', '/api/v1/tasks/not-a-uuid/acknowledge', { token })).status).toBe(400);
  });
});

function capAlert(sent: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>BAD-DATE-${Math.random().toString(36).slice(2)}</identifier>
  <sender>weather-bureau</sender>
  <sent>${sent}</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info><category>Met</category><event>暴雨</event><urgency>Expected</urgency><severity>Severe</severity>
    <certainty>Likely</certainty><area><areaDesc>东城街道</areaDesc></area></info>
</alert>`;
}

describe('health when a dependency is down', () => {
  let db: TestDatabase;
  let app: RunningService;

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_health');
    app = await startService(
      { service: 'health-probe', contexts: [], relay: false, timers: true },
      // Nothing listens on port 1: the timers' Redis is down from the start.
      // Request lines and metrics off: ids are still given, /metrics is not there.
      {
        ...loadConfig({
          DATABASE_URL: db.url,
          REDIS_URL: 'redis://127.0.0.1:1',
          REQUEST_LOG: 'false',
          METRICS: 'false',
        }),
        port: 0,
      },
      createLogger({ logFormat: 'json', logLevel: 'fatal' }, 'e2e'),
    );
  }, 60_000);

  afterAll(async () => {
    await app.stop();
    await db.drop();
  });

  it('says which dependency is down and answers 503', async () => {
    const r = await call(app.url, 'GET', '/health');
    expect(r.status).toBe(503);
    expect(r.body.status).toBe('down');
    expect(r.body.dependencies.timers).toEqual({ state: 'down', adapter: 'redis' });
    expect(r.body.dependencies.postgres.state).toBe('up');
  });

  it('keeps request ids without request lines, and has no /metrics when they are off', async () => {
    const r = await fetch(`${app.url}/health/live`, { headers: { 'x-request-id': 'kept-0001' } });
    expect(r.headers.get('x-request-id')).toBe('kept-0001');
    expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
  });

  it('is live, and not ready while the timer store is down, naming it', async () => {
    expect((await call(app.url, 'GET', '/health/live')).status).toBe(200);
    const ready = await call(app.url, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('error');
    expect(ready.body.error).toEqual({ timers: { status: 'down' } });
    expect(ready.body.info).toEqual({ postgres: { status: 'up' }, eventStream: { status: 'up' } });
  });
});
