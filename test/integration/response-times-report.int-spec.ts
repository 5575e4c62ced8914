import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { AuditProjector, AuditReportsModule } from '@erp/audit';
import { decodeEnvelope, DomainEvent } from '@erp/contracts';
import { ManualClock } from '@erp/domain';
import { DutyModule } from '@erp/duty';
import { DecodedEvent, EventStream } from '@erp/event-stream';
import { envelopeFor } from '@erp/persistence';
import { Infrastructure, RunningService } from '@erp/platform';
import { parseCsv } from '@erp/domain';
import { startTestService } from '../support/product';
import { createTestDatabase, TestDatabase } from '../support/services';
import { call, login } from '../support/http';
import path from 'node:path';

/**
 * The response-time report against a scenario computed by hand. Events with known times go through the
 * real audit consumer into its tables on PostgreSQL; the report is read over HTTP as each kind of user
 * may, as JSON and as CSV parsed back; an exercise and an incident outside the range are left out; the
 * tables rebuilt from the event log give the same report.
 *
 * Township A (东城街道 511902001), B (511902003); seconds after each incident's alarm:
 *   I1 A fire  T1: office A 30/90/150/600 (dispatch/ack/depart/arrive); team X 40/100/160/840; closed 3600
 *   I2 A flood T1→T2: office A 60/400/420/1000, ack missed at 361; team Y 60/120/200/1060, arrive
 *      missed at 961 (1000 s of travel, outside the circle); closed 7200
 *   I3 B fire  T1: office B 20/50/100/500; team Z 20/80/110/520; open
 *   I4 A fire, an exercise: office A 100/200 — out unless asked for
 *   I5 A fire in February: out of the range
 */
const KEY = 'report-source-key';
const PASSWORD = 'report-password';
const REBUILD_CLI = path.resolve(__dirname, '../../dist/apps/audit/src/rebuild.js');
const A = '511902001';
const B = '511902003';
const OFFICE_A = `township-office-${A}`;
const OFFICE_B = `township-office-${B}`;
const X = 'team-district-fire-brigade';
const Y = 'team-district-rescue';
const Z = 'team-district-medical';
const RANGE = 'from=2026-01-01T00:00:00%2B08:00&to=2026-02-01T00:00:00%2B08:00';

const causation = { actor: { kind: 'system' as const, id: 'test' }, correlationId: 'c', causationId: null };

function decoded(event: DomainEvent, at: Date): DecodedEvent {
  const { envelope } = envelopeFor(event, causation, at, at);
  return decodeEnvelope(JSON.stringify(envelope));
}

/** An incident's events with times in seconds after its alarm. */
function incident(spec: {
  township: string;
  type: string;
  alarmAt: string;
  exercise?: boolean;
  reclassifyAfter?: string;
  tasks: { unit: string; eta?: number; at: number[]; missed?: [string, number][] }[];
  closeAt?: number;
}): DecodedEvent[] {
  const incidentId = randomUUID();
  const alarm = Date.parse(spec.alarmAt);
  const t = (s: number) => new Date(alarm + s * 1000);
  const iso = (s: number) => t(s).toISOString();
  const out: { at: number; event: DomainEvent }[] = [
    {
      at: 5,
      event: {
        type: 'IncidentOpened',
        payload: {
          incidentId,
          alarmId: randomUUID(),
          alarmSource: 'demo-source',
          alarmReceivedAt: iso(0),
          type: spec.type,
          townshipCode: spec.township,
          location: null,
          description: '测试',
          exercise: spec.exercise ?? false,
        },
      },
    },
    {
      at: 5,
      event: {
        type: 'IncidentClassified',
        payload: { incidentId, tier: 'T1_MINOR', level: null, reasons: ['r'], ruleSetVersion: 'v' },
      },
    },
  ];
  for (const task of spec.tasks) {
    const taskId = randomUUID();
    const ref = { taskId, incidentId, unitId: task.unit };
    const [dispatch, ack, depart, arrive] = task.at;
    out.push({
      at: dispatch,
      event: {
        type: 'TaskDispatched',
        payload: {
          ...ref,
          role: task.eta === undefined ? 'lead' : 'support',
          ackDeadlineAt: iso(dispatch + 300),
          escalationStep: 0,
          escalatedFromTaskId: null,
          clauseId: 'c',
          planVersion: 'p',
          etaSeconds: task.eta ?? null,
        },
      },
    });
    const late = (kind: string) => task.missed?.some(([k]) => k === kind) ?? false;
    if (ack !== undefined)
      out.push({
        at: ack,
        event: { type: 'TaskAcknowledged', payload: { ...ref, acknowledgedAt: iso(ack), late: late('ack') } },
      });
    if (depart !== undefined)
      out.push({
        at: depart,
        event: { type: 'TaskDeparted', payload: { ...ref, departedAt: iso(depart), late: false } },
      });
    if (arrive !== undefined)
      out.push({
        at: arrive,
        event: {
          type: 'TaskArrived',
          payload: {
            ...ref,
            arrivedAt: iso(arrive),
            late: late('arrive'),
            secondsFromDispatch: arrive - dispatch,
          },
        },
      });
    for (const [deadline, missedAt] of task.missed ?? []) {
      out.push({
        at: missedAt,
        event: {
          type: 'TaskDeadlineMissed',
          payload: {
            ...ref,
            deadline: deadline as 'ack',
            deadlineAt: iso(missedAt - 1),
            lateMs: 1000,
            late: false,
            ladderSteps: 0,
          },
        },
      });
    }
  }
  if (spec.reclassifyAfter) {
    out.push({
      at: 70,
      event: {
        type: 'IncidentReclassified',
        payload: {
          incidentId,
          from: { tier: 'T1_MINOR', level: null },
          to: { tier: 'T2_GENERAL', level: 'IV' },
          reasons: ['r'],
          ruleSetVersion: 'v',
          confirmedBy: null,
        },
      },
    });
  }
  if (spec.closeAt !== undefined) {
    out.push({
      at: spec.closeAt,
      event: {
        type: 'IncidentClosed',
        payload: {
          incidentId,
          outcome: '处置完毕',
          summary: '',
          closedAt: iso(spec.closeAt),
          freedTeamIds: [],
        },
      },
    });
  }
  return out.sort((a, b) => a.at - b.at).map((e) => decoded(e.event, t(e.at)));
}

const I1 = incident({
  township: A,
  type: 'fire',
  alarmAt: '2026-01-10T00:00:00Z',
  tasks: [
    { unit: OFFICE_A, at: [30, 90, 150, 600] },
    { unit: X, eta: 600, at: [40, 100, 160, 840] },
  ],
  closeAt: 3600,
});
const I2 = incident({
  township: A,
  type: 'flood',
  alarmAt: '2026-01-11T00:00:00Z',
  reclassifyAfter: 'dispatch',
  tasks: [
    { unit: OFFICE_A, at: [60, 400, 420, 1000], missed: [['ack', 361]] },
    { unit: Y, eta: 700, at: [60, 120, 200, 1060], missed: [['arrive', 961]] },
  ],
  closeAt: 7200,
});
const I3 = incident({
  township: B,
  type: 'fire',
  alarmAt: '2026-01-12T00:00:00Z',
  tasks: [
    { unit: OFFICE_B, at: [20, 50, 100, 500] },
    { unit: Z, eta: 300, at: [20, 80, 110, 520] },
  ],
});
const I4 = incident({
  township: A,
  type: 'fire',
  alarmAt: '2026-01-13T00:00:00Z',
  exercise: true,
  tasks: [{ unit: OFFICE_A, at: [100, 200] }],
});
const I5 = incident({
  township: A,
  type: 'fire',
  alarmAt: '2026-02-05T00:00:00Z',
  tasks: [{ unit: OFFICE_A, at: [10] }],
});

const stage = (count: number, medianSeconds: number | null, p90Seconds: number | null) => ({
  count,
  medianSeconds,
  p90Seconds,
});

describe('the response-time report, against a scenario computed by hand', () => {
  let db: TestDatabase;
  let app: RunningService;
  let url: string;
  let auditor: string;

  beforeAll(async () => {
    db = await createTestDatabase('erp_report');
    app = await startTestService(
      'report',
      { DATABASE_URL: db.url, DEMO_SOURCE_KEY: KEY, DEMO_PASSWORD: PASSWORD },
      [DutyModule, AuditReportsModule],
    );
    url = app.url;
    auditor = await login(url, 'auditor', PASSWORD);
    const clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
    const projector = new AuditProjector(
      app.infra.database.unitOfWork,
      clock,
      {} as EventStream,
      {} as Infrastructure,
    );
    // Incidents interleaved and in batches of a few, as a consumer takes them.
    const all = [I1, I2, I3, I4, I5].flat();
    for (let i = 0; i < all.length; i += 7) await projector.appendAll(all.slice(i, i + 7));
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  const report = async (query: string, token = auditor) =>
    call(url, 'GET', `/api/v1/reports/response-times?${RANGE}&${query}`, { token });

  it('by township: each stage’s median and p90 from the alarm, arrivals in the circle, missed deadlines', async () => {
    const r = await report('groupBy=township');
    expect(r.status).toBe(200);
    const [a, b] = r.body.groups;
    expect(r.body.groups.map((g: { key: string }) => g.key)).toEqual([A, B]);
    expect(a).toMatchObject({ key: A, name: '东城街道', incidents: 2, tasks: 4, breaches: 2 });
    expect(a.stages).toEqual({
      dispatch: stage(4, 50, 60),
      acknowledge: stage(4, 110, 316),
      depart: stage(4, 180, 354),
      arrive: stage(4, 920, 1042),
      close: stage(2, 5400, 6840),
    });
    expect(a.teamArrivals).toEqual({ count: 2, inCircle: 1, share: 0.5 });
    expect(b).toMatchObject({ key: B, incidents: 1, tasks: 2, breaches: 0 });
    expect(b.stages).toEqual({
      dispatch: stage(2, 20, 20),
      acknowledge: stage(2, 65, 77),
      depart: stage(2, 105, 109),
      arrive: stage(2, 510, 518),
      close: stage(0, null, null),
    });
    expect(b.teamArrivals).toEqual({ count: 1, inCircle: 1, share: 1 });
    expect(r.body.overall).toMatchObject({ key: '*', incidents: 3, tasks: 6, breaches: 2 });
    expect(r.body.overall.stages).toEqual({
      dispatch: stage(6, 35, 60),
      acknowledge: stage(6, 95, 260),
      depart: stage(6, 155, 310),
      arrive: stage(6, 720, 1030),
      close: stage(2, 5400, 6840),
    });
    expect(r.body.overall.teamArrivals).toMatchObject({ count: 3, inCircle: 2 });
    expect(r.body.overall.teamArrivals.share).toBeCloseTo(2 / 3, 9);
    expect(r.body).toMatchObject({ includeExercises: false, circleSeconds: 900, breachesTotal: 2 });
    // Newest first: the arrival missed at 961 s, then the acknowledgement at 361 s, both of I2.
    expect(
      r.body.breaches.map((x: { deadline: string; unitId: string; tier: string }) => [
        x.deadline,
        x.unitId,
        x.tier,
      ]),
    ).toEqual([
      ['arrive', Y, 'T2_GENERAL'],
      ['ack', OFFICE_A, 'T2_GENERAL'],
    ]);
    expect(new Set(r.body.breaches.map((x: { incidentId: string }) => x.incidentId))).toEqual(
      new Set([I2[0].incidentId]),
    );
  });

  it('by tier (a re-classification moves the incident’s tasks), team, unit and type', async () => {
    const tier = (await report('groupBy=tier')).body;
    expect(
      tier.groups.map((g: { key: string; name: string; tasks: number }) => [g.key, g.name, g.tasks]),
    ).toEqual([
      ['T1_MINOR', '一般以下', 4],
      ['T2_GENERAL', '一般', 2],
    ]);
    expect(tier.groups[1].stages.acknowledge).toEqual(stage(2, 260, 372));
    expect(tier.groups[1].stages.close).toEqual(stage(1, 7200, 7200));

    const team = (await report('groupBy=team')).body;
    expect(
      team.groups.map((g: { key: string; tasks: number; incidents: number }) => [
        g.key,
        g.tasks,
        g.incidents,
      ]),
    ).toEqual(
      [
        [X, 1, 1],
        [Z, 1, 1],
        [Y, 1, 1],
      ].sort((p, q) => (p[0] < q[0] ? -1 : 1)),
    );
    const y = team.groups.find((g: { key: string }) => g.key === Y);
    expect(y).toMatchObject({ teamArrivals: { count: 1, inCircle: 0, share: 0 }, breaches: 1 });
    expect(y.stages.arrive).toEqual(stage(1, 1060, 1060));
    expect(team.overall).toMatchObject({ tasks: 3, incidents: 3, teamArrivals: { count: 3, inCircle: 2 } });
    expect(team.overall.stages.close).toEqual(stage(2, 5400, 6840));

    const unit = (await report('groupBy=unit')).body;
    const officeA = unit.groups.find((g: { key: string }) => g.key === OFFICE_A);
    expect(officeA).toMatchObject({ name: '东城街道应急管理办公室', tasks: 2, incidents: 2, breaches: 1 });
    expect(officeA.stages.acknowledge).toEqual(stage(2, 245, 369));
    expect(officeA.stages.close).toEqual(stage(2, 5400, 6840));
    expect(unit.overall).toMatchObject({ tasks: 6, incidents: 3 });

    const type = (await report('groupBy=type')).body;
    expect(
      type.groups.map((g: { key: string; name: string; tasks: number }) => [g.key, g.name, g.tasks]),
    ).toEqual([
      ['fire', '火灾', 4],
      ['flood', expect.any(String), 2],
    ]);
  });

  it('leaves exercises out unless asked for', async () => {
    const withDrills = (await report('groupBy=township&includeExercises=true')).body;
    const a = withDrills.groups.find((g: { key: string }) => g.key === A);
    expect(a).toMatchObject({ incidents: 3, tasks: 5 });
    expect(a.stages.dispatch).toEqual(stage(5, 60, 84));
    expect(withDrills.overall.tasks).toBe(7);
  });

  it('holds a township office to its own township and refuses it another, and other officers', async () => {
    const own = await login(url, `duty-${A}`, PASSWORD);
    const mine = await report('groupBy=unit', own);
    expect(mine.status).toBe(200);
    expect(mine.body.townshipCode).toBe(A);
    expect(mine.body.overall).toMatchObject({ tasks: 4, incidents: 2 });
    expect(mine.body.groups.map((g: { key: string }) => g.key).sort()).toEqual([OFFICE_A, X, Y].sort());
    const other = await report(`townshipCode=${B}`, own);
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({
      code: 'REPORT.OTHER_TOWNSHIP',
      fields: [{ pointer: '/townshipCode' }],
    });
    const room = await login(url, 'duty-command-room', PASSWORD);
    expect((await report('groupBy=township', room)).body.error.code).toBe('REPORT.NOT_ALLOWED');
    const commander = await login(url, 'commander', PASSWORD);
    expect((await report(`townshipCode=${B}`, commander)).body.overall.tasks).toBe(2);
  });

  it('answers CSV that a Chinese spreadsheet opens, and that reads back as the same figures', async () => {
    const json = (await report('groupBy=township')).body;
    for (const ask of [{ headers: { accept: 'text/csv' } }, { query: '&format=csv' }]) {
      const res = await fetch(
        `${url}/api/v1/reports/response-times?${RANGE}&groupBy=township${ask.query ?? ''}`,
        {
          headers: { authorization: `Bearer ${auditor}`, ...ask.headers },
        },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(
        /attachment; filename="response-times-township-.+\.csv"/,
      );
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes.toString('utf8'));
      expect(rows[0][0]).toBe('分组代码 key');
      const column = (name: string) => rows[0].indexOf(name);
      const byKey = new Map(rows.slice(1, 4).map((r) => [r[0], r]));
      expect([...byKey.keys()]).toEqual([A, B, '*']);
      for (const g of [...json.groups, json.overall]) {
        const row = byKey.get(g.key)!;
        expect(row[column('名称 name')]).toBe(g.name);
        expect(Number(row[column('任务数 tasks')])).toBe(g.tasks);
        expect(Number(row[column('接警至签收中位数(秒) acknowledge median s')])).toBe(
          g.stages.acknowledge.medianSeconds,
        );
        expect(Number(row[column('接警至到达90百分位(秒) arrive p90 s')])).toBe(g.stages.arrive.p90Seconds);
        expect(row[column('15分钟内到达率 share within 15 min')]).toBe(
          `${(g.teamArrivals.share * 100).toFixed(1)}%`,
        );
      }
      expect(rows[4]).toEqual(['']);
      expect(rows[5][0]).toBe('事件编号 incident');
      expect(rows.slice(6).map((r) => r[4])).toEqual(['arrive', 'ack']);
    }
    // format=json wins over an Accept header asking for CSV.
    const asked = await call(url, 'GET', `/api/v1/reports/response-times?${RANGE}&format=json`, {
      token: auditor,
      headers: { accept: 'text/csv' },
    });
    expect(asked.body.overall.tasks).toBe(6);
  });

  it.each([
    ['an unknown grouping', 'groupBy=week', '/groupBy'],
    ['a bad date', 'groupBy=township&from=yesterday', '/from'],
  ])('refuses %s with a 400 naming the field', async (_what, query, pointer) => {
    const r = await call(
      url,
      'GET',
      `/api/v1/reports/response-times?to=2026-02-01&from=2026-01-01&${query}`,
      {
        token: auditor,
      },
    );
    expect(r.status).toBe(400);
    expect(r.body.error.fields.map((f: { pointer: string }) => f.pointer)).toContain(pointer);
  });

  it.each([
    ['from after to', 'from=2026-02-01&to=2026-01-01', 'REPORT.RANGE_INVALID'],
    ['more than 400 days', 'from=2025-01-01&to=2026-02-06', 'REPORT.RANGE_TOO_LONG'],
  ])('refuses %s with a 400 naming `to`', async (_what, query, code) => {
    const r = await call(url, 'GET', `/api/v1/reports/response-times?${query}`, { token: auditor });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code, fields: [{ pointer: '/to' }] });
  });

  it('refuses a missing range and an unknown parameter, and anyone not signed in', async () => {
    const missing = await call(url, 'GET', '/api/v1/reports/response-times', { token: auditor });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { pointer: string }) => f.pointer)).toEqual(['/from', '/to']);
    expect((await report('colour=red')).status).toBe(400);
    expect((await call(url, 'GET', `/api/v1/reports/response-times?${RANGE}`)).status).toBe(401);
  });

  it('gives the same report after its tables are rebuilt from the event log', async () => {
    const before = await Promise.all(
      ['township', 'team', 'unit', 'tier', 'type'].map((g) => report(`groupBy=${g}`)),
    );
    const { stdout } = await promisify(execFile)(process.execPath, [REBUILD_CLI, 'reports'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url },
    });
    expect(JSON.parse(stdout)).toEqual({ rebuilt: 'reports', events: [I1, I2, I3, I4, I5].flat().length });
    const after = await Promise.all(
      ['township', 'team', 'unit', 'tier', 'type'].map((g) => report(`groupBy=${g}`)),
    );
    expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body));
  }, 30_000);
});
