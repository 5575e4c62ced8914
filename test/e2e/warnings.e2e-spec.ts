import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BAZHOU_HAZARD_SEED } from '@erp/domain';
import { CommandModule } from '@erp/command';
import { DispatchModule } from '@erp/dispatch';
import { DutyModule } from '@erp/duty';
import { EscalationModule } from '@erp/escalation';
import { IntakeModule } from '@erp/intake';
import { RunningService } from '@erp/platform';
import { startTestService } from '../support/product';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';
import { createTestDatabase, eventually, TestDatabase, uniqueSuffix } from '../support/services';

/**
 * Warnings before alarms (预警): national-platform CAP warnings open, amend and end a warning (not an
 * incident) whose clauses task the responsible persons of the hazard points in its area; Cancel and the
 * expiry timer (timers on PostgreSQL here) stand the tasks down.
 */
const KEY = 'warnings-source-key';
const PASSWORD = 'warnings-password';
const fixture = (name: string) => readFileSync(join(__dirname, '../../libs/cap/src/fixtures', name), 'utf8');
const GEOLOGICAL = ['landslide', 'collapse', 'debris_flow', 'ground_subsidence'];
const geologicalPoints = BAZHOU_HAZARD_SEED.filter((p) => GEOLOGICAL.includes(p.kind));

/** An instant in the national platform's form: Beijing time, a space before the time. */
const beijing = (at: Date) =>
  `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')}+08:00`;

/** The fixture with its times moved to now: sent a minute ago, expiring `expiresInMs` from now. */
function nowish(xml: string, expiresInMs: number, identifier?: string): string {
  const sent = beijing(new Date(Date.now() - 60_000));
  let out = xml
    .replace(/<sendTime>[^<]*<\/sendTime>/, `<sendTime>${sent}</sendTime>`)
    .replace(/<effective>[^<]*<\/effective>/, `<effective>${sent}</effective>`)
    .replace(
      /<expires>[^<]*<\/expires>/,
      `<expires>${beijing(new Date(Date.now() + expiresInMs))}</expires>`,
    );
  if (identifier)
    out = out.replace(/<identifier>[^<]*<\/identifier>/, `<identifier>${identifier}</identifier>`);
  return out;
}

describe('warnings (预警)', () => {
  let db: TestDatabase;
  let app: RunningService;
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

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_warnings');
    app = await startTestService(
      'warnings',
      {
        DATABASE_URL: db.url,
        DEMO_SOURCE_KEY: KEY,
        DEMO_PASSWORD: PASSWORD,
        TIMER_QUEUE: `warnings-${uniqueSuffix()}`,
      },
      [IntakeModule, DispatchModule, DutyModule, CommandModule, EscalationModule],
      { relay: true, timers: true },
    );
    for (const user of ['commander', 'hz-monitor-511902101-01', 'hz-charge-511902101-01']) {
      tokens[user] = await login(app.url, user, PASSWORD);
    }
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('orange over the district tasks the monitors of its geological points; red adds evacuation; Cancel stands them down', async () => {
    const orange = await postCap(nowish(fixture('cn-national_bazhou-rainstorm-orange.xml'), 3600_000));
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
    const again = await postCap(nowish(fixture('cn-national_bazhou-rainstorm-orange.xml'), 3600_000));
    expect(again.body.alerts[0]).toMatchObject({ warningId, outcome: 'duplicate', tasksAdded: 0 });

    // Red for 清江镇 and 曾口镇: evacuation for the persons in charge of the geological points there.
    const red = await postCap(
      nowish(fixture('cn-national_bazhou-rainstorm-red-eventtype-only.xml'), 3600_000),
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
<sendTime>${beijing(new Date(Date.now() - 1000))}</sendTime><status>Actual</status><msgType>Cancel</msgType>
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
      nowish(
        // Orange for 清江镇 alone.
        fixture('cn-national_bazhou-rainstorm-orange.xml').replace(
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

  it('expiry ends a warning on its timer and stands its tasks down', async () => {
    const posted = await postCap(
      nowish(fixture('cn-national_bazhou-rainstorm-orange.xml'), 4000, `expiring-${uniqueSuffix()}`),
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
    const us = await postCap(fixture('oasis-cap12-spec_A2_thunderstorm-polygon-geocode.xml'));
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
      nowish(fixture('cn-national_bazhou-rainstorm-orange.xml'), 3600_000, `ladder-${uniqueSuffix()}`),
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
  }, 60_000);
});
