/**
 * Benchmark of the audit's reads (issue 13), on the machine's PostgreSQL, each part on a fresh database.
 *   timeline   one incident of BENCH_TIMELINE_ENTRIES (1,000) entries, projected by the real consumer in
 *              batches of 100 with a seal after each (so ten checkpoint links cover it); then
 *              BENCH_TIMELINE_READS (300) reads of it verified (chain and checkpoints), in process and over
 *              HTTP (`GET …/timeline`, `GET …/timeline/verify`, as the commander). Target p95 < 20 ms.
 *   report     BENCH_REPORT_TASKS (1,000,000) tasks of a year (four per incident, 2% exercises) written
 *              straight into the report's tables; BENCH_REPORT_RUNS (7) reports of the year grouped by
 *              township (after one warm-up), then one of each other grouping and one township's.
 *              Target < 2 s.
 * Prints the figures and the machine's load (/proc/loadavg) before and after each part; writes them to
 * bench/results/audit-<time>.json.
 * Usage: npm run bench:audit (builds nothing; needs PostgreSQL on 127.0.0.1:5432)
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuditProjector, AuditReportsModule, CheckpointSealer } from '../libs/audit/src';
import { loadConfig } from '../libs/config/src';
import { decodeEnvelope, DomainEvent } from '../libs/contracts/src';
import {
  assembleResponseTimes,
  BAZHOU,
  ResponseTimesQuery,
  systemClock,
  timelineView,
  verifyTimeline,
} from '../libs/domain/src';
import { DutyModule } from '../libs/duty/src';
import { DecodedEvent, EventStream } from '../libs/event-stream/src';
import {
  envelopeFor,
  PostgresResponseTimesReadModel,
  PostgresTimelineReadModel,
} from '../libs/persistence/src';
import { createLogger, Infrastructure, RunningService, startService } from '../libs/platform/src';
import { createBenchDatabase, dropBenchDatabase } from './lib/bench-database';
import { distribution, Distribution } from './lib/distribution';
import { formatLatency, formatMsWithUnit } from './lib/figures-format';
import { knob } from './lib/knobs';
import { writeResults } from './lib/results-file';
import { print, progress } from './lib/terminal';
import type { TestDatabase } from '../test/support/services';

const ENTRIES = knob('BENCH_TIMELINE_ENTRIES', 1_000, { min: 10, max: 100_000 });
const READS = knob('BENCH_TIMELINE_READS', 300, { min: 10, max: 100_000 });
const TASKS = knob('BENCH_REPORT_TASKS', 1_000_000, { min: 1_000, max: 10_000_000 });
const RUNS = knob('BENCH_REPORT_RUNS', 7, { min: 1, max: 100 });
const PASSWORD = 'bench-audit-password';
const TIMELINE_TARGET_MS = 20;
const REPORT_TARGET_MS = 2_000;

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();
const now = () => Number(process.hrtime.bigint()) / 1e6;

async function timed(times: number, fn: () => Promise<unknown>): Promise<Distribution> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = now();
    await fn();
    samples.push(now() - started);
  }
  return distribution(samples);
}

function verdict(d: Distribution, target: number, at: 'p95' | 'max'): string {
  const value = d[at];
  return value !== null && value < target ? `PASS (${at} < ${target} ms)` : `FAIL (${at} ≥ ${target} ms)`;
}

/** The duty console's reads, audit's included, on the bench database (migrated and seeded by the start). */
async function service(db: TestDatabase): Promise<RunningService> {
  return startService(
    { service: 'bench-audit', contexts: [DutyModule, AuditReportsModule], relay: false, timers: false },
    {
      ...loadConfig({
        DATABASE_URL: db.url,
        DEMO_PASSWORD: PASSWORD,
        CHECKPOINT_SECONDS: '3600',
        JWT_SECRET: randomUUID() + randomUUID(),
      }),
      port: 0,
    },
    createLogger({ logFormat: 'json', logLevel: 'error' }, 'bench'),
  );
}

async function token(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  return ((await r.json()) as { accessToken: string }).accessToken;
}

/** One incident's life stretched to `n` timeline entries: tasks sent, acknowledged, reported on, escalated. */
function longIncident(n: number): DecodedEvent[] {
  const incidentId = randomUUID();
  const start = Date.parse('2026-03-01T08:00:00.000Z');
  let at = start;
  const events: DomainEvent[] = [
    {
      type: 'IncidentOpened',
      payload: {
        incidentId,
        alarmId: randomUUID(),
        alarmSource: 'demo-source',
        alarmReceivedAt: new Date(start - 5_000).toISOString(),
        alarmExternalId: 'BENCH-1',
        type: 'flood',
        townshipCode: '511902001',
        location: null,
        description: '基准测试：持续降雨，河水上涨',
        exercise: false,
      },
    },
    {
      type: 'IncidentClassified',
      payload: { incidentId, tier: 'T2_GENERAL', level: 'IV', reasons: ['受灾人数'], ruleSetVersion: 'v' },
    },
  ];
  const units = BAZHOU.townships.map((t) => `township-office-${t.code}`);
  for (let i = 0; events.length < n - 1; i++) {
    const ref = { taskId: randomUUID(), incidentId, unitId: units[i % units.length] };
    const iso = () => new Date((at += 1_000)).toISOString();
    events.push(
      {
        type: 'TaskDispatched',
        payload: {
          ...ref,
          role: 'support',
          ackDeadlineAt: iso(),
          escalationStep: 0,
          escalatedFromTaskId: null,
          clauseId: 't2-township-office-leads',
          planVersion: 'seed-2020/2',
          departDeadlineAt: iso(),
          arriveDeadlineAt: iso(),
          firstReportDeadlineAt: iso(),
          etaSeconds: null,
        },
      },
      { type: 'TaskAcknowledged', payload: { ...ref, acknowledgedAt: iso(), late: false } },
      {
        type: 'TaskReported',
        payload: {
          ...ref,
          reportId: randomUUID(),
          reportedAt: iso(),
          text: '水位 2.3 米，已转移 12 人',
          first: true,
          late: false,
        },
      },
      {
        type: 'TaskEscalated',
        payload: {
          ...ref,
          deadline: 'depart',
          deadlineAt: iso(),
          lateMs: 0,
          late: false,
          step: 1,
          action: 'renotify',
          target: { userNames: ['duty-a', 'duty-b'] },
          last: false,
        },
      },
    );
  }
  const causation = {
    actor: { kind: 'system' as const, id: 'bench' },
    correlationId: 'c',
    causationId: randomUUID(),
  };
  return events.slice(0, n - 1).map((e) => {
    const when = new Date((at += 100));
    return decodeEnvelope(JSON.stringify(envelopeFor(e, causation, when, when).envelope));
  });
}

async function benchTimeline(): Promise<object> {
  const db = await createBenchDatabase('erp_bench_audit_timeline');
  let app: RunningService | undefined;
  try {
    progress(`timeline: a fresh database, the consumer projects one incident of ${ENTRIES} entries`);
    app = await service(db);
    const infra = app.infra;
    const projector = new AuditProjector(
      infra.database.unitOfWork,
      systemClock,
      {} as EventStream,
      {} as Infrastructure,
    );
    const sealer = new CheckpointSealer(infra.database.unitOfWork, systemClock, infra.config);
    const events = longIncident(ENTRIES);
    const incidentId = events[0].incidentId!;
    // The incident's own row (the timeline route shows the timelines of incidents that exist).
    await infra.database.dataSource.query(
      `INSERT INTO incidents (id, status, type, tier, level, reasons, rule_set_version, township_code, description,
         opened_at, last_alarm_at)
       VALUES ($1, 'open', 'flood', 'T2_GENERAL', 'IV', '[]', 'v', '511902001', '基准测试', now(), now())`,
      [incidentId],
    );
    for (let i = 0; i < events.length; i += 100) {
      await projector.appendAll(events.slice(i, i + 100));
      await sealer.seal();
    }
    // As autovacuum would have by now: the planner knows the incident's thousand rows.
    await infra.database.dataSource.query('VACUUM ANALYZE timeline_entries, timeline_checkpoints');
    const readModel = new PostgresTimelineReadModel(infra.database.dataSource);
    const first = timelineView(await readModel.storedTimeline(incidentId));
    if (first.entries.length !== ENTRIES || !first.chainIntact) {
      throw new Error(
        `expected ${ENTRIES} intact entries, got ${first.entries.length} (${first.chainIntact})`,
      );
    }
    progress(`timeline: ${READS} reads each way (load ${loadavg()})`);
    const loadBefore = loadavg();
    await timed(30, () => readModel.storedTimeline(incidentId).then(timelineView)); // warm-up
    const inProcess = await timed(READS, async () =>
      timelineView(await readModel.storedTimeline(incidentId)),
    );
    const readOnly = await timed(READS, () => readModel.storedTimeline(incidentId));
    const stored = await readModel.storedTimeline(incidentId);
    const verifyOnly = await timed(READS, async () => verifyTimeline(stored.entries, stored.sealed));
    const commander = await token(app.url, 'commander');
    const get = (path: string) => async () => {
      const r = await fetch(`${app!.url}${path}`, { headers: { authorization: `Bearer ${commander}` } });
      if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
      await r.arrayBuffer();
    };
    await timed(30, get(`/api/v1/incidents/${incidentId}/timeline`));
    const http = await timed(READS, get(`/api/v1/incidents/${incidentId}/timeline`));
    const verify = await timed(READS, get(`/api/v1/incidents/${incidentId}/timeline/verify`));
    const bytes = (
      await (
        await fetch(`${app.url}/api/v1/incidents/${incidentId}/timeline`, {
          headers: { authorization: `Bearer ${commander}` },
        })
      ).arrayBuffer()
    ).byteLength;
    const loadAfter = loadavg();

    print(
      `── timeline of one incident, ${ENTRIES} entries, ${first.verification.checkpoint?.seq} checkpoint links`,
    );
    print(`   load before ${loadBefore}`);
    print(
      `   read + verify (in process)     ${formatLatency(inProcess)}  ${verdict(inProcess, TIMELINE_TARGET_MS, 'p95')}`,
    );
    print(`     of which the read            ${formatLatency(readOnly)}`);
    print(`     of which the verification    ${formatLatency(verifyOnly)}`);
    print(
      `   GET …/timeline (HTTP, ${(bytes / 1024).toFixed(0)} KB)  ${formatLatency(http)}  ${verdict(http, TIMELINE_TARGET_MS, 'p95')}`,
    );
    print(
      `   GET …/timeline/verify (HTTP)   ${formatLatency(verify)}  ${verdict(verify, TIMELINE_TARGET_MS, 'p95')}`,
    );
    print(`   load after  ${loadAfter}`);
    return { entries: ENTRIES, bytes, inProcess, readOnly, verifyOnly, http, verify, loadBefore, loadAfter };
  } finally {
    await app?.stop();
    await dropBenchDatabase(db);
  }
}

/** A year of response times written straight into the report's tables, four tasks per incident. */
async function seedYear(app: RunningService, tasks: number): Promise<void> {
  const incidents = Math.ceil(tasks / 4);
  const codes = BAZHOU.townships.map((t) => t.code);
  const ds = app.infra.database.dataSource;
  await ds.query(`SELECT setseed(0.13)`);
  await ds.query(
    `INSERT INTO response_incidents (incident_id, township_code, type, tier, exercise, alarm_at, opened_at, status, closed_at, to_close)
     SELECT md5('i' || g)::uuid, ($2::text[])[1 + g % 25],
            (ARRAY['fire','flood','landslide','traffic_accident','forest_fire','public_security'])[1 + g % 6],
            (ARRAY['T1_MINOR','T1_MINOR','T1_MINOR','T2_GENERAL','T2_GENERAL','T3_MAJOR'])[1 + (g / 7) % 6],
            g % 50 = 0, a, a + interval '5 s', CASE WHEN g % 10 = 0 THEN 'open' ELSE 'closed' END,
            CASE WHEN g % 10 = 0 THEN NULL ELSE a + c * interval '1 s' END, CASE WHEN g % 10 = 0 THEN NULL ELSE c END
       FROM (SELECT g, timestamptz '2025-01-01 00:00+08' + (g::float8 / $1) * interval '365 days' AS a,
                    (3600 + random() * 30000)::int AS c
               FROM generate_series(1, $1) g) x`,
    [incidents, codes],
  );
  // Stage times per task (seconds): dispatch 20–120 after the alarm, then acknowledge, depart and travel;
  // about three team arrivals in four inside the 15-minute circle. (Volatile in the target list: one draw
  // per row; in a LATERAL the planner would memoize it.)
  await ds.query(
    `INSERT INTO response_tasks (task_id, incident_id, unit_id, role, team, township_code, type, tier, exercise,
       alarm_at, status, dispatched_at, acknowledged_at, departed_at, arrived_at, completed_at,
       to_dispatch, to_acknowledge, to_depart, to_arrive, travel_seconds)
     SELECT md5(incident_id::text || k)::uuid, incident_id,
            CASE k WHEN 0 THEN 'township-office-' || township_code WHEN 1 THEN 'department-water'
                   ELSE 'team-' || ((hashtext(incident_id::text) & 1023) % 39 + k) END,
            CASE k WHEN 0 THEN 'lead' ELSE 'support' END, k >= 2, township_code, type, tier, exercise,
            alarm_at, 'completed', alarm_at + d * interval '1 s', alarm_at + (d + a) * interval '1 s',
            alarm_at + (d + a + p) * interval '1 s', alarm_at + (d + a + p + t) * interval '1 s',
            alarm_at + (d + a + p + t + 1800) * interval '1 s',
            d, d + a, d + a + p, d + a + p + t, a + p + t
       FROM (SELECT i.*, k, (20 + random() * 100)::int AS d, (20 + random() * 280)::int AS a,
                    (10 + random() * 110)::int AS p, (100 + random() * 800)::int AS t
               FROM response_incidents i CROSS JOIN generate_series(0, 3) k LIMIT $1) r`,
    [tasks],
  );
  await ds.query(
    `INSERT INTO response_breaches (task_id, deadline, incident_id, unit_id, team, township_code, type, tier, exercise,
       alarm_at, due_at, missed_at)
     SELECT task_id, 'arrive', incident_id, unit_id, team, township_code, type, tier, exercise, alarm_at,
            dispatched_at + interval '900 s', dispatched_at + interval '901 s'
       FROM response_tasks WHERE team AND travel_seconds > 900`,
  );
  await ds.query('VACUUM ANALYZE response_incidents, response_tasks, response_breaches');
}

async function benchReport(): Promise<object> {
  const db = await createBenchDatabase('erp_bench_audit_report');
  let app: RunningService | undefined;
  try {
    app = await service(db);
    progress(`report: writing ${TASKS} tasks of a year into the report's tables`);
    const seeded = now();
    await seedYear(app, TASKS);
    const seedSeconds = (now() - seeded) / 1000;
    const [{ n: breaches }] = await app.infra.database.dataSource.query(
      'SELECT count(*)::int AS n FROM response_breaches',
    );
    const readModel = new PostgresResponseTimesReadModel(app.infra.database.dataSource);
    const year: ResponseTimesQuery = {
      from: new Date('2025-01-01T00:00:00+08:00'),
      to: new Date('2026-01-01T00:00:00+08:00'),
      groupBy: 'township',
      includeExercises: false,
      townshipCode: null,
    };
    const once = async (q: ResponseTimesQuery) =>
      assembleResponseTimes(q, await readModel.figures(q), () => undefined);
    progress(`report: ${RUNS} runs grouped by township (load ${loadavg()})`);
    const loadBefore = loadavg();
    const check = await once(year); // warm-up, and a look at what it counted
    const byTownship = await timed(RUNS, () => once(year));
    const commander = await token(app.url, 'commander');
    const query = `from=2025-01-01&to=2026-01-01&groupBy=township`;
    const http = await timed(3, async () => {
      const r = await fetch(`${app!.url}/api/v1/reports/response-times?${query}`, {
        headers: { authorization: `Bearer ${commander}` },
      });
      if (r.status !== 200) throw new Error(`report: ${r.status}`);
      await r.arrayBuffer();
    });
    const others: Record<string, number> = {};
    for (const groupBy of ['unit', 'team', 'tier', 'type'] as const) {
      others[groupBy] = (await timed(1, () => once({ ...year, groupBy }))).max!;
    }
    others['township 511902001'] = (await timed(1, () => once({ ...year, townshipCode: '511902001' }))).max!;
    const loadAfter = loadavg();

    print(
      `── response-time report over ${check.overall.tasks.toLocaleString('en')} tasks (exercises out) of a year`,
    );
    print(
      `   seeded ${TASKS.toLocaleString('en')} tasks, ${breaches.toLocaleString('en')} breaches in ${seedSeconds.toFixed(1)} s`,
    );
    print(`   load before ${loadBefore}`);
    print(
      `   by township (${check.groups.length} groups)   ${formatLatency(byTownship)}  ${verdict(byTownship, REPORT_TARGET_MS, 'max')}`,
    );
    print(`   GET /reports/response-times  ${formatLatency(http)}`);
    for (const [what, ms] of Object.entries(others)) print(`   ${what.padEnd(28)} ${formatMsWithUnit(ms)}`);
    print(
      `   overall: arrive median ${check.overall.stages.arrive.medianSeconds} s, p90 ${check.overall.stages.arrive.p90Seconds} s; in circle ${((check.overall.teamArrivals.share ?? 0) * 100).toFixed(1)}%`,
    );
    print(`   load after  ${loadAfter}`);
    return {
      tasks: TASKS,
      counted: check.overall.tasks,
      breaches,
      seedSeconds,
      byTownship,
      http,
      others,
      loadBefore,
      loadAfter,
    };
  } finally {
    await app?.stop();
    await dropBenchDatabase(db);
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  print(`audit bench on ${process.platform} node ${process.version}; load ${loadavg()}`);
  const timeline = await benchTimeline();
  const report = await benchReport();
  print(`results: ${writeResults('audit', startedAt, { timeline, report })}`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`audit bench failed: ${error.stack}\n`);
    process.exit(1);
  },
);
