import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { Kafka } from 'kafkajs';
import { AuditModule, AuditReportsModule } from '@erp/audit';
import { loadConfig } from '@erp/config';
import { Topics } from '@erp/contracts';
import { DispatchModule, PLAN_DISPATCHER } from '@erp/dispatch';
import { DutyModule } from '@erp/duty';
import { EscalationModule } from '@erp/escalation';
import { IntakeModule } from '@erp/intake';
import { LiveModule } from '@erp/live';
import { AppLogger, createLogger, RunningService, startService } from '@erp/platform';
import { timerId, WARNING_EXPIRY, WARNING_TASK_TIMERS } from '@erp/timers';
import {
  createTestDatabase,
  dropRunNamespace,
  eventually,
  runNamespace,
  SERVICES,
  TestDatabase,
  uniqueSuffix,
} from '../support/services';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';
import { capFixture, capSentNow } from '../support/cap-warnings';
import { openLiveStream } from '../support/live-stream';

/**
 * The thin path in services mode: five separate apps (each its own Nest application, database pool,
 * Kafka clients) against real PostgreSQL, Redis and Kafka.
 */
const KEY = 'e2e-services-source-key';
const PASSWORD = 'e2e-services-password';
/** The plan's 5-minute acknowledgement becomes 5 s: every deadline and ladder wait is scaled alike. */
const SCALE = 1 / 60;
const ACK_SECONDS = 5;
/** The suite's own topics and groups on the shared broker (KAFKA_NAMESPACE): no other run's records. */
const NAMESPACE = `test-services-${uniqueSuffix()}`;
const onBroker = (name: string) => `${NAMESPACE}.${name}`;

function asRole(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  return u.toString();
}

describe('services mode: alarm → incident → task → acknowledgement / escalation → timeline', () => {
  let db: TestDatabase;
  const apps: Record<string, RunningService> = {};
  let intake: string;
  let console_: string;
  let config: Parameters<typeof startService>[1];
  let logger: AppLogger;

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_services');
    config = {
      ...loadConfig({
        // As in production: the apps as the least-privilege role, the owner only for the migrations.
        DATABASE_URL: asRole(db.url, 'erp_app'),
        DATABASE_OWNER_URL: db.url,
        REDIS_URL: SERVICES.redisUrl,
        KAFKA_BROKERS: SERVICES.kafkaBrokers.join(','),
        ...runNamespace(NAMESPACE),
        JWT_SECRET: 'e2e-services-jwt-secret-0123456789',
        DEMO_SOURCE_KEY: KEY,
        DEMO_PASSWORD: PASSWORD,
        DEADLINE_SCALE: String(SCALE),
        OUTBOX_POLL_MS: '100',
      }),
      port: 0,
    };
    logger = createLogger({ logFormat: 'json', logLevel: 'error' }, 'e2e');
    const definitions = [
      { service: 'alarm-intake', contexts: [IntakeModule], relay: true, timers: false },
      { service: 'dispatcher', contexts: [DispatchModule], relay: true, timers: false },
      { service: 'escalator', contexts: [EscalationModule], relay: true, timers: true },
      {
        service: 'duty-console',
        contexts: [DutyModule, AuditReportsModule, LiveModule],
        relay: true,
        timers: false,
      },
      { service: 'audit', contexts: [AuditModule], relay: false, timers: false },
    ];
    for (const d of definitions) apps[d.service] = await startService(d, config, logger);
    intake = apps['alarm-intake'].url;
    console_ = apps['duty-console'].url;
  }, 120_000);

  afterAll(async () => {
    for (const app of Object.values(apps).reverse()) await app.stop();
    await db.drop();
    await dropRunNamespace(NAMESPACE);
  }, 60_000);

  it('every app connects as the least-privilege erp_app role, never as a superuser', async () => {
    for (const app of Object.values(apps)) {
      const [role] = await app.infra.database.dataSource.query(
        `SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user`,
      );
      expect(role).toEqual({ name: 'erp_app', rolsuper: false });
    }
  });

  it('every app reports its dependencies up', async () => {
    for (const [name, app] of Object.entries(apps)) {
      const health = await call(app.url, 'GET', '/health');
      expect({ name, status: health.status, body: health.body.status }).toEqual({
        name,
        status: 200,
        body: 'up',
      });
      expect(health.body.dependencies.eventStream.adapter).toBe('kafka');
    }
    const escalator = await call(apps.escalator.url, 'GET', '/health');
    expect(escalator.body.dependencies.timers).toMatchObject({
      state: 'up',
      adapter: 'redis',
      lastReconciliation: {
        at: expect.any(String),
        wanted: expect.any(Number),
        restored: expect.any(Number),
      },
    });
  });

  it('walks one alarm to an acknowledged task, once, with an audited timeline', async () => {
    const body = alarmBody({
      townshipCode: '511902105',
      type: 'landslide',
      personsThreatened: 20, // 小型 (IV) geological hazard → 一般 → T2
      description: '曾口镇山体滑坡，威胁 20 人',
    });
    const first = await call(intake, 'POST', '/api/v1/alarms', { body, apiKey: KEY });
    expect(first.status).toBe(202);
    const again = await call(intake, 'POST', '/api/v1/alarms', { body, apiKey: KEY });
    expect(again).toEqual({ status: 202, body: { alarmId: first.body.alarmId, duplicate: true } });

    const alarm = await eventually(async () => {
      const r = await call(intake, 'GET', `/api/v1/alarms/${first.body.alarmId}`, { apiKey: KEY });
      expect(r.body.incidentId).toEqual(expect.any(String));
      return r.body;
    }, 30_000);
    expect(alarm.status).toBe('joined');

    const commander = await login(console_, 'commander', PASSWORD);
    // The tiered plan's tasks follow IncidentClassified (T2 landslide): the township leads, the natural
    // resources bureau supports, the command room knows, and teams bring life detectors and drones.
    const incident = await eventually(async () => {
      const r = (await call(console_, 'GET', `/api/v1/incidents/${alarm.incidentId}`, { token: commander }))
        .body;
      expect(r.tasks.map((t: { unitId: string; role: string }) => `${t.unitId}:${t.role}`)).toEqual(
        expect.arrayContaining([
          'township-office-511902105:lead',
          'dept-natural-resources:support',
          'district-command-room:notify',
        ]),
      );
      return r;
    }, 30_000);
    expect(incident).toMatchObject({
      id: alarm.incidentId,
      status: 'open',
      tier: 'T2_GENERAL',
      level: 'IV',
      townshipCode: '511902105',
    });
    const teams = incident.tasks.filter((t: { etaSeconds: number | null }) => t.etaSeconds !== null);
    expect(teams.flatMap((t: { capabilities: string[] }) => t.capabilities)).toEqual(
      expect.arrayContaining(['life_detector', 'drone']),
    );
    const task = incident.tasks.find((t: { role: string }) => t.role === 'lead');
    expect(task).toMatchObject({
      unitId: 'township-office-511902105',
      status: 'dispatched',
      planVersion: 'seed-2020/2',
      clauseId: 't2-township-office-leads',
    });
    const due = (kind: string) =>
      Date.parse(task.deadlines.find((d: { kind: string }) => d.kind === kind).dueAt);
    expect(due('arrive') - Date.parse(task.dispatchedAt)).toBe(15 * 60 * 1000 * SCALE);

    const timers = apps.escalator.infra.timers!;
    const ackTimer = timerId({ taskId: task.id, deadline: 'ack', ordinal: 0 });
    await eventually(async () => expect((await timers.pendingIds()).has(ackTimer)).toBe(true));

    // Another township's officer neither sees nor acknowledges it.
    const stranger = await login(console_, 'duty-511902001', PASSWORD);
    expect(
      (await call(console_, 'GET', `/api/v1/incidents/${alarm.incidentId}`, { token: stranger })).status,
    ).toBe(404);
    const refused = await call(console_, 'POST', `/api/v1/tasks/${task.id}/acknowledge`, { token: stranger });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('TASK.NOT_YOUR_UNIT');

    const officer = await login(console_, 'duty-511902105', PASSWORD);
    const ack = await call(console_, 'POST', `/api/v1/tasks/${task.id}/acknowledge`, { token: officer });
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    const twice = await call(console_, 'POST', `/api/v1/tasks/${task.id}/acknowledge`, { token: officer });
    expect(twice.status).toBe(409);

    await eventually(async () => expect((await timers.pendingIds()).has(ackTimer)).toBe(false), 20_000);

    const timeline = await eventually(async () => {
      const r = await call(console_, 'GET', `/api/v1/incidents/${alarm.incidentId}/timeline`, {
        token: commander,
      });
      const types = r.body.entries.map((e: { type: string }) => e.type);
      // The alarm's receipt first, at its received time, then what the dispatcher made of it.
      expect(types.slice(0, 3)).toEqual(['AlarmReceived', 'IncidentOpened', 'IncidentClassified']);
      expect(types.filter((t: string) => t === 'TaskDispatched').length).toBe(incident.tasks.length);
      expect(types).toContain('TaskAcknowledged');
      return r.body;
    }, 20_000);
    expect(timeline.chainIntact).toBe(true);
    expect(timeline.entries.find((e: { type: string }) => e.type === 'TaskAcknowledged').actor).toMatchObject(
      {
        kind: 'user',
        name: 'duty-511902105',
        unitId: 'township-office-511902105',
      },
    );
    expect(timeline.entries[0]).toMatchObject({
      actor: { kind: 'source', id: 'demo-source' },
      payload: { alarmId: alarm.id, source: 'demo-source', externalId: body.externalId },
    });
    expect(timeline.entries[1].payload.alarmSource).toBe('demo-source');

    // Waiting past the deadline climbs no acknowledgement ladder for the acknowledged task: its timer was
    // removed, and would re-read the task anyway. (Its departure, still owed, is late now.)
    await new Promise((r) => setTimeout(r, (ACK_SECONDS + 1) * 1000));
    const after = (await call(console_, 'GET', `/api/v1/incidents/${alarm.incidentId}`, { token: commander }))
      .body;
    const acked = after.tasks.find((t: { id: string }) => t.id === task.id);
    expect(acked.status).toBe('acknowledged');
    expect(acked.deadlines.find((d: { kind: string }) => d.kind === 'ack')).toMatchObject({ state: 'met' });
    const entries = (
      await call(console_, 'GET', `/api/v1/incidents/${alarm.incidentId}/timeline`, { token: commander })
    ).body.entries as { type: string; payload: { taskId?: string; deadline?: string } }[];
    expect(
      entries.filter(
        (e) =>
          ['TaskEscalated', 'TaskDeadlineMissed'].includes(e.type) &&
          e.payload.taskId === task.id &&
          e.payload.deadline === 'ack',
      ),
    ).toEqual([]);
    const rows = await apps['alarm-intake'].infra.database.dataSource.query(
      `SELECT count(*)::int AS n FROM alarms WHERE external_id = $1`,
      [body.externalId],
    );
    expect(rows[0].n).toBe(1);
  }, 90_000);

  it('streams every event live from every console instance over Kafka, replaying no history', async () => {
    // A second console starts after everything above happened: its feed must start from now.
    const startedAt = Date.now();
    const second = await startService(
      { service: 'duty-console-2', contexts: [DutyModule, LiveModule], relay: false, timers: false },
      config,
      logger,
    );
    apps['duty-console-2'] = second;
    const commander = await login(console_, 'commander', PASSWORD);
    const streams = [openLiveStream(console_, commander), openLiveStream(second.url, commander)];
    try {
      await new Promise((r) => setTimeout(r, 300)); // let both streams open
      const sent = await call(intake, 'POST', '/api/v1/alarms', {
        body: alarmBody({ townshipCode: '511902009', type: 'gas_leak', description: '燃气泄漏' }),
        apiKey: KEY,
      });
      const incidentId = await incidentOfAlarm(intake, sent.body.alarmId, KEY);
      await eventually(() => {
        for (const s of streams)
          expect(s.frames.filter((f) => f.data.incidentId === incidentId).map((f) => f.data.type)).toEqual(
            expect.arrayContaining(['IncidentOpened', 'IncidentClassified', 'TaskDispatched']),
          );
      }, 30_000);
      // A warning's facts travel on the monitoring topic, keyed by the warning: both consoles show them.
      const cap = await fetch(`${intake}/api/v1/alarms/cap`, {
        method: 'POST',
        headers: { 'content-type': 'application/cap+xml', 'x-api-key': KEY },
        body: capSentNow(
          capFixture('cn-national_bazhou-rainstorm-orange.xml').replace(
            '<geocode>511902</geocode>',
            '<geocode>511902101</geocode>',
          ),
          3600_000,
          `services-${uniqueSuffix()}`,
        ),
      });
      const { warningId } = ((await cap.json()) as { alerts: { warningId: string }[] }).alerts[0];
      await eventually(() => {
        for (const s of streams)
          expect(
            s.frames.filter((f) => f.data.payload?.warningId === warningId).map((f) => f.data.type),
          ).toEqual(expect.arrayContaining(['WarningIssued', 'WarningTaskAssigned']));
      }, 30_000);
      // All the second instance holds (from its first event on) was recorded after it started.
      const first = streams[1].frames[0].id!;
      const everything = openLiveStream(second.url, commander, `${first.slice(0, first.lastIndexOf('.'))}.0`);
      streams.push(everything);
      await eventually(() =>
        expect(everything.frames.length).toBeGreaterThanOrEqual(streams[1].frames.length),
      );
      const before = everything.frames.filter((f) => Date.parse(f.data.recordedAt) < startedAt - 1000);
      expect(before).toEqual([]);
    } finally {
      for (const s of streams) s.close();
      await Promise.all(streams.map((s) => s.done));
    }
  }, 90_000);

  it('climbs the ladder of an unacknowledged task to the district command room', async () => {
    // Public security: the plan asks no rescue team, so the township office's is the one task to miss.
    const sent = await call(intake, 'POST', '/api/v1/alarms', {
      body: alarmBody({
        location: { lat: 31.652, lon: 106.957 },
        townshipCode: undefined,
        type: 'public_security',
        description: '聚集事件',
      }),
      apiKey: KEY,
    });
    expect(sent.status).toBe(202);
    const commander = await login(console_, 'commander', PASSWORD);
    const incidentId = await incidentOfAlarm(intake, sent.body.alarmId, KEY);
    const incident = await eventually(
      async () => {
        const r = (await call(console_, 'GET', `/api/v1/incidents/${incidentId}`, { token: commander })).body;
        expect(r.tasks).toHaveLength(2);
        return r;
      },
      (ACK_SECONDS + 15) * 1000,
    );
    expect(incident.townshipCode).toBe('511902124'); // 光辉镇, nearest approximate centre
    const [lead, escalation] = incident.tasks;
    expect(lead).toMatchObject({ unitId: 'township-office-511902124', status: 'dispatched' });
    expect(lead.deadlines.find((d: { kind: string }) => d.kind === 'ack')).toMatchObject({ state: 'missed' });
    expect(escalation).toMatchObject({
      unitId: 'district-command-room',
      role: 'supervise',
      escalationStep: 1,
      escalatedFromTaskId: lead.id,
    });
    type Entry = { type: string; actor: unknown; payload: Record<string, any> };
    const ackLadder = await eventually(async () => {
      const r = await call(console_, 'GET', `/api/v1/incidents/${incidentId}/timeline`, { token: commander });
      const steps = (r.body.entries as Entry[]).filter(
        (e) => e.type === 'TaskEscalated' && e.payload.deadline === 'ack' && e.payload.taskId === lead.id,
      );
      expect(steps.map((e) => e.payload.step)).toEqual([1, 2, 3]);
      return steps;
    }, 20_000);
    // The sample ladder: tell the office again, then its leader, then task the command room.
    expect(ackLadder.map((e) => e.payload.action)).toEqual(['renotify', 'notify_leader', 'task_unit']);
    expect(ackLadder[2].payload.target).toEqual({
      unitId: 'district-command-room',
      escalationTaskId: escalation.id,
    });
    expect(ackLadder[2].actor).toEqual({ kind: 'system', id: 'escalator' });

    // The command room's own officer acknowledges the escalation task.
    const room = await login(console_, 'duty-command-room', PASSWORD);
    expect(
      (await call(console_, 'POST', `/api/v1/tasks/${escalation.id}/acknowledge`, { token: room })).status,
    ).toBe(200);
  }, 90_000);

  it('a sensor over its threshold raises a warning for its hazard point, through Kafka', async () => {
    // The demo seed's sample rain gauge at a landslide point (threshold 30 mm/h): 50 is red.
    const sensorId = 'rain-HZ-511902101-01';
    const measuredAt = new Date(Date.now() - 60_000).toISOString();
    const reconciledBefore = apps.escalator.infra.lastTimerReconciliation;
    const sent = await call(intake, 'POST', '/api/v1/readings', {
      body: { readings: [{ sensorId, value: 50, unit: 'mm/h', measuredAt }] },
      apiKey: KEY,
    });
    expect(sent.body).toMatchObject({ accepted: 1, exceeded: 1 });
    const commander = await login(console_, 'commander', PASSWORD);
    const warning = await eventually(async () => {
      const { items } = (await call(console_, 'GET', '/api/v1/warnings?active=true', { token: commander }))
        .body;
      // Only this point's: another test of this suite leaves a CAP warning in force.
      const points = (items as { id: string; sender: string }[]).filter(
        (w) => w.sender === 'HZ-511902101-01',
      );
      expect(points).toEqual([expect.objectContaining({ colour: 'red' })]);
      return points[0];
    }, 30_000);
    const detail = (await call(console_, 'GET', `/api/v1/warnings/${warning.id}`, { token: commander })).body;
    expect(detail.hazardPoints.map((p: { id: string }) => p.id)).toEqual(['HZ-511902101-01']);
    expect(detail.hazardPoints[0].tasks.map((t: { action: string }) => t.action).sort()).toEqual([
      'evacuate',
      'patrol',
      'standby',
    ]);

    // The escalator sets the warning's timers from its events at once, not at its next reconciliation.
    const timers = apps.escalator.infra.timers!;
    const wanted = [
      timerId({ taskId: warning.id, deadline: WARNING_EXPIRY, ordinal: detail.revision }),
      ...detail.hazardPoints[0].tasks.map((t: { id: string }) =>
        timerId({ taskId: t.id, deadline: WARNING_TASK_TIMERS.ack, ordinal: 0 }),
      ),
    ];
    await eventually(async () => {
      const pending = await timers.pendingIds();
      expect(wanted.filter((id) => !pending.has(id))).toEqual([]);
    }, 10_000);
    const reconciled = apps.escalator.infra.lastTimerReconciliation;
    // A reconciliation in between would have had to restore them; it found them set.
    if (reconciled !== reconciledBefore) expect(reconciled?.restored).toBe(0);
  });

  it('a redelivered event changes nothing', async () => {
    const ds = apps['alarm-intake'].infra.database.dataSource;
    const sent = await call(intake, 'POST', '/api/v1/alarms', {
      body: alarmBody({ townshipCode: '511902003', type: 'public_security', description: '聚集事件' }),
      apiKey: KEY,
    });
    const incidentId = await incidentOfAlarm(intake, sent.body.alarmId, KEY);
    const timelineLength = async () =>
      (
        await ds.query(`SELECT count(*)::int AS n FROM timeline_entries WHERE incident_id = $1`, [incidentId])
      )[0].n as number;
    // The alarm's receipt, IncidentOpened, IncidentClassified, TaskDispatched.
    await eventually(async () => expect(await timelineLength()).toBe(4), 20_000);

    // Replay, straight onto Kafka, every event this alarm and its incident produced.
    const rows: { topic: string; partition_key: string; envelope: unknown }[] = await ds.query(
      `SELECT topic, partition_key, envelope FROM outbox
        WHERE envelope->'payload'->>'alarmId' = $1 AND envelope->>'type' = 'AlarmReceived' OR partition_key = $2
        ORDER BY id`,
      [sent.body.alarmId, incidentId],
    );
    expect(rows.map((r) => (r.envelope as { type: string }).type)).toEqual([
      'AlarmReceived',
      'IncidentOpened',
      'IncidentClassified',
      'TaskDispatched',
    ]);
    const kafka = new Kafka({ brokers: SERVICES.kafkaBrokers, clientId: 'e2e-replay', logLevel: 0 });
    const producer = kafka.producer();
    await producer.connect();
    const sentMeta = await producer.sendBatch({
      topicMessages: rows.map((r) => ({
        topic: onBroker(r.topic),
        messages: [{ key: r.partition_key, value: JSON.stringify(r.envelope) }],
      })),
    });
    await producer.disconnect();

    // Wait until each consumer group has read past the replayed records, rather than sleeping.
    const admin = kafka.admin();
    await admin.connect();
    for (const group of ['dispatcher', PLAN_DISPATCHER, 'audit', 'escalator']) {
      const topic = group === 'dispatcher' ? Topics.alarms : Topics.incidents;
      const targets = sentMeta.filter((m) => m.topicName === onBroker(topic));
      await eventually(
        async () => {
          const [offsets] = await admin.fetchOffsets({
            groupId: onBroker(group),
            topics: [onBroker(topic)],
          });
          for (const t of targets) {
            const committed = offsets.partitions.find((p) => p.partition === t.partition)!;
            expect(Number(committed.offset)).toBeGreaterThan(Number(t.baseOffset));
          }
        },
        30_000,
        250,
      );
    }
    await admin.disconnect();

    expect(
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM incidents i JOIN alarms a ON a.incident_id = i.id WHERE a.id = $1`,
          [sent.body.alarmId],
        )
      )[0].n,
    ).toBe(1);
    expect(
      (await ds.query(`SELECT count(*)::int AS n FROM tasks WHERE incident_id = $1`, [incidentId]))[0].n,
    ).toBe(1);
    expect(await timelineLength()).toBe(4);
  }, 90_000);

  it('takes the JSON alarm from machine sources on Kafka (produced by kcat); poison is dead-lettered and never blocks its partition', async () => {
    const ds = apps['alarm-intake'].infra.database.dataSource;
    const run = uniqueSuffix();
    // Spelled out: what an outside producer is told (under this suite's namespace on the broker).
    const topic = 'erp.alarm-submissions.v1';
    expect(Topics.alarmSubmissions).toBe(topic);
    /** One record through Debian's kcat, a producer that is not our code. It must be there: never skip. */
    const produce = (key: string, value: string) => {
      // kcat -P splits its input at newlines; one JSON.stringify never has one.
      if (value.includes('\n')) throw new Error('one record per line: no newline in a value');
      try {
        execFileSync('kcat', ['-P', '-b', SERVICES.kafkaBrokers[0], '-t', onBroker(topic), '-k', key], {
          input: value,
          stdio: ['pipe', 'pipe', 'pipe'],
          timeout: 30_000,
        });
      } catch (e) {
        const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
        if (err.code === 'ENOENT') {
          throw new Error(
            'kcat is not installed: this test proves the topic with a producer that is not our code. ' +
              'Install it: apt-get update && apt-get install -y kcat',
          );
        }
        throw new Error(
          `kcat failed to produce to ${topic}: ${err.stderr?.toString().trim() || err.message}`,
        );
      }
    };
    const alarmByExternalId = async (externalId: string) =>
      (
        await ds.query(`SELECT id, source, status, incident_id FROM alarms WHERE external_id = $1`, [
          externalId,
        ])
      )[0] as { id: string; source: string; status: string; incident_id: string | null } | undefined;

    const validKey = `sensor-${run}`;
    const poisonKey = `sensor-${run}-poison`;
    const first = alarmBody({
      source: 'demo-source',
      externalId: `kcat-${run}-1`,
      townshipCode: '511902001',
    });
    const ghost = alarmBody({ source: `no-such-source-${run}`, externalId: `kcat-${run}-ghost` });
    const after = alarmBody({
      source: 'demo-source',
      externalId: `kcat-${run}-2`,
      townshipCode: '511902001',
    });
    produce(validKey, JSON.stringify(first));
    produce(poisonKey, '{"source":"demo-source", this is not JSON');
    produce(poisonKey, JSON.stringify(ghost));
    // Text PostgreSQL cannot store, and a date outside the accepted window: dead-lettered, naming the field.
    produce(poisonKey, JSON.stringify({ ...first, externalId: `kcat-${run}-lone`, description: 'a\ud800b' }));
    produce(
      poisonKey,
      JSON.stringify({ ...first, externalId: `kcat-${run}-old`, occurredAt: '0001-01-01T00:00:00+08:00' }),
    );
    produce(poisonKey, JSON.stringify(first)); // the same alarm again: one alarm
    produce(poisonKey, JSON.stringify(after)); // behind the poison, on its partition

    // The valid alarm is taken as over HTTP, and dispatch opens (or joins) an incident for it.
    const taken = await eventually(async () => {
      const row = await alarmByExternalId(first.externalId as string);
      expect(row?.incident_id).toEqual(expect.any(String));
      return row!;
    }, 30_000);
    expect(taken).toMatchObject({ source: 'demo-source', status: 'joined' });
    const [received] = await ds.query(
      `SELECT envelope FROM outbox WHERE envelope->'payload'->>'alarmId' = $1 AND envelope->>'type' = 'AlarmReceived'`,
      [taken.id],
    );
    expect(received.envelope.causationId).toBe(`kafka:${topic}:${validKey}`);

    // The poison did not block its partition: what came after it was taken too.
    await eventually(async () => {
      expect((await alarmByExternalId(after.externalId as string))?.incident_id).toEqual(expect.any(String));
    }, 30_000);

    // The two bad records are on the dead-letter topic with their reasons, in order.
    const kafka = new Kafka({ brokers: SERVICES.kafkaBrokers, clientId: `e2e-dlq-${run}`, logLevel: 0 });
    const consumer = kafka.consumer({ groupId: `e2e-dlq-${run}` });
    const dead: { reason: string; group: string; originalTopic: string; originalValue: string }[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [onBroker(Topics.deadLetter)], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() === poisonKey) dead.push(JSON.parse(message.value!.toString()));
        },
      });
      await eventually(() => expect(dead).toHaveLength(4), 30_000);
    } finally {
      await consumer.disconnect();
    }
    // Bad JSON, a lone surrogate and an old date are refused as the record is decoded; the unknown source
    // when its batch is handled (and replayed record by record), so the order between them may vary.
    for (const d of dead) expect(d).toMatchObject({ group: 'alarm-intake', originalTopic: topic });
    const reasons = dead.map((d) => d.reason);
    expect(reasons[0]).toMatch(/^not JSON/);
    expect(dead[0].originalValue).toBe('{"source":"demo-source", this is not JSON');
    expect(reasons).toContain(`unknown source no-such-source-${run}`);
    expect(reasons).toContainEqual(expect.stringMatching(/^\/description .*lone UTF-16 surrogate/));
    expect(reasons).toContainEqual(expect.stringMatching(/^invalid alarm: \/occurredAt .*1970-01-01/));
    for (const suffix of ['lone', 'old'])
      expect(await alarmByExternalId(`kcat-${run}-${suffix}`)).toBeUndefined();

    // Nothing half-written: no alarm from the unknown source, and the repeated alarm is still one.
    expect(await alarmByExternalId(ghost.externalId as string)).toBeUndefined();
    const counts = await ds.query(
      `SELECT count(*)::int AS n FROM alarms WHERE external_id = $1 AND source = 'demo-source'`,
      [first.externalId],
    );
    expect(counts[0].n).toBe(1);
  }, 90_000);
});
