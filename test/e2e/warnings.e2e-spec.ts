import { AuditModule, AuditReportsModule } from '@erp/audit';
import { BAZHOU_HAZARD_SEED, verifyWebhookSignature } from '@erp/domain';
import { CommandModule } from '@erp/command';
import { Topics } from '@erp/contracts';
import { DispatchModule } from '@erp/dispatch';
import { DutyModule } from '@erp/duty';
import { EscalationModule } from '@erp/escalation';
import { IntakeModule } from '@erp/intake';
import { LiveModule } from '@erp/live';
import { NotifyModule, WebhooksApiModule } from '@erp/notify';
import { RunningService } from '@erp/platform';
import { startTestService } from '../support/product';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';
import { beijingTime, capFixture, capSentNow } from '../support/cap-warnings';
import { openLiveStream } from '../support/live-stream';
import { createTestDatabase, eventually, TestDatabase, uniqueSuffix } from '../support/services';
import { startWebhookReceiver } from '../support/webhook-receiver';

/**
 * Warnings before alarms (预警): national-platform CAP warnings open, amend and end a warning (not an
 * incident) whose clauses task the responsible persons of the hazard points in its area; Cancel and the
 * expiry timer (timers on PostgreSQL here) stand the tasks down. Each change records its events, which
 * reach the live feed, the notifier and the webhooks.
 */
const KEY = 'warnings-source-key';
const PASSWORD = 'warnings-password';
const SECRET = 'warnings-gateway-secret-01';
const GEOLOGICAL = ['landslide', 'collapse', 'debris_flow', 'ground_subsidence'];
const geologicalPoints = BAZHOU_HAZARD_SEED.filter((p) => GEOLOGICAL.includes(p.kind));

describe('warnings (预警)', () => {
  let db: TestDatabase;
  let app: RunningService;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const tokens: Record<string, string> = {};

  const postCap = async (body: string) => {
    const res = await fetch(`${app.url}/api/v1/alarms/cap`, {
      method: 'POST',
      headers: { 'content-type': 'application/cap+xml', 'x-api-key': KEY },
      body,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const get = (path: string, user = 'commander') => call(app.url, 'GET', path, { token: tokens[user] });
  const tasksOf = (warning: any): any[] =>
    warning.hazardPoints.flatMap((p: any) => p.tasks.map((t: any) => ({ ...t, kind: p.kind })));
  /** The events recorded for a warning (the outbox keeps them after the relay published them), in order. */
  const recorded = async (warningId: string, type?: string) => {
    const rows: { topic: string; envelope: any }[] = await app.infra.database.dataSource.query(
      `SELECT topic, envelope FROM outbox WHERE partition_key = $1 ORDER BY id`,
      [warningId],
    );
    return rows.filter((r) => !type || r.envelope.type === type);
  };

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_warnings');
    receiver = await startWebhookReceiver();
    app = await startTestService(
      'warnings',
      {
        DATABASE_URL: db.url,
        DEMO_SOURCE_KEY: KEY,
        DEMO_PASSWORD: PASSWORD,
        TIMER_QUEUE: `warnings-${uniqueSuffix()}`,
        WEBHOOK_POLL_MS: '50',
      },
      [
        IntakeModule,
        DispatchModule,
        DutyModule,
        CommandModule,
        EscalationModule,
        LiveModule,
        NotifyModule,
        WebhooksApiModule,
        AuditModule,
        AuditReportsModule,
      ],
      { relay: true, timers: true },
    );
    for (const user of ['commander', 'duty-511902001', 'hz-monitor-511902101-01', 'hz-charge-511902101-01']) {
      tokens[user] = await login(app.url, user, PASSWORD);
    }
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    await receiver?.stop();
    await db?.drop();
  });

  it('orange over the district tasks the monitors of its geological points; red adds evacuation; Cancel stands them down', async () => {
    const orange = await postCap(capSentNow(capFixture('cn-national_bazhou-rainstorm-orange.xml'), 3600_000));
    expect(orange.status).toBe(202);
    expect(orange.body.alerts).toEqual([
      expect.objectContaining({
        kind: 'warning',
        outcome: 'issued',
        status: 'active',
        warningId: expect.any(String),
      }),
    ]);
    const { warningId } = orange.body.alerts[0];
    // A warning, not an alarm: nothing went the incident way.
    expect((await app.infra.database.dataSource.query(`SELECT count(*)::int AS n FROM alarms`))[0].n).toBe(0);

    const issued = (await get(`/api/v1/warnings/${warningId}`)).body;
    expect(issued).toMatchObject({
      colour: 'orange',
      colourZh: '橙色',
      hazardType: 'rainstorm',
      status: 'active',
    });
    expect(issued.area).toMatchObject({ wholeDistrict: true });
    const patrols = tasksOf(issued).filter((t) => t.action === 'patrol' && GEOLOGICAL.includes(t.kind));
    expect(patrols.map((t) => t.hazardPointId).sort()).toEqual(geologicalPoints.map((p) => p.id).sort());
    for (const t of patrols) {
      const monitor = BAZHOU_HAZARD_SEED.find((p) => p.id === t.hazardPointId)!.responsiblePersons[0];
      expect(t).toMatchObject({
        assigneeRole: 'monitor',
        assigneeUserName: monitor.userName,
        status: 'dispatched',
      });
      expect(Date.parse(t.acknowledgeDueAt)).toBeGreaterThan(Date.parse(t.dispatchedAt));
    }
    expect(tasksOf(issued).some((t) => t.action === 'evacuate')).toBe(false);
    expect((await get('/api/v1/warnings?active=true')).body.items.map((w: any) => w.id)).toEqual([warningId]);

    // The monitor signs in, sees the patrol task and acknowledges it; someone else may not.
    const mine = (await get('/api/v1/warnings/tasks/mine', 'hz-monitor-511902101-01')).body.items;
    expect(mine).toEqual([expect.objectContaining({ hazardPointId: 'HZ-511902101-01', action: 'patrol' })]);
    const foreign = await call(app.url, 'POST', `/api/v1/warnings/tasks/${mine[0].id}/acknowledge`, {
      token: tokens['hz-charge-511902101-01'],
    });
    expect(foreign.status).toBe(403);
    const acked = await call(app.url, 'POST', `/api/v1/warnings/tasks/${mine[0].id}/acknowledge`, {
      token: tokens['hz-monitor-511902101-01'],
    });
    expect(acked.body).toMatchObject({ status: 'acknowledged' });

    // The same alert again is the same warning, nothing added.
    const again = await postCap(capSentNow(capFixture('cn-national_bazhou-rainstorm-orange.xml'), 3600_000));
    expect(again.body.alerts[0]).toMatchObject({ warningId, outcome: 'duplicate', tasksAdded: 0 });

    // Red for 清江镇 and 曾口镇: evacuation for the persons in charge of the geological points there.
    const red = await postCap(
      capSentNow(capFixture('cn-national_bazhou-rainstorm-red-eventtype-only.xml'), 3600_000),
    );
    expect(red.body.alerts[0]).toMatchObject({ kind: 'warning', warningId, outcome: 'amended' });
    const amended = (await get(`/api/v1/warnings/${warningId}`)).body;
    expect(amended).toMatchObject({ colour: 'red', area: { townshipCodes: ['511902101', '511902105'] } });
    const evacuations = tasksOf(amended).filter((t) => t.action === 'evacuate');
    const inArea = geologicalPoints.filter((p) => ['511902101', '511902105'].includes(p.townshipCode));
    expect(evacuations.map((t) => t.hazardPointId).sort()).toEqual(inArea.map((p) => p.id).sort());
    expect(evacuations.every((t) => t.assigneeRole === 'person_in_charge' && t.status === 'dispatched')).toBe(
      true,
    );
    const kept = tasksOf(amended).find((t) => t.id === mine[0].id);
    expect(kept.status).toBe('acknowledged');
    // Points outside the smaller area are stood down, with the reason.
    const outside = tasksOf(amended).filter((t) => !['511902101', '511902105'].includes(t.townshipCode));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.every((t) => t.status === 'cancelled' && t.cancelReason)).toBe(true);

    const cancel = `<?xml version="1.0" encoding="UTF-8"?>
<alert><identifier>51190241600000_cancel</identifier><sender>巴州区气象局</sender>
<sendTime>${beijingTime(new Date(Date.now() - 1000))}</sendTime><status>Actual</status><msgType>Cancel</msgType>
<scope>Public</scope><references>巴州区气象局,51190241600000_20260706083000,2026-07-06T08:30:00+08:00</references></alert>`;
    const cancelled = await postCap(cancel);
    expect(cancelled.body.alerts[0]).toMatchObject({
      kind: 'warning',
      warningId,
      outcome: 'ended',
      status: 'ended',
    });
    const ended = (await get(`/api/v1/warnings/${warningId}`)).body;
    expect(ended).toMatchObject({ status: 'ended', endReason: 'cancelled' });
    expect(tasksOf(ended).filter((t) => t.open)).toEqual([]);
    expect(tasksOf(ended).find((t) => t.id === mine[0].id).cancelReason).toContain('cancelled');
    expect((await get('/api/v1/warnings?active=true')).body.items).toEqual([]);
  }, 60_000);

  it('an alarm inside an active warning cites it in its incident; one elsewhere does not', async () => {
    const posted = await postCap(
      capSentNow(
        // Orange for 清江镇 alone.
        capFixture('cn-national_bazhou-rainstorm-orange.xml').replace(
          '<geocode>511902</geocode>',
          '<geocode>511902101</geocode>',
        ),
        3600_000,
        `cited-${uniqueSuffix()}`,
      ),
    );
    const { warningId } = posted.body.alerts[0];
    expect(posted.body.alerts[0]).toMatchObject({ kind: 'warning', outcome: 'issued' });
    const inside = await call(app.url, 'POST', '/api/v1/alarms', {
      apiKey: KEY,
      body: alarmBody({ type: 'landslide', townshipCode: '511902101', description: '山体滑坡' }),
    });
    const outside = await call(app.url, 'POST', '/api/v1/alarms', {
      apiKey: KEY,
      body: alarmBody({ type: 'fire', townshipCode: '511902001' }),
    });
    const incidentInside = await incidentOfAlarm(app.url, inside.body.alarmId, KEY);
    const incidentOutside = await incidentOfAlarm(app.url, outside.body.alarmId, KEY);
    expect((await get(`/api/v1/incidents/${incidentInside}`)).body.warnings).toEqual([
      expect.objectContaining({ id: warningId, colour: 'orange', event: '暴雨' }),
    ]);
    expect((await get(`/api/v1/incidents/${incidentOutside}`)).body.warnings).toEqual([]);
  }, 60_000);

  it('records each change as events on the warning key: live for every officer, told to the point persons by webhook', async () => {
    const hook = await call(app.url, 'POST', '/api/v1/webhooks', {
      token: tokens.commander,
      body: { url: receiver.url, events: ['WarningTaskAssigned'], secret: SECRET },
    });
    expect(hook.status).toBe(201);
    // An officer of another township: a warning is district-wide news.
    const live = openLiveStream(app.url, tokens['duty-511902001']);
    try {
      const identifier = `events-${uniqueSuffix()}`;
      const posted = await postCap(
        capSentNow(
          // Orange for 清江镇 alone: a few tasks.
          capFixture('cn-national_bazhou-rainstorm-orange.xml').replace(
            '<geocode>511902</geocode>',
            '<geocode>511902101</geocode>',
          ),
          3600_000,
          identifier,
        ),
      );
      const { warningId } = posted.body.alerts[0];
      const tasks = tasksOf((await get(`/api/v1/warnings/${warningId}`)).body);
      expect(tasks.length).toBeGreaterThan(0);

      const issued = await recorded(warningId);
      expect(issued.map((r) => r.envelope.type)).toEqual([
        'WarningIssued',
        ...tasks.map(() => 'WarningTaskAssigned'),
      ]);
      for (const { topic, envelope } of issued) {
        expect(topic).toBe(Topics.monitoring);
        expect(envelope).toMatchObject({
          key: warningId,
          incidentId: null,
          correlationId: warningId,
          causationId: `cap:${identifier}`,
          actor: { kind: 'source' },
        });
      }
      expect(issued[0].envelope.payload).toMatchObject({ warningId, colour: 'orange', event: '暴雨' });
      expect(
        issued
          .slice(1)
          .map((r) => r.envelope.payload.taskId)
          .sort(),
      ).toEqual(tasks.map((t) => t.id).sort());

      // Each assigned task reaches the gateway signed, for the point's person with their phone.
      const deliveries = await eventually(async () => {
        const ours = receiver.received.filter(
          (d) => JSON.parse(d.raw.toString('utf8')).facts.warningId === warningId,
        );
        expect(ours.length).toBe(tasks.length);
        return ours;
      }, 20_000);
      for (const d of deliveries) {
        expect(verifyWebhookSignature(d.raw, SECRET, String(d.headers['x-signature-256']))).toBe(true);
        const body = JSON.parse(d.raw.toString('utf8'));
        const task = tasks.find((t) => t.id === body.facts.taskId);
        expect(body).toMatchObject({ event: 'WarningTaskAssigned', incidentId: null });
        expect(body.text).toContain('【预警任务】');
        expect(body.recipients).toEqual([
          expect.objectContaining({
            userName: task.assigneeUserName,
            phone: task.assigneePhone,
            unitId: `township-office-${task.townshipCode}`,
          }),
        ]);
      }

      // The person acknowledges: a fact by them.
      const own = tasks.find((t) => t.assigneeUserName === 'hz-monitor-511902101-01');
      await call(app.url, 'POST', `/api/v1/warnings/tasks/${own.id}/acknowledge`, {
        token: tokens['hz-monitor-511902101-01'],
      });
      const [ack] = await recorded(warningId, 'WarningTaskAcknowledged');
      expect(ack.envelope).toMatchObject({
        payload: { taskId: own.id, late: false },
        actor: { kind: 'user', name: 'hz-monitor-511902101-01' },
      });

      // A Cancel ends it and stands every open task down, each a fact.
      const cancel = `<?xml version="1.0" encoding="UTF-8"?>
<alert><identifier>${identifier}-cancel</identifier><sender>巴州区气象局</sender>
<sendTime>${beijingTime(new Date(Date.now() - 1000))}</sendTime><status>Actual</status><msgType>Cancel</msgType>
<scope>Public</scope><references>巴州区气象局,${identifier},2026-07-06T08:30:00+08:00</references></alert>`;
      expect((await postCap(cancel)).body.alerts[0]).toMatchObject({ warningId, outcome: 'ended' });
      expect((await recorded(warningId, 'WarningEnded'))[0].envelope.payload).toMatchObject({
        reason: 'cancelled',
      });
      expect((await recorded(warningId, 'WarningTaskStoodDown')).length).toBe(tasks.length);

      // The warning's own timeline: its changes, tasks and the notices of them, chained like an incident's.
      const timeline = await eventually(async () => {
        const t = await get(`/api/v1/warnings/${warningId}/timeline`, 'duty-511902001');
        expect(t.status).toBe(200);
        const types = t.body.entries.map((e: any) => e.type);
        expect(types[0]).toBe('WarningIssued');
        expect(types).toEqual(
          expect.arrayContaining([
            'WarningTaskAssigned',
            'NotificationIssued',
            'NotificationDelivered',
            'WarningTaskAcknowledged',
            'WarningEnded',
            'WarningTaskStoodDown',
          ]),
        );
        return t.body;
      }, 20_000);
      expect(timeline.chainIntact).toBe(true);
      expect(timeline.entries[0].summary).toContain('发布预警');
      expect((await get('/api/v1/warnings/00000000-0000-4000-8000-000000000000/timeline')).status).toBe(404);

      await eventually(async () => {
        const seen = live.frames
          .filter((f) => f.data?.payload?.warningId === warningId)
          .map((f) => f.data.type);
        expect(seen).toEqual(
          expect.arrayContaining([
            'WarningIssued',
            'WarningTaskAssigned',
            'WarningTaskAcknowledged',
            'WarningEnded',
            'WarningTaskStoodDown',
          ]),
        );
      }, 20_000);
    } finally {
      live.close();
      await live.done;
    }
  }, 60_000);

  it('expiry ends a warning on its timer and stands its tasks down', async () => {
    const posted = await postCap(
      capSentNow(capFixture('cn-national_bazhou-rainstorm-orange.xml'), 4000, `expiring-${uniqueSuffix()}`),
    );
    const { warningId } = posted.body.alerts[0];
    expect((await get(`/api/v1/warnings/${warningId}`)).body.status).toBe('active');
    await eventually(
      async () => {
        const w = (await get(`/api/v1/warnings/${warningId}`)).body;
        expect(w).toMatchObject({ status: 'ended', endReason: 'expired' });
        expect(tasksOf(w).length).toBeGreaterThan(0);
        expect(tasksOf(w).every((t) => t.status === 'cancelled')).toBe(true);
      },
      30_000,
      250,
    );
    const [ended] = await recorded(warningId, 'WarningEnded');
    expect(ended.envelope).toMatchObject({
      payload: { warningId, reason: 'expired' },
      actor: { kind: 'system', id: 'escalator' },
      causationId: `timer:${warningId}:warning-expiry:0`,
    });
    const tasks = tasksOf((await get(`/api/v1/warnings/${warningId}`)).body);
    expect((await recorded(warningId, 'WarningTaskStoodDown')).length).toBe(tasks.length);
  }, 60_000);

  it('a warning in an unknown shape or for elsewhere stays an alarm; unknown warnings and moves are 404', async () => {
    expect((await get('/api/v1/warnings/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await get('/api/v1/warnings/not-a-uuid')).status).toBe(404);
    expect((await get('/api/v1/warnings?active=maybe')).status).toBe(400);
    const r = await call(
      app.url,
      'POST',
      '/api/v1/warnings/tasks/00000000-0000-0000-0000-000000000000/acknowledge',
      {
        token: tokens.commander,
      },
    );
    expect(r.status).toBe(404);
    const us = await postCap(capFixture('oasis-cap12-spec_A2_thunderstorm-polygon-geocode.xml'));
    expect(us.body.alerts[0]).toMatchObject({ kind: 'alarm' });
  });

  // Last: it publishes a plan whose warning tasks must be acknowledged within a second.
  it('an unacknowledged warning task climbs its ladder; an acknowledged one stops', async () => {
    const current = (await get('/api/v1/plan')).body.plan;
    const quick = {
      ...current,
      planVersion: `warnings-quick-${uniqueSuffix()}`,
      warningClauses: current.warningClauses.map((c: any) => ({
        ...c,
        tasks: c.tasks.map((t: any) => ({ ...t, acknowledgeSeconds: 1 })),
      })),
    };
    const published = await call(app.url, 'PUT', '/api/v1/plan', { token: tokens.commander, body: quick });
    expect(published.status).toBe(201);
    const bad = await call(app.url, 'PUT', '/api/v1/plan', {
      token: tokens.commander,
      body: { ...quick, planVersion: 'bad-clauses', warningClauses: [{ id: 'x' }] },
    });
    expect(bad.status).toBe(400);

    const posted = await postCap(
      capSentNow(capFixture('cn-national_bazhou-rainstorm-orange.xml'), 3600_000, `ladder-${uniqueSuffix()}`),
    );
    const { warningId } = posted.body.alerts[0];
    const mine = (await get('/api/v1/warnings/tasks/mine', 'hz-monitor-511902101-01')).body.items;
    const own = mine.find((t: any) => t.warningId === warningId);
    await call(app.url, 'POST', `/api/v1/warnings/tasks/${own.id}/acknowledge`, {
      token: tokens['hz-monitor-511902101-01'],
    });
    await eventually(
      async () => {
        const w = (await get(`/api/v1/warnings/${warningId}`)).body;
        const unacked = tasksOf(w).filter((t) => t.status === 'dispatched');
        expect(unacked.length).toBeGreaterThan(0);
        for (const t of unacked) {
          expect(t.escalations[0]).toMatchObject({
            deadline: 'ack',
            step: 0,
            action: 'renotify_assignee',
            target: t.assigneeUserName,
          });
        }
      },
      20_000,
      250,
    );
    const acked = tasksOf((await get(`/api/v1/warnings/${warningId}`)).body).find((t) => t.id === own.id);
    expect(acked.escalations).toEqual([]);
    // Each rung is a fact on the warning's key, by the escalator, answering its timer.
    const rungs = await recorded(warningId, 'WarningTaskEscalated');
    expect(rungs.length).toBeGreaterThan(0);
    expect(rungs.some((r) => r.envelope.payload.taskId === own.id)).toBe(false);
    expect(rungs[0].envelope).toMatchObject({
      payload: { deadline: 'ack', step: 0, ladderAction: 'renotify_assignee', last: false },
      actor: { id: 'escalator' },
    });
  }, 60_000);
});
