import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { CommandModule } from '@erp/command';
import { verifyWebhookSignature } from '@erp/domain';
import { NotifyModule, WebhooksApiModule } from '@erp/notify';
import { RunningService } from '@erp/platform';
import { ALARM_PATH, startTestService } from '../support/product';
import { createTestDatabase, eventually, TestDatabase } from '../support/services';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';
import { ReceivedDelivery, startWebhookReceiver } from '../support/webhook-receiver';

/**
 * Notifications out, on real PostgreSQL: a webhook receiver started here gets signed deliveries of the
 * tasks an alarm dispatches, with their recipients; it answers 500 twice and sees each retried, then 200
 * and never sees that event again; a delivery pending when the service stops arrives from the next one.
 */
const KEY = 'notify-source-key-0001';
const PASSWORD = 'notify-password';
const SECRET = 'gateway-secret-0123456789';
/**
 * Attempts before a delivery is given up. At 150 ms doubling, six take 4.6 s: a delivery refused while the
 * receiver is down must outlast a loaded machine stopping the service (four, 1 s, did not always).
 */
const MAX_ATTEMPTS = 6;

describe('notifications out: signed webhook deliveries, retried, recorded, in the timeline', () => {
  let db: TestDatabase;
  let app: RunningService;
  let url: string;
  let commander: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  /** The receiver's answers: 500 for an event's first two deliveries, then 200 (until `down`). */
  let down = false;
  const env = () => ({
    DATABASE_URL: db.url,
    DEMO_SOURCE_KEY: KEY,
    DEMO_PASSWORD: PASSWORD,
    WEBHOOK_POLL_MS: '50',
    WEBHOOK_RETRY_BASE_MS: '150',
    WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
  });
  const start = () =>
    startTestService('notify', env(), [...ALARM_PATH, CommandModule, NotifyModule, WebhooksApiModule]);

  beforeAll(async () => {
    db = await createTestDatabase('erp_notify');
    receiver = await startWebhookReceiver((_id, seen) => (down ? 503 : seen <= 2 ? 500 : 200));
    app = await start();
    url = app.url;
    commander = await login(url, 'commander', PASSWORD);
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    await receiver?.stop();
    await db?.drop();
  });

  const register = (body: unknown, token = commander) =>
    call(url, 'POST', '/api/v1/webhooks', { body, token });

  it('refuses bad registrations with 400 listing every error, and anyone but the commander or an administrator with 403', async () => {
    const bad = await register({ url: 'ftp://gw', events: ['TaskDispatched', 'Nope'], secret: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('WEBHOOK.INVALID');
    expect(bad.body.error.fields.map((f: { pointer: string }) => f.pointer)).toEqual([
      '/url',
      '/events/1',
      '/secret',
    ]);
    for (const body of [
      null,
      [],
      { url: receiver.url, events: [], secret: SECRET },
      { url: 'not a url', events: ['TaskDispatched'], secret: SECRET },
      { url: receiver.url, events: ['TaskDispatched'] },
    ]) {
      expect((await register(body)).status).toBe(400);
    }
    const officer = await login(url, 'duty-511902001', PASSWORD);
    const refused = await register(
      { url: receiver.url, events: ['TaskDispatched'], secret: SECRET },
      officer,
    );
    expect(refused.status).toBe(403);
    expect((await call(url, 'GET', '/api/v1/webhooks', { token: officer })).status).toBe(403);
    expect((await call(url, 'GET', '/api/v1/webhooks', { token: commander })).body.webhooks).toEqual([]);
    // An administrator manages them too: past the role check, to the body's own errors; and reads them.
    const admin = await login(url, 'admin', PASSWORD);
    expect(
      (await register({ url: 'ftp://gw', events: ['TaskDispatched'], secret: SECRET }, admin)).status,
    ).toBe(400);
    expect((await call(url, 'GET', '/api/v1/webhooks', { token: admin })).body.webhooks).toEqual([]);
    expect((await call(url, 'POST', '/api/v1/webhooks', { body: {} })).status).toBe(401);
  });

  it('delivers each dispatched task signed, with its recipients; retries after 500; never again after 200', async () => {
    const reg = await register({
      url: receiver.url,
      events: ['TaskDispatched', 'IncidentClosed'],
      secret: SECRET,
    });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ url: receiver.url, events: ['TaskDispatched', 'IncidentClosed'] });
    expect(reg.body.secret).toBeUndefined();
    const webhookId = reg.body.id;

    const alarm = await call(url, 'POST', '/api/v1/alarms', { body: alarmBody(), apiKey: KEY });
    expect(alarm.status).toBe(202);
    const incidentId = await incidentOfAlarm(url, alarm.body.alarmId, KEY);
    const tasks = await eventually(async () => {
      const r = await call(url, 'GET', `/api/v1/incidents/${incidentId}`, { token: commander });
      expect(r.body.tasks.length).toBeGreaterThan(0);
      return r.body.tasks as { id: string; unitId: string }[];
    });

    // Every task: two refusals, then taken on the third attempt.
    const delivered = await eventually(async () => {
      const ok = receiver.received.filter((d) => d.answered === 200);
      expect(ok.length).toBe(tasks.length);
      return ok;
    }, 30_000);
    const bodies = delivered.map((d) => JSON.parse(d.raw.toString('utf8')));
    expect(bodies.map((b) => b.facts.taskId).sort()).toEqual(tasks.map((t) => t.id).sort());
    for (const d of receiver.received) {
      expect(verifyWebhookSignature(d.raw, SECRET, String(d.headers['x-signature-256']))).toBe(true);
      expect(verifyWebhookSignature(d.raw, 'another-secret-0000', String(d.headers['x-signature-256']))).toBe(
        false,
      );
      const body = JSON.parse(d.raw.toString('utf8'));
      expect(d.headers['x-event-id']).toBe(body.eventId);
      expect(d.headers['x-event-type']).toBe('TaskDispatched');
      expect(body).toMatchObject({
        event: 'TaskDispatched',
        incidentId,
        text: expect.stringContaining('应急任务'),
      });
    }
    const lead = bodies.find((b) => b.facts.unitId === 'township-office-511902001');
    expect(lead.recipients.length).toBeGreaterThan(0);
    expect(lead.recipients[0]).toMatchObject({
      unitId: 'township-office-511902001',
      name: expect.any(String),
      phone: expect.any(String),
    });

    const byEvent = new Map<string, ReceivedDelivery[]>();
    for (const d of receiver.received) {
      const id = String(d.headers['x-event-id']);
      byEvent.set(id, [...(byEvent.get(id) ?? []), d]);
    }
    expect(byEvent.size).toBe(tasks.length);
    for (const tries of byEvent.values()) {
      expect(tries.map((t) => t.answered)).toEqual([500, 500, 200]);
      expect(tries.map((t) => t.headers['x-delivery-attempt'])).toEqual(['1', '2', '3']);
      expect(new Set(tries.map((t) => t.raw.toString('utf8'))).size).toBe(1); // the same bytes each time
      // Backoff: 150 ms, then 300 ms, counted from each answer (a loaded machine only makes the gaps longer).
      expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(140);
      expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(290);
    }
    // Taken is taken: well past any retry, nothing more arrives.
    const count = receiver.received.length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.received.length).toBe(count);

    const deliveries = await call(url, 'GET', `/api/v1/webhooks/${webhookId}/deliveries`, {
      token: commander,
    });
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.deliveries).toHaveLength(tasks.length);
    const one = await call(url, 'GET', `/api/v1/webhooks/${webhookId}/deliveries?limit=1`, {
      token: commander,
    });
    expect(one.body.deliveries).toEqual([deliveries.body.deliveries[0]]);
    for (const limit of ['0', '1001', '2.5', 'x']) {
      const refused = await call(url, 'GET', `/api/v1/webhooks/${webhookId}/deliveries?limit=${limit}`, {
        token: commander,
      });
      expect([refused.status, refused.body.error.code]).toEqual([400, 'REQUEST.INVALID']);
      expect(refused.body.error.fields).toEqual([
        { pointer: '/limit', message: 'an integer from 1 to 1000' },
      ]);
    }
    for (const d of deliveries.body.deliveries) {
      expect(d).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, incidentId });
      expect(d.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    }

    // The incident's timeline says who was told and that the gateway took it.
    await eventually(async () => {
      const timeline = await call(url, 'GET', `/api/v1/incidents/${incidentId}/timeline`, {
        token: commander,
      });
      const types = timeline.body.entries.map((e: { type: string }) => e.type);
      expect(types.filter((t: string) => t === 'NotificationIssued').length).toBe(tasks.length);
      expect(types.filter((t: string) => t === 'NotificationDelivered').length).toBe(tasks.length);
      expect(timeline.body.chainIntact).toBe(true);
    }, 20_000);
  });

  it('keeps a pending delivery across a restart and delivers it from the next instance', async () => {
    down = true;
    receiver.received.length = 0;
    const alarm = await call(url, 'POST', '/api/v1/alarms', {
      body: alarmBody({ townshipCode: '511902101', type: 'landslide', description: '山体滑坡' }),
      apiKey: KEY,
    });
    await incidentOfAlarm(url, alarm.body.alarmId, KEY);
    await eventually(async () => expect(receiver.received.length).toBeGreaterThan(0), 20_000);
    const pending = new Set(receiver.received.map((d) => String(d.headers['x-event-id'])));
    await app.stop();
    down = false;
    app = await start();
    url = app.url;
    await eventually(async () => {
      const taken = receiver.received
        .filter((d) => d.answered === 200)
        .map((d) => String(d.headers['x-event-id']));
      for (const id of pending) expect(taken).toContain(id);
    }, 30_000);
  });

  it('answers 404 for an unknown webhook and removes one: nothing more is sent to it', async () => {
    const none = await call(url, 'GET', '/api/v1/webhooks/not-a-uuid/deliveries', { token: commander });
    expect(none.status).toBe(404);
    for (const limit of ['0', '1001', 'x', '1.5']) {
      const bad = await call(url, 'GET', `/api/v1/webhooks/${randomUUID()}/deliveries?limit=${limit}`, {
        token: commander,
      });
      expect(bad.status).toBe(400);
    }
    const list = await call(url, 'GET', '/api/v1/webhooks', { token: commander });
    expect(list.body.webhooks).toHaveLength(1);
    expect(list.body.events).toEqual(expect.arrayContaining(['TaskDispatched', 'TaskEscalated']));
    const id = list.body.webhooks[0].id;
    expect((await call(url, 'DELETE', `/api/v1/webhooks/${id}`, { token: commander })).status).toBe(204);
    expect((await call(url, 'DELETE', `/api/v1/webhooks/${id}`, { token: commander })).status).toBe(404);
    expect((await call(url, 'GET', '/api/v1/webhooks', { token: commander })).body.webhooks).toEqual([]);
    // An administrator manages them too: past the role check, to the body's own errors; and reads them.
    const admin = await login(url, 'admin', PASSWORD);
    expect(
      (await register({ url: 'ftp://gw', events: ['TaskDispatched'], secret: SECRET }, admin)).status,
    ).toBe(400);
    expect((await call(url, 'GET', '/api/v1/webhooks', { token: admin })).body.webhooks).toEqual([]);
    // Who pointed notifications where, and who stopped them, is on record in the event log.
    await eventually(async () => {
      const rows = await app.infra.database.dataSource.query(
        `SELECT event_type, envelope->'actor'->>'name' AS actor FROM event_log
          WHERE envelope->'payload'->>'webhookId' = $1 AND event_type LIKE 'Webhook%' ORDER BY id`,
        [id],
      );
      expect(rows).toEqual([
        { event_type: 'WebhookRegistered', actor: 'commander' },
        { event_type: 'WebhookRemoved', actor: 'commander' },
      ]);
    });
    receiver.received.length = 0;
    const alarm = await call(url, 'POST', '/api/v1/alarms', {
      body: alarmBody({ townshipCode: '511902003' }),
      apiKey: KEY,
    });
    expect(alarm).toMatchObject({ status: 202 });
    const incidentId = await incidentOfAlarm(url, alarm.body.alarmId, KEY);
    // People were told (the live feed's notice is in the timeline), and the removed webhook heard nothing.
    await eventually(async () => {
      const timeline = await call(url, 'GET', `/api/v1/incidents/${incidentId}/timeline`, {
        token: commander,
      });
      expect(timeline.body.entries.map((e: { type: string }) => e.type)).toContain('NotificationIssued');
    }, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toEqual([]);
  });

  it('gives a delivery up after its last attempt, and says so in the timeline', async () => {
    const failing = await startWebhookReceiver(() => 500);
    try {
      const reg = await register({ url: failing.url, events: ['TaskDispatched'], secret: SECRET });
      const alarm = await call(url, 'POST', '/api/v1/alarms', {
        body: alarmBody({ townshipCode: '511902004' }),
        apiKey: KEY,
      });
      const incidentId = await incidentOfAlarm(url, alarm.body.alarmId, KEY);
      const deliveries = await eventually(async () => {
        const r = await call(url, 'GET', `/api/v1/webhooks/${reg.body.id}/deliveries`, { token: commander });
        expect(r.body.deliveries.length).toBeGreaterThan(0);
        for (const d of r.body.deliveries)
          expect(d).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
        return r.body.deliveries;
      }, 30_000);
      expect(failing.received.length).toBe(MAX_ATTEMPTS * deliveries.length);
      await eventually(async () => {
        const timeline = await call(url, 'GET', `/api/v1/incidents/${incidentId}/timeline`, {
          token: commander,
        });
        const failed = timeline.body.entries.filter(
          (e: { type: string }) => e.type === 'NotificationDeliveryFailed',
        );
        expect(failed).toHaveLength(deliveries.length);
        expect(failed[0].payload).toMatchObject({
          attempts: MAX_ATTEMPTS,
          statusCode: 500,
          reason: 'HTTP 500',
        });
        expect(failed[0].summary).toContain('放弃');
      }, 20_000);
    } finally {
      await failing.stop();
    }
  });
});
