import 'reflect-metadata';
import { AuditModule, AuditReportsModule } from '@erp/audit';
import { CommandModule } from '@erp/command';
import { loadConfig } from '@erp/config';
import { DispatchModule } from '@erp/dispatch';
import { DutyModule } from '@erp/duty';
import { IntakeModule } from '@erp/intake';
import { TaskRepository } from '@erp/persistence';
import { createLogger, RunningService, startService } from '@erp/platform';
import { BullMqDeadlineTimers, timerId } from '@erp/timers';
import { systemClock } from '@erp/domain';
import {
  createTestDatabase,
  dropRunNamespace,
  eventually,
  servicesModeEnv,
  TestDatabase,
  uniqueSuffix,
} from '../support/services';
import { AppProcess, startAppProcess, startPrivateRedis } from '../support/processes';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';

/**
 * The response loop in services mode on real Kafka, PostgreSQL and Redis: every stage of a task, every
 * deadline's ladder climbed with its waits and stopped by the move that meets it, a declined team replaced,
 * incidents closed; two escalator processes that never take a step twice, killed with SIGKILL while
 * deadlines fall due, and a Redis of the test's own that loses everything (FLUSHALL) while they run.
 */
const NAMESPACE = `e2e-loop-${uniqueSuffix()}`;
const KEY = 'e2e-loop-source-key';
const PASSWORD = 'e2e-loop-password';
const RECONCILE_SECONDS = 2;

type Entry = {
  type: string;
  occurredAt: string;
  actor: Record<string, unknown>;
  payload: Record<string, any>;
};
type TaskView = {
  id: string;
  unitId: string;
  role: string;
  status: string;
  allowedMoves: string[];
  escalatedFromTaskId: string | null;
  capabilities: string[];
  etaSeconds: number | null;
};

describe('the response loop (闭环): stages, ladders, reconciliation, close', () => {
  let db: TestDatabase;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  const apps: RunningService[] = [];
  let escalators: AppProcess[] = [];
  let intake: string;
  let console_: string;
  let commander: string;
  let env: Record<string, string>;

  const startEscalators = async () => {
    escalators = await Promise.all([startAppProcess('escalator', env), startAppProcess('escalator', env)]);
  };

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_loop');
    redis = await startPrivateRedis();
    env = servicesModeEnv({
      databaseUrl: db.url,
      namespace: NAMESPACE,
      sourceKey: KEY,
      password: PASSWORD,
      redisUrl: redis.url,
      extra: {
        DEADLINE_SCALE: '0.01',
        RECONCILE_SECONDS: String(RECONCILE_SECONDS),
        OUTBOX_POLL_MS: '100',
        CHECKPOINT_SECONDS: '1',
        LOG_LEVEL: 'warn',
      },
    });
    const config = { ...loadConfig(env), port: 0 };
    const logger = createLogger({ logFormat: 'json', logLevel: 'error' }, 'e2e');
    for (const d of [
      { service: 'alarm-intake', contexts: [IntakeModule], relay: true, timers: false },
      { service: 'dispatcher', contexts: [DispatchModule], relay: true, timers: false },
      {
        service: 'duty-console',
        contexts: [DutyModule, CommandModule, AuditReportsModule],
        relay: true,
        timers: false,
      },
      { service: 'audit', contexts: [AuditModule], relay: false, timers: false },
    ]) {
      apps.push(await startService(d, config, logger));
    }
    [intake, , console_] = apps.map((a) => a.url);
    await startEscalators();
    commander = await login(console_, 'commander', PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(escalators.map((e) => e.stop()));
    for (const app of [...apps].reverse()) await app.stop();
    await redis?.stop();
    await db?.drop();
    await dropRunNamespace(NAMESPACE);
  }, 60_000);

  const tasksOf = async (incidentId: string): Promise<TaskView[]> =>
    (await call(console_, 'GET', `/api/v1/incidents/${incidentId}`, { token: commander })).body.tasks;
  const timelineOf = async (incidentId: string): Promise<{ entries: Entry[]; chainIntact: boolean }> =>
    (await call(console_, 'GET', `/api/v1/incidents/${incidentId}/timeline`, { token: commander })).body;
  const ladder = (entries: Entry[], taskId: string, deadline: string) =>
    entries.filter(
      (e) => e.type === 'TaskEscalated' && e.payload.taskId === taskId && e.payload.deadline === deadline,
    );
  const at = (e: Entry) => Date.parse(e.occurredAt);
  const move = async (taskId: string, what: string, token = commander, body?: unknown) =>
    call(console_, 'POST', `/api/v1/tasks/${taskId}/${what}`, { token, body });

  /** Walks a task to completed through the moves its stage allows, reporting once on the way. */
  const walk = async (task: TaskView, token = commander): Promise<void> => {
    let current = task;
    let reported = false;
    for (let i = 0; i < 8 && current.allowedMoves.length > 0; i++) {
      const next =
        current.allowedMoves.find((m) => m === 'report' && !reported) ??
        current.allowedMoves.find((m) => !['report', 'decline'].includes(m));
      if (!next) return;
      if (next === 'report') {
        const r = await move(current.id, 'reports', token, { text: '现场情况稳定 (演练)' });
        expect(r.status).toBe(201);
        reported = true;
        continue;
      }
      const r = await move(current.id, next, token);
      expect([200, 409]).toContain(r.status);
      if (r.status === 409) return; // moved meanwhile: the caller reads the tasks again
      current = r.body;
    }
  };

  it('a whole T3 incident from alarm to close in a drill at DEADLINE_SCALE=0.01, in under a minute', async () => {
    const started = Date.now();
    const sent = await call(intake, 'POST', '/api/v1/alarms', {
      body: alarmBody({
        townshipCode: '511902003',
        type: 'fire',
        casualties: { deaths: 4 },
        description: '厂房火灾',
      }),
      apiKey: KEY,
    });
    expect(sent.status).toBe(202);
    const incidentId = await incidentOfAlarm(intake, sent.body.alarmId, KEY);
    const first = await eventually(async () => {
      const tasks = await tasksOf(incidentId);
      expect(tasks.map((t) => `${t.unitId}:${t.role}`)).toEqual(
        expect.arrayContaining(['district-emergency-committee:lead', 'township-office-511902003:support']),
      );
      expect(tasks.some((t) => t.etaSeconds !== null)).toBe(true);
      return tasks;
    }, 20_000);

    const refused = await call(console_, 'POST', `/api/v1/incidents/${incidentId}/close`, {
      token: commander,
      body: { outcome: '处置完毕' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('INCIDENT.OPEN_TASKS');
    expect(refused.body.error.openTasks.length).toBeGreaterThanOrEqual(first.length);

    // The township's own officer moves its task; the commander moves the others (any task, attributed).
    const officer = await login(console_, 'duty-511902003', PASSWORD);
    const township = first.find((t) => t.unitId === 'township-office-511902003')!;
    await walk(township, officer);
    let closed: { status: number; body: any } | undefined;
    for (let round = 0; round < 10 && closed?.status !== 200; round++) {
      for (const t of (await tasksOf(incidentId)).filter((x) => x.allowedMoves.length > 0)) await walk(t);
      closed = await call(console_, 'POST', `/api/v1/incidents/${incidentId}/close`, {
        token: commander,
        body: { outcome: '处置完毕', summary: '明火扑灭，无次生灾害' },
      });
    }
    expect(closed).toMatchObject({ status: 200, body: { status: 'closed', outcome: '处置完毕' } });
    expect(Date.now() - started).toBeLessThan(60_000);

    const tasks = await tasksOf(incidentId);
    expect(tasks.every((t) => t.status === 'completed')).toBe(true);
    const timeline = await eventually(async () => {
      const t = await timelineOf(incidentId);
      expect(t.entries.map((e) => e.type)).toContain('IncidentClosed');
      return t;
    }, 15_000);
    expect(timeline.chainIntact).toBe(true);
    const types = timeline.entries.map((e) => e.type);
    for (const type of [
      'IncidentOpened',
      'IncidentClassified',
      'CityReportRequired',
      'TaskDeparted',
      'TaskArrived',
    ]) {
      expect(types).toContain(type);
    }
    const ofType = (type: string) =>
      new Set(timeline.entries.filter((e) => e.type === type).map((e) => e.payload.taskId));
    for (const t of tasks) {
      for (const type of ['TaskDispatched', 'TaskAcknowledged', 'TaskReported', 'TaskCompleted']) {
        expect({ task: t.id, type, found: ofType(type).has(t.id) }).toEqual({
          task: t.id,
          type,
          found: true,
        });
      }
    }
    const byOfficer = timeline.entries.find(
      (e) => e.type === 'TaskAcknowledged' && e.payload.taskId === township.id,
    );
    expect(byOfficer?.actor).toMatchObject({ kind: 'user', name: 'duty-511902003' });
    // Closing freed the teams: each is available again.
    for (const team of tasks.filter((t) => t.etaSeconds !== null)) {
      const unit = await call(console_, 'GET', `/api/v1/units/${team.unitId}`, { token: commander });
      expect(unit.body.team.status).toBe('available');
    }

    // The audit has it all: the alarm's receipt first, each team's moves (they travel on the command
    // structure's topic, keyed by team), sealed by a checkpoint; a printable report; the response times.
    expect(types[0]).toBe('AlarmReceived');
    expect(timeline.entries[0]).toMatchObject({ actor: { kind: 'source', id: 'demo-source' } });
    const teamMoves = await eventually(async () => {
      const moves = (await timelineOf(incidentId)).entries
        .filter((e) => e.type === 'RescueTeamStatusChanged')
        .map((e) => `${e.payload.teamId}:${e.payload.to}`);
      for (const team of tasks.filter((t) => t.etaSeconds !== null)) {
        for (const to of ['dispatched', 'en_route', 'on_scene', 'available'])
          expect(moves).toContain(`${team.unitId}:${to}`);
      }
      return moves;
    }, 15_000);
    expect(teamMoves.length).toBeGreaterThan(0);
    const verified = await eventually(async () => {
      const v = await call(console_, 'GET', `/api/v1/incidents/${incidentId}/timeline/verify`, {
        token: commander,
      });
      expect(v.body).toMatchObject({ intact: true, entries: v.body.checkpoint?.lastSeq });
      return v.body;
    }, 15_000);
    expect(verified.entries).toBeGreaterThanOrEqual(timeline.entries.length);
    const report = await fetch(`${console_}/api/v1/incidents/${incidentId}/report`, {
      headers: { authorization: `Bearer ${commander}` },
    });
    expect(report.status).toBe(200);
    const html = await report.text();
    expect(html).toContain('哈希链完整');
    expect(html).toContain('明火扑灭，无次生灾害');
    const day = new Date(started - 60_000).toISOString();
    const figures = await eventually(async () => {
      const r = await call(
        console_,
        'GET',
        `/api/v1/reports/response-times?from=${encodeURIComponent(day)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&groupBy=township&townshipCode=511902003`,
        { token: commander },
      );
      expect(r.body.overall.stages.close.count).toBe(1);
      return r.body;
    }, 15_000);
    expect(figures.overall).toMatchObject({ incidents: 1, tasks: tasks.length });
    expect(figures.overall.stages.arrive.count).toBeGreaterThan(0);
  }, 90_000);

  it('climbs each ladder step by step with its waits, and each move stops its own ladder', async () => {
    // An exercise with its own drill time: the 5-minute acknowledgement is 6 s, the ladder waits 0, 2.4, 3.6 s.
    const sent = await call(intake, 'POST', '/api/v1/alarms', {
      body: alarmBody({
        townshipCode: '511902005',
        type: 'public_security',
        description: '演练：聚集事件',
        exercise: true,
        timeScale: 0.02,
      }),
      apiKey: KEY,
    });
    const incidentId = await incidentOfAlarm(intake, sent.body.alarmId, KEY);
    const [lead] = await eventually(async () => {
      const tasks = await tasksOf(incidentId);
      expect(tasks[0]).toMatchObject({ unitId: 'township-office-511902005', role: 'lead' });
      return tasks;
    }, 20_000);
    const officer = await login(console_, 'duty-511902005', PASSWORD);

    const waitFor = (deadline: string, step: number) =>
      eventually(
        async () => {
          const { entries } = await timelineOf(incidentId);
          expect(ladder(entries, lead.id, deadline).map((e) => e.payload.step)).toContain(step);
        },
        30_000,
        50,
      );
    await waitFor('ack', 2);
    expect((await move(lead.id, 'acknowledge', officer)).status).toBe(200);
    await waitFor('depart', 1);
    expect((await move(lead.id, 'depart', officer)).status).toBe(200);
    expect((await move(lead.id, 'reports', officer, { text: '人群已疏散' })).status).toBe(201);
    await waitFor('arrive', 1);
    expect((await move(lead.id, 'arrive', officer)).status).toBe(200);
    // Long enough for every next step (waits of 2.4–3.6 s) to have come, had its ladder not stopped.
    await new Promise((r) => setTimeout(r, 6_000));

    const { entries } = await timelineOf(incidentId);
    const moveAt = (type: string) =>
      at(entries.find((e) => e.type === type && e.payload.taskId === lead.id)!);
    const miss = (deadline: string) =>
      entries.find(
        (e) =>
          e.type === 'TaskDeadlineMissed' && e.payload.taskId === lead.id && e.payload.deadline === deadline,
      )!;

    const ack = ladder(entries, lead.id, 'ack');
    expect(ack.map((e) => [e.payload.step, e.payload.action])).toEqual([
      [1, 'renotify'],
      [2, 'notify_leader'],
    ]);
    expect(ack[1].payload.last).toBe(false);
    // The waits are kept, never skipped: step 1 at the miss, step 2 at least 2.4 s after step 1.
    expect(at(ack[0]) - at(miss('ack'))).toBeGreaterThanOrEqual(0);
    expect(at(ack[1]) - at(ack[0])).toBeGreaterThanOrEqual(2_400 - 5);

    for (const [deadline, moved] of [
      ['ack', 'TaskAcknowledged'],
      ['depart', 'TaskDeparted'],
      ['arrive', 'TaskArrived'],
    ]) {
      const steps = ladder(entries, lead.id, deadline);
      expect(steps.length).toBeGreaterThan(0);
      expect(steps.every((e) => at(e) < moveAt(moved))).toBe(true);
    }
    const lateAck = entries.find((e) => e.type === 'TaskAcknowledged' && e.payload.taskId === lead.id)!;
    expect(lateAck.payload.late).toBe(true);
    // The first report met its deadline (36 s at this drill time): no first-report ladder.
    expect(ladder(entries, lead.id, 'firstReport')).toEqual([]);
  }, 90_000);

  it('a declined team is replaced by the next best team at once, and stands down', async () => {
    const sent = await call(intake, 'POST', '/api/v1/alarms', {
      body: alarmBody({ townshipCode: '511902001', type: 'fire', description: '民房起火' }),
      apiKey: KEY,
    });
    const incidentId = await incidentOfAlarm(intake, sent.body.alarmId, KEY);
    const team = await eventually(async () => {
      const t = (await tasksOf(incidentId)).find(
        (x) => x.etaSeconds !== null && x.capabilities.includes('fire_suppression'),
      );
      expect(t).toBeDefined();
      return t!;
    }, 20_000);
    const blank = await move(team.id, 'decline', commander, { reason: '  ' });
    expect(blank.status).toBe(400);
    const declined = await move(team.id, 'decline', commander, { reason: '消防车故障' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'declined',
      declineReason: '消防车故障',
      allowedMoves: [],
    });
    const again = await move(team.id, 'acknowledge', commander);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'TASK.ILLEGAL_MOVE', current: 'declined', allowed: [] });

    const replacement = await eventually(async () => {
      const r = (await tasksOf(incidentId)).find(
        (t) => t.escalatedFromTaskId === team.id && t.etaSeconds !== null,
      );
      expect(r).toBeDefined();
      return r!;
    }, 15_000);
    expect(replacement.unitId).not.toBe(team.unitId);
    expect(replacement.capabilities).toContain('fire_suppression');
    const unit = await call(console_, 'GET', `/api/v1/units/${team.unitId}`, { token: commander });
    expect(unit.body.team.status).toBe('available');
  }, 60_000);

  it('a Redis that loses everything (FLUSHALL) has every timer back within one reconciliation', async () => {
    // An exercise at full time: its deadlines are minutes away, so its timers stay pending throughout.
    const sent = await call(intake, 'POST', '/api/v1/alarms', {
      body: alarmBody({ townshipCode: '511902106', type: 'public_security', exercise: true, timeScale: 1 }),
      apiKey: KEY,
    });
    const incidentId = await incidentOfAlarm(intake, sent.body.alarmId, KEY);
    const [lead] = await eventually(async () => {
      const tasks = await tasksOf(incidentId);
      expect(tasks).toHaveLength(1);
      return tasks;
    }, 20_000);
    const store = new BullMqDeadlineTimers({ kind: 'redis', url: redis.url }, systemClock, {
      queueName: env.TIMER_QUEUE,
    });
    try {
      const ackTimer = timerId({ taskId: lead.id, deadline: 'ack', ordinal: 0 });
      await eventually(async () => expect((await store.pendingIds()).has(ackTimer)).toBe(true), 15_000);
      const wanted = async () => {
        const rows = await TaskRepository.pendingDeadlines(
          apps[0].infra.database.dataSource.manager,
          null,
          100_000,
        );
        return rows.map((d) => timerId({ taskId: d.taskId, deadline: d.kind, ordinal: d.fired }));
      };
      expect((await wanted()).length).toBeGreaterThanOrEqual(5);

      await redis.flushAll();
      const lostAt = Date.now();
      expect((await store.pendingIds()).size).toBe(0);
      await eventually(
        async () => {
          const pending = await store.pendingIds();
          expect((await wanted()).filter((id) => !pending.has(id))).toEqual([]);
        },
        RECONCILE_SECONDS * 1000 + 3_000,
        100,
      );
      expect(Date.now() - lostAt).toBeLessThanOrEqual(RECONCILE_SECONDS * 1000 + 1_500);
      const logs = escalators.map((e) => e.output()).join('\n');
      expect(logs).toMatch(/reconciled timers: \d+ restored/);
    } finally {
      await store.stop();
    }
  }, 60_000);

  it('kill -9 both escalators while deadlines fall due: after restart each fires once, marked late', async () => {
    await Promise.all(escalators.map((e) => e.stop('SIGKILL')));
    const sent = await call(intake, 'POST', '/api/v1/alarms', {
      body: alarmBody({
        townshipCode: '511902108',
        type: 'public_security',
        exercise: true,
        timeScale: 0.01,
      }),
      apiKey: KEY,
    });
    const incidentId = await incidentOfAlarm(intake, sent.body.alarmId, KEY);
    const [lead] = await eventually(async () => {
      const tasks = await tasksOf(incidentId);
      expect(tasks.length).toBeGreaterThan(0);
      return tasks;
    }, 20_000);
    // The 3-second acknowledgement and departure pass while nothing watches.
    await new Promise((r) => setTimeout(r, 6_000));
    await startEscalators();
    const missedOf = (entries: Entry[], deadline: string) =>
      entries.filter(
        (e) =>
          e.type === 'TaskDeadlineMissed' && e.payload.taskId === lead.id && e.payload.deadline === deadline,
      );
    // Both misses are awaited: under load the audit may project the departure's after the ack ladder.
    const entries = await eventually(async () => {
      const { entries } = await timelineOf(incidentId);
      expect(ladder(entries, lead.id, 'ack').map((e) => e.payload.step)).toEqual(
        expect.arrayContaining([1, 2]),
      );
      expect(missedOf(entries, 'depart').length).toBeGreaterThan(0);
      return entries;
    }, 40_000);
    for (const deadline of ['ack', 'depart']) {
      const missed = missedOf(entries, deadline);
      expect(missed).toHaveLength(1);
      expect(missed[0].payload.late).toBe(true);
      expect(missed[0].payload.lateMs).toBeGreaterThan(2_000);
    }
  }, 120_000);

  it('two escalators never took the same step twice, in any test of this suite', async () => {
    const rows: { n: number; key: string }[] = await apps[0].infra.database.dataSource.query(
      `SELECT count(*)::int AS n, concat_ws(':', envelope->>'type', envelope->'payload'->>'taskId',
              envelope->'payload'->>'deadline', envelope->'payload'->>'step') AS key
         FROM outbox WHERE envelope->>'type' IN ('TaskEscalated', 'TaskDeadlineMissed')
        GROUP BY 2`,
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.n > 1)).toEqual([]);
  });
});
