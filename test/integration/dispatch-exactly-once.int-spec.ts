import 'reflect-metadata';
import { CommandBus } from '@nestjs/cqrs';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@erp/config';
import { Topics } from '@erp/contracts';
import { DispatchModule, DispatchOwedTasksCommand, PLAN_DISPATCHER } from '@erp/dispatch';
import { IntakeModule } from '@erp/intake';
import { createLogger, RunningService, startService } from '@erp/platform';
import { alarmBody, call, incidentOfAlarm } from '../support/http';
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
 * Dispatch by the tiered response plan happens exactly once on real Kafka and PostgreSQL, whatever the
 * delivery: a redelivered event, two dispatcher instances in one consumer group, a reclassification racing
 * the first dispatch. The last word is the database's: a unique (incident, unit, role) index.
 */
const KEY = 'exactly-once-source-key';
/** Its own topics and groups on the shared broker: no other run's records, and none of ours elsewhere. */
const NAMESPACE = `test-exactly-once-${uniqueSuffix()}`;
const onBroker = (name: string) => `${NAMESPACE}.${name}`;

describe('dispatch exactly once (real Kafka + PostgreSQL)', () => {
  let db: TestDatabase;
  let intake: RunningService;
  const dispatchers: RunningService[] = [];

  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    intake.infra.database.dataSource.query(sql, params) as Promise<T[]>;

  /** (incident, unit, role) pairs held by more than one task: must always be none. */
  const duplicates = () =>
    query(
      `SELECT incident_id, unit_id, role, count(*)::int AS n FROM tasks
       GROUP BY incident_id, unit_id, role HAVING count(*) > 1`,
    );

  /** A team may be on one incident at a time: teams tasked on two open incidents (must be none). */
  const teamsOnTwoIncidents = () =>
    query(
      `SELECT t.unit_id, count(DISTINCT t.incident_id)::int AS n FROM tasks t JOIN units u ON u.id = t.unit_id
       WHERE u.kind = 'rescue_team' GROUP BY t.unit_id HAVING count(DISTINCT t.incident_id) > 1`,
    );

  const tasksOf = (incidentId: string) =>
    query<{
      unit_id: string;
      role: string;
      plan_version: string;
      clause_id: string;
      eta_seconds: number | null;
    }>(
      `SELECT unit_id, role, plan_version, clause_id, eta_seconds FROM tasks WHERE incident_id = $1
       ORDER BY unit_id, role`,
      [incidentId],
    );

  /** Waits until the plan dispatcher group has committed past every record now on the incidents topic. */
  async function planDispatcherCaughtUp(): Promise<void> {
    const kafka = new Kafka({ clientId: 'exactly-once-test', brokers: SERVICES.kafkaBrokers, logLevel: 0 });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(onBroker(Topics.incidents));
      await eventually(
        async () => {
          const [committed] = await admin.fetchOffsets({
            groupId: onBroker(PLAN_DISPATCHER),
            topics: [onBroker(Topics.incidents)],
          });
          for (const end of ends) {
            const at = committed.partitions.find((p) => p.partition === end.partition)!;
            // -1: nothing committed yet, which is caught up only for a partition that never had a record
            // (a dozen incident keys over three partitions leave one empty about once in 40 runs).
            expect(Math.max(0, Number(at.offset))).toBeGreaterThanOrEqual(Number(end.offset));
          }
        },
        30_000,
        250,
      );
    } finally {
      await admin.disconnect();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('erp_exactly_once');
    const config = {
      ...loadConfig({
        DATABASE_URL: db.url,
        KAFKA_BROKERS: SERVICES.kafkaBrokers.join(','),
        ...runNamespace(NAMESPACE),
        JWT_SECRET: 'exactly-once-jwt-secret-0123456789',
        DEMO_SOURCE_KEY: KEY,
        OUTBOX_POLL_MS: '50',
      }),
      port: 0,
    };
    const logger = createLogger({ logFormat: 'json', logLevel: 'error' }, 'exactly-once');
    intake = await startService(
      { service: 'alarm-intake', contexts: [IntakeModule], relay: true, timers: false },
      config,
      logger,
    );
    // Two dispatcher instances in the same consumer groups: Kafka splits the partitions between them.
    for (let i = 0; i < 2; i++) {
      dispatchers.push(
        await startService(
          { service: `dispatcher-${i}`, contexts: [DispatchModule], relay: true, timers: false },
          config,
          logger,
        ),
      );
    }
  }, 120_000);

  afterAll(async () => {
    for (const d of dispatchers) await d.stop();
    await intake?.stop();
    await db?.drop();
    await dropRunNamespace(NAMESPACE);
  }, 60_000);

  const send = (overrides: Record<string, unknown>) =>
    call(intake.url, 'POST', '/api/v1/alarms', { body: alarmBody(overrides), apiKey: KEY });

  it('two dispatcher instances in one group: every incident gets the plan tasks once, and no team goes to two incidents', async () => {
    const townships = ['511902001', '511902101', '511902105', '511902124', '511902203', '511902128'];
    const replies = await Promise.all(
      townships.flatMap((townshipCode, i) =>
        ['fire', 'landslide', 'flood'].map((type, j) =>
          send({ townshipCode, type, description: `exactly-once ${i}-${j}` }),
        ),
      ),
    );
    expect(replies.every((r) => r.status === 202)).toBe(true);
    // Compatible types in one township may correlate into one incident: count incidents, not alarms.
    const incidentIds = [
      ...new Set(await Promise.all(replies.map((r) => incidentOfAlarm(intake.url, r.body.alarmId, KEY)))),
    ];
    expect(incidentIds.length).toBeGreaterThanOrEqual(townships.length * 2);
    for (const id of incidentIds) {
      await eventually(async () => {
        const tasks = await tasksOf(id);
        expect(tasks.some((t) => t.role === 'lead' && t.unit_id.startsWith('township-office-'))).toBe(true);
      }, 30_000);
    }
    await planDispatcherCaughtUp();
    expect(await duplicates()).toEqual([]);
    expect(await teamsOnTwoIncidents()).toEqual([]);
    // Every team that holds a task is marked out (dispatched), and every dispatched team holds one.
    const [{ mismatched }] = await query<{ mismatched: number }>(
      `SELECT count(*)::int AS mismatched FROM units u
       WHERE u.kind = 'rescue_team'
         AND (u.team_status = 'dispatched') <> EXISTS (SELECT 1 FROM tasks t WHERE t.unit_id = u.id)`,
    );
    expect(mismatched).toBe(0);
    const [{ n: teamTasks }] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tasks WHERE eta_seconds IS NOT NULL`,
    );
    expect(teamTasks).toBeGreaterThan(0);
  }, 120_000);

  it('a redelivered IncidentClassified (produced again onto Kafka, twice) adds nothing', async () => {
    const reply = await send({ townshipCode: '511902107', type: 'fire' });
    const incidentId = await incidentOfAlarm(intake.url, reply.body.alarmId, KEY);
    const before = await eventually(async () => {
      const tasks = await tasksOf(incidentId);
      expect(tasks.length).toBeGreaterThan(0);
      return tasks;
    }, 30_000);
    await planDispatcherCaughtUp();
    const [row] = await query<{ envelope: Record<string, unknown> }>(
      `SELECT envelope FROM outbox WHERE envelope->>'type' = 'IncidentClassified' AND envelope->>'incidentId' = $1`,
      [incidentId],
    );
    const kafka = new Kafka({ clientId: 'exactly-once-replay', brokers: SERVICES.kafkaBrokers, logLevel: 0 });
    const producer = kafka.producer();
    await producer.connect();
    const value = JSON.stringify(row.envelope);
    await producer.send({
      topic: onBroker(Topics.incidents),
      messages: [
        { key: incidentId, value },
        { key: incidentId, value },
      ],
    });
    await producer.disconnect();
    await planDispatcherCaughtUp();
    expect(await tasksOf(incidentId)).toEqual(before);
    expect(await duplicates()).toEqual([]);
  }, 90_000);

  it('a reclassification racing the first dispatch: the upgraded plan is owed once, the township keeps its lead', async () => {
    // A township no other test here uses, so nothing else correlates with it. The first alarm opens a T1
    // landslide; the second (same place, 3 deaths) upgrades it to T3 at once.
    const place = { townshipCode: '511902127', type: 'landslide' };
    const [first, second] = await Promise.all([send(place), send({ ...place, casualties: { deaths: 3 } })]);
    const incidentId = await incidentOfAlarm(intake.url, first.body.alarmId, KEY);
    expect(await incidentOfAlarm(intake.url, second.body.alarmId, KEY)).toBe(incidentId);
    await eventually(async () => {
      const units = (await tasksOf(incidentId)).map((t) => `${t.unit_id}:${t.role}`);
      expect(units).toEqual(expect.arrayContaining(['district-emergency-committee:lead']));
    }, 30_000);
    await planDispatcherCaughtUp();
    const tasks = await tasksOf(incidentId);
    expect(await duplicates()).toEqual([]);
    const office = tasks.filter((t) => t.unit_id.startsWith('township-office-'));
    expect(office).toHaveLength(1); // lead (T1) or support (T3 first): one task, never both
    expect(tasks.every((t) => t.plan_version === 'seed-2020/2')).toBe(true);
    // T3 reports up to the city (上报市级): once, however the dispatches raced.
    const [{ n: reports }] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE envelope->>'type' = 'CityReportRequired' AND envelope->>'incidentId' = $1`,
      [incidentId],
    );
    expect(reports).toBe(1);
  }, 90_000);

  it('the same incident dispatched by many commands at once (new event ids, both instances) still gets one task per unit and role', async () => {
    const reply = await send({ townshipCode: '511902009', type: 'building_collapse' });
    const incidentId = await incidentOfAlarm(intake.url, reply.body.alarmId, KEY);
    await eventually(async () => expect((await tasksOf(incidentId)).length).toBeGreaterThan(0), 30_000);
    const before = await tasksOf(incidentId);
    await Promise.all(
      dispatchers.flatMap((d) =>
        Array.from({ length: 5 }, () =>
          d.app
            .get(CommandBus)
            .execute(
              new DispatchOwedTasksCommand([
                { incidentId, eventId: randomUUID(), correlationId: incidentId },
              ]),
            ),
        ),
      ),
    );
    expect(await tasksOf(incidentId)).toEqual(before);
    expect(await duplicates()).toEqual([]);
  }, 60_000);

  it('the database itself refuses a second task for the same incident, unit and role', async () => {
    const [task] = await query<Record<string, unknown>>(`SELECT * FROM tasks LIMIT 1`);
    await expect(
      query(
        `INSERT INTO tasks (id, incident_id, unit_id, role, status, dispatched_at, escalation_step,
           clause_id, plan_version) VALUES ($1, $2, $3, $4, 'dispatched', now(), 0, 'c', 'v')`,
        [randomUUID(), task.incident_id, task.unit_id, task.role],
      ),
    ).rejects.toThrow(/tasks_incident_unit_role_key/);
  });
});
