/**
 * Issue 4, end to end: IncidentClassified published → the incident's tasks persisted and published
 * (TaskDispatched on Kafka). Target: p99 < 100 ms at 200 incidents/s, services mode, real Kafka + PostgreSQL.
 *
 * Spawns the built dispatcher (dist/) on a fresh database under a KAFKA_NAMESPACE of its own, so nothing
 * else on the broker (the test suite, another bench) shares its topics or consumer groups. Inserts the
 * incidents straight into PostgreSQL (open, anchored near a township centre, six types, tiers ~60/30/10),
 * then produces one IncidentClassified per incident, open loop, at BENCH_RATE/s: BENCH_WARMUP_SECONDS from
 * a cold start (reported apart), then BENCH_SECONDS measured. An observer group notes when each incident's
 * first TaskDispatched arrives (one incident's tasks commit and relay together). Latency runs from the
 * record's due time, so a slow producer counts against the result, not for it.
 * The district has ~39 rescue teams: by default (BENCH_TEAMS_RETURN=1) every dispatched team is set back to
 * available each second so that team choice stays exercised; with 0, all are out within a second and every
 * later incident takes the breach path (best effort + command-room escalation).
 *
 *   npm run bench:dispatch                      (builds, starts deploy/kafka, runs this file)
 *   BENCH_SECONDS=10 npm run bench:dispatch     (a short run)
 *
 * Knobs (bounded): BENCH_RATE (200), BENCH_SECONDS (60), BENCH_WARMUP_SECONDS (15), BENCH_DRAIN_SECONDS
 * (60), BENCH_TEAMS_RETURN (1), BENCH_KEEP_DB (unset: the database is dropped), BENCH_DISPATCHER_NODE_OPTIONS
 * (e.g. a --require probe). Report on stdout, JSON in bench/results/classified-to-tasks-<time>.json,
 * progress on stderr.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { ALL_TOPICS, decodeEnvelope, Envelope, Topics } from '@erp/contracts';
import { BAZHOU } from '@erp/domain';
import { eachRecord, KafkaEventStream, StreamRecord } from '@erp/event-stream';
import { createTestDatabase, runNamespace, SERVICES, TestDatabase } from '../test/support/services';

function knob(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    process.stderr.write(`bench: ${name} must be a number in [${min}, ${max}], got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return n;
}

const RATE = knob('BENCH_RATE', 200, 1, 2000);
const SECONDS = knob('BENCH_SECONDS', 60, 1, 600);
const WARMUP_SECONDS = knob('BENCH_WARMUP_SECONDS', 15, 1, 120);
const DRAIN_SECONDS = knob('BENCH_DRAIN_SECONDS', 60, 1, 600);
const TEAMS_RETURN = knob('BENCH_TEAMS_RETURN', 1, 0, 1) === 1;
const KEEP_DB = !!process.env.BENCH_KEEP_DB;
const TARGET_P99_MS = 100;
const RUN = randomBytes(3).toString('hex');
/** The dispatcher's topics and groups, and this bench's, live under it (KAFKA_NAMESPACE). */
const NAMESPACE = `bench-dispatch-${RUN}`;
const PLAN_DISPATCHER = 'dispatcher.plan'; // the dispatcher's inbox (and group) name for this use case
const ROOT = path.resolve(__dirname, '..');
const MAIN = path.join(ROOT, 'dist', 'apps', 'dispatcher', 'src', 'main.js');
const TYPES = ['fire', 'landslide', 'flood', 'traffic_accident', 'gas_leak', 'public_security'];
const LEVEL = { T1_MINOR: null, T2_GENERAL: 'IV', T3_MAJOR: 'III' } as const;
const KAFKAJS_NOTICES = /switched default partitioner|Limiting retries for the idempotent producer/;

const wall = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const progress = (line: string) => process.stderr.write(`[bench ${new Date().toISOString()}] ${line}\n`);

type Dist = Record<'n' | 'p50' | 'p95' | 'p99' | 'max', number | null>;

function dist(values: number[]): Dist {
  const v = Float64Array.from(values.filter(Number.isFinite)).sort();
  const at = (p: number) =>
    v.length ? v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)] : null;
  return { n: v.length, p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

const f = (x: number | null) => (x === null ? '—' : x.toFixed(1));
const fmt = (d: Dist) => `p50 ${f(d.p50)}  p95 ${f(d.p95)}  p99 ${f(d.p99)}  max ${f(d.max)} ms (n=${d.n})`;

// ─── the dispatcher process, and what processes cost ───

let dispatcher: ChildProcess | undefined;
let dispatcherExit: string | null = null;
const dispatcherLog = { tail: [] as string[], warn: 0, error: 0, samples: [] as string[] };
process.on('exit', () => dispatcher?.kill('SIGKILL'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startDispatcher(databaseUrl: string): Promise<void> {
  const port = await freePort();
  const probe = process.env.BENCH_DISPATCHER_NODE_OPTIONS;
  dispatcher = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: SERVICES.kafkaBrokers.join(','),
      ...runNamespace(NAMESPACE),
      KAFKA_CLIENT_ID: 'bench',
      JWT_SECRET: 'bench-jwt-secret-0123456789abcdef',
      PORT: String(port),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      ...(probe ? { NODE_OPTIONS: probe } : {}),
    },
  });
  // Warnings and errors are counted (a retried handler logs one); the last lines explain a failed start.
  for (const s of [dispatcher.stdout, dispatcher.stderr]) {
    createInterface({ input: s! }).on('line', (line) => {
      const level = /"level":"(warn|error)"/.exec(line)?.[1] as 'warn' | 'error' | undefined;
      if (level && !KAFKAJS_NOTICES.test(line)) {
        dispatcherLog[level]++;
        const [message, error] = [/"message":"([^"]*)"/, /"error":"([^"]*)"/].map((r) => r.exec(line)?.[1]);
        const sample = `${level}: ${message ?? line.slice(0, 200)}${error ? ` (${error})` : ''}`;
        if (dispatcherLog.samples.length < 3 && !dispatcherLog.samples.includes(sample))
          dispatcherLog.samples.push(sample);
      }
      dispatcherLog.tail.push(line.slice(0, 400));
      dispatcherLog.tail.splice(0, Math.max(0, dispatcherLog.tail.length - 40));
    });
  }
  dispatcher.on('exit', (code, signal) => (dispatcherExit = signal ? `signal ${signal}` : `code ${code}`));
  for (const deadline = Date.now() + 90_000; Date.now() < deadline && !dispatcherExit; await sleep(250)) {
    const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
    if (res?.status === 200) return;
  }
  const tail = dispatcherLog.tail.join('\n');
  throw new Error(`dispatcher not healthy (${dispatcherExit ?? 'timeout'}); its last lines:\n${tail}`);
}

async function stopDispatcher(): Promise<void> {
  if (!dispatcher || dispatcherExit) return;
  dispatcher.kill('SIGTERM');
  for (let i = 0; i < 200 && !dispatcherExit; i++) await sleep(100);
  if (!dispatcherExit) dispatcher.kill('SIGKILL');
}

/** RSS (MB) and CPU seconds from /proc; zeros once the process is gone. */
function usage(pid: number | undefined): { rssMb: number; cpu: number } {
  try {
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { rssMb: Number(rss?.[1] ?? 0) / 1024, cpu: (Number(fields[11]) + Number(fields[12])) / 100 };
  } catch {
    return { rssMb: 0, cpu: 0 };
  }
}

function brokerPid(): number | undefined {
  try {
    return Number(readFileSync(path.join(ROOT, '.kafka', 'broker.pid'), 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

function isPostgres(pid: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}

/** CPU seconds of this bench, the dispatcher, the broker and all of PostgreSQL's processes (shared). */
function cpuNow(brokerPid: number | undefined) {
  const postgres = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && isPostgres(d))
    .reduce((sum, pid) => sum + usage(Number(pid)).cpu, 0);
  const bench = process.cpuUsage();
  return {
    bench: (bench.user + bench.system) / 1e6,
    dispatcher: usage(dispatcher?.pid).cpu,
    kafkaBroker: usage(brokerPid).cpu,
    postgres,
  };
}

// ─── the incidents, their classification events, and what the observer sees ───

interface Incident {
  id: string;
  tier: keyof typeof LEVEL;
  type: string;
  township: string;
  lat: number;
  lon: number;
}

function makeIncidents(n: number): Incident[] {
  return Array.from({ length: n }, (_, i) => {
    const t = BAZHOU.townships[(i * 7) % BAZHOU.townships.length];
    const r = (i * 37) % 10; // 6 in 10 minor, 3 general, 1 major; spread over types and townships
    return {
      id: randomUUID(),
      tier: r < 6 ? 'T1_MINOR' : r < 9 ? 'T2_GENERAL' : 'T3_MAJOR',
      type: TYPES[i % TYPES.length],
      township: t.code,
      lat: t.approxPosition.lat + (Math.random() - 0.5) * 0.02,
      lon: t.approxPosition.lon + (Math.random() - 0.5) * 0.02,
    };
  });
}

async function insertIncidents(pool: Pool, incidents: Incident[]): Promise<void> {
  for (let i = 0; i < incidents.length; i += 1000) {
    const b = incidents.slice(i, i + 1000);
    const columns: (keyof Incident)[] = ['id', 'type', 'tier', 'township', 'lat', 'lon'];
    await pool.query(
      `INSERT INTO incidents (id, status, type, tier, level, reasons, rule_set_version, township_code, lat, lon,
         description, opened_at, anchor_lat, anchor_lon, last_alarm_at)
       SELECT id, 'open', type, tier, $7::jsonb->>tier, '["bench"]', 'cn-national/2024.1', township, lat, lon,
         'bench', now(), lat, lon, now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[])
         AS x(id, type, tier, township, lat, lon)`,
      [...columns.map((c) => b.map((x) => x[c])), JSON.stringify(LEVEL)],
    );
  }
}

/** Built as the outbox builds it (envelope-factory): the incident as key, a fresh chain, the system as actor. */
function classified(x: Incident): StreamRecord {
  const now = new Date().toISOString();
  const envelope: Envelope = {
    eventId: randomUUID(),
    type: 'IncidentClassified',
    version: 1,
    key: x.id,
    incidentId: x.id,
    occurredAt: now,
    recordedAt: now,
    correlationId: x.id,
    causationId: null,
    actor: { kind: 'system', id: 'bench' },
    payload: {
      incidentId: x.id,
      tier: x.tier,
      level: LEVEL[x.tier],
      reasons: ['bench'],
      ruleSetVersion: 'cn-national/2024.1',
    },
  };
  return { topic: Topics.incidents, key: x.id, value: JSON.stringify(envelope) };
}

const seen = {
  firstTask: new Map<string, number>(),
  tasks: new Map<string, number>(),
  breached: new Set<string>(),
};
let counts: Record<string, number> = {};
let lastArrival = 0;

function observe(r: StreamRecord): void {
  lastArrival = wall();
  const e = JSON.parse(r.value) as { type?: string; incidentId?: string | null };
  const type = r.topic === Topics.deadLetter ? 'dead letters' : (e.type ?? '?');
  counts[type] = (counts[type] ?? 0) + 1;
  if (!e.incidentId) return;
  if (type === 'RescueCircleBreachPredicted') seen.breached.add(e.incidentId);
  if (type !== 'TaskDispatched') return;
  if (!seen.firstTask.has(e.incidentId)) seen.firstTask.set(e.incidentId, lastArrival);
  seen.tasks.set(e.incidentId, (seen.tasks.get(e.incidentId) ?? 0) + 1);
}

/** Open loop at RATE: whatever is due goes out in the next send, one send in flight (as the relay does). */
async function produce(stream: KafkaEventStream, incidents: Incident[], stop: () => boolean) {
  const due = new Map<string, number>();
  const start = wall() + 20;
  for (let next = 0; next < incidents.length && !stop();) {
    const upTo = Math.min(incidents.length, Math.floor(((wall() - start) * RATE) / 1000) + 1);
    if (upTo <= next) {
      await sleep(1);
      continue;
    }
    const batch = incidents.slice(next, upTo);
    batch.forEach((x, i) => due.set(x.id, start + ((next + i) * 1000) / RATE));
    next = upTo;
    await stream.publish(batch.map(classified));
  }
  const sent = incidents.filter((x) => due.has(x.id));
  const latencyOf = (x: Incident) => (seen.firstTask.get(x.id) ?? NaN) - due.get(x.id)!;
  return { due, sent, latencyOf, start, seconds: (wall() - start) / 1000 };
}

/** Until every incident is tasked, or the dispatcher took `taken` events and everything is relayed. */
async function drain(pg: Pool, incidents: Incident[], taken: number, seconds: number, stop: () => boolean) {
  const sql = `SELECT (SELECT count(*)::int FROM processed_events WHERE consumer = $1) AS taken,
                      (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS unpublished`;
  for (const end = Date.now() + seconds * 1000; Date.now() < end && !stop(); await sleep(250)) {
    if (incidents.every((x) => seen.firstTask.has(x.id))) return true;
    const [d] = (await pg.query(sql, [PLAN_DISPATCHER])).rows;
    if (d.taken >= taken && d.unpublished === 0 && wall() - lastArrival > 2000) return true;
  }
  return false;
}

// ─── the run ───

async function main(): Promise<void> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      progress(`${signal}: cleaning up (again to exit at once)`);
    });
  }
  const stop = () => interrupted || dispatcherExit !== null;
  const kafka = new Kafka({
    clientId: 'bench-admin',
    brokers: SERVICES.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const stream = new KafkaEventStream({
    brokers: SERVICES.kafkaBrokers,
    clientId: `bench-${RUN}`,
    topics: ALL_TOPICS,
    namespace: NAMESPACE,
    log: (level, message) => KAFKAJS_NOTICES.test(message) || progress(`${level}: ${message}`),
  });
  let db: TestDatabase | undefined;
  let pool: Pool | undefined;
  const timers: NodeJS.Timeout[] = [];
  try {
    db = await createTestDatabase('erp_bench_dispatch');
    progress(`database ${db.name}, namespace ${NAMESPACE}; ${RATE}/s, ${WARMUP_SECONDS} s + ${SECONDS} s`);
    await startDispatcher(db.url);
    await admin.connect();
    // A dist/ built before KAFKA_NAMESPACE existed would use the shared topics: refuse to measure that.
    if (!(await admin.listTopics()).includes(`${NAMESPACE}.${Topics.incidents}`)) {
      throw new Error(
        `the dispatcher made no ${NAMESPACE}.* topics: dist/ predates KAFKA_NAMESPACE, rebuild`,
      );
    }
    const pg = (pool = new Pool({ connectionString: db.url, max: 2, application_name: 'bench' }));
    const warm = makeIncidents(Math.round(RATE * WARMUP_SECONDS));
    const measured = makeIncidents(Math.round(RATE * SECONDS));
    await insertIncidents(pg, [...warm, ...measured]);
    decodeEnvelope(classified(warm[0]).value); // a bad envelope fails here, not as a run of dead letters

    await stream.start();
    const topics = [Topics.incidents, Topics.commandStructure, Topics.deadLetter];
    await stream.subscribe(
      'bench-observer',
      topics,
      eachRecord(async (r) => observe(r)),
    );
    const teamsBack = `UPDATE units SET team_status = 'available', updated_at = now()
                        WHERE kind = 'rescue_team' AND team_status <> 'available'`;
    if (TEAMS_RETURN) timers.push(setInterval(() => void pg.query(teamsBack).catch(() => undefined), 1000));
    // Cold start: the dispatcher's JIT, pools and consumer fetches settle (its p99 does within ~15 s here).
    const cold = await produce(stream, warm, stop);
    if (!(await drain(pg, warm, warm.length, 60, stop))) throw new Error('the warm-up did not drain in 60 s');
    counts = {};
    progress(`warm-up done (${warm.length} incidents); measuring`);

    const broker = brokerPid();
    const peak = { dispatcherRssMb: 0, brokerRssMb: 0, outboxBacklog: 0 };
    const backlog = `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`;
    timers.push(
      setInterval(() => {
        peak.dispatcherRssMb = Math.max(peak.dispatcherRssMb, usage(dispatcher?.pid).rssMb);
        peak.brokerRssMb = Math.max(peak.brokerRssMb, usage(broker).rssMb);
        pg.query(backlog).then(
          (r) => (peak.outboxBacklog = Math.max(peak.outboxBacklog, r.rows[0].n)),
          () => 0,
        );
      }, 1000),
    );
    const cpu0 = cpuNow(broker);
    const load = await produce(stream, measured, stop);
    const cpu1 = cpuNow(broker);
    progress(`produced ${load.sent.length} in ${load.seconds.toFixed(1)} s; draining`);

    await drain(pg, load.sent, warm.length + load.sent.length, DRAIN_SECONDS, stop);
    timers.splice(0).forEach(clearInterval);
    await report(pg, { load, cold, cpu0, cpu1, peak, interrupted });
  } finally {
    timers.forEach(clearInterval);
    await stream.stop().catch(() => undefined);
    await stopDispatcher();
    await pool?.end().catch(() => undefined);
    await forgetNamespace(admin);
    if (db && !KEEP_DB) await db.drop().catch((e: Error) => progress(`dropping ${db?.name}: ${e.message}`));
    else if (db) progress(`kept database ${db.name}`);
  }
}

type Load = Awaited<ReturnType<typeof produce>>;
type Cpu = ReturnType<typeof cpuNow>;

interface Run {
  load: Load;
  cold: Load;
  cpu0: Cpu;
  cpu1: Cpu;
  peak: Record<'dispatcherRssMb' | 'brokerRssMb' | 'outboxBacklog', number>;
  interrupted: boolean;
}

async function report(pool: Pool, { load, cold, cpu0, cpu1, peak, interrupted }: Run): Promise<void> {
  const produced = load.sent.length;
  const latency = dist(load.sent.map(load.latencyOf));
  // Per second of load (by due time): a queue building up looks different from scattered stalls.
  const perSecond = Array.from({ length: Math.ceil(produced / RATE) }, (_, i) =>
    dist(load.sent.slice(i * RATE, (i + 1) * RATE).map(load.latencyOf)),
  );
  const lastTasked = load.sent.reduce((m, x) => Math.max(m, seen.firstTask.get(x.id) ?? 0), load.start);
  // Where the time goes, from timestamps the dispatcher leaves in PostgreSQL: its transaction's start (the
  // inbox mark's processed_at), the tasks' recordedAt (decision made, before the outbox insert), and the
  // relay's transaction start (published_at).
  const { rows: marks } = await pool.query<{ id: string; begun: number; recorded: number; relayed: number }>(
    `SELECT o.partition_key AS id, extract(epoch FROM p.processed_at) * 1000 AS begun,
            extract(epoch FROM min((o.envelope->>'recordedAt')::timestamptz)) * 1000 AS recorded,
            extract(epoch FROM min(o.published_at)) * 1000 AS relayed
       FROM outbox o JOIN processed_events p
         ON p.consumer = $1 AND p.event_id = (o.envelope->>'causationId')::uuid
      WHERE o.envelope->>'type' = 'TaskDispatched'
      GROUP BY o.partition_key, p.processed_at`,
    [PLAN_DISPATCHER],
  );
  const stages: Record<string, number[]> = { queued: [], decided: [], relayed: [], observed: [] };
  for (const m of marks) {
    const [due, at] = [load.due.get(m.id), seen.firstTask.get(m.id)];
    if (due === undefined || at === undefined) continue;
    stages.queued.push(m.begun - due);
    stages.decided.push(m.recorded - m.begun);
    stages.relayed.push(m.relayed - m.recorded);
    stages.observed.push(at - m.relayed);
  }
  const ids = load.sent.map((x) => x.id);
  const [check] = (
    await pool.query(
      `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM tasks GROUP BY incident_id, unit_id, role
                HAVING count(*) > 1) d) AS duplicates,
              (SELECT count(*)::int FROM incidents i WHERE i.id = ANY($1::uuid[]) AND NOT EXISTS
                (SELECT 1 FROM tasks t WHERE t.incident_id = i.id AND t.role = 'lead')) AS without_lead,
              (SELECT count(*)::int FROM tasks WHERE incident_id = ANY($1::uuid[])) AS tasks,
              (SELECT count(DISTINCT t.incident_id)::int FROM tasks t JOIN units u ON u.id = t.unit_id
                WHERE u.kind = 'rescue_team' AND t.incident_id = ANY($1::uuid[])) AS with_team`,
      [ids],
    )
  ).rows;
  const cpu = Object.fromEntries(
    Object.keys(cpu1).map((k) => [k, cpu1[k as keyof Cpu] - cpu0[k as keyof Cpu]]),
  );
  const result = {
    run: RUN,
    namespace: NAMESPACE,
    at: new Date().toISOString(),
    knobs: { RATE, SECONDS, WARMUP_SECONDS, DRAIN_SECONDS, TEAMS_RETURN },
    interrupted,
    produced,
    achievedPerSecond: latency.n! / Math.max(load.seconds, (lastTasked - load.start) / 1000),
    latencyMs: latency,
    pass: latency.p99 !== null && latency.p99 < TARGET_P99_MS && latency.n === produced,
    withoutTasksAfterDrain: produced - latency.n!,
    coldStartLatencyMs: dist(cold.sent.map(cold.latencyOf)),
    stagesMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, dist(v)])),
    latencyPerSecondMs: perSecond.map(({ p50, p99, max }) => ({ p50, p99, max })),
    tasksPerIncident: dist(ids.map((id) => seen.tasks.get(id) ?? 0)),
    incidentsWithTeam: check.with_team,
    incidentsWithBreach: ids.filter((id) => seen.breached.has(id)).length,
    eventsObserved: counts,
    database: {
      tasks: check.tasks,
      duplicateTasks: check.duplicates,
      incidentsWithoutLead: check.without_lead,
    },
    dispatcherLog: { warn: dispatcherLog.warn, error: dispatcherLog.error, samples: dispatcherLog.samples },
    cpuSecondsUnderLoad: cpu,
    peaks: peak,
  };
  const p99s = perSecond.map((d) => d.p99 ?? NaN);
  const tenth = (i: number) =>
    p99s.slice(Math.floor((i * p99s.length) / 10), Math.floor(((i + 1) * p99s.length) / 10));
  const s = result.stagesMs;
  const lines = [
    `classified → tasks persisted and published (services mode, real Kafka + PostgreSQL), run ${RUN}`,
    `  load        ${produced} IncidentClassified, ${RATE}/s for ${load.seconds.toFixed(1)} s, open loop, after ${WARMUP_SECONDS} s of warm-up${interrupted ? ' (INTERRUPTED)' : ''}`,
    `  teams       ${TEAMS_RETURN ? 'all dispatched teams set back to available every second' : 'never returned (after ~39 incidents, breaches only)'}`,
    `  latency     ${fmt(latency)}  target p99 < ${TARGET_P99_MS} ms: ${result.pass ? 'PASS' : 'FAIL'}`,
    `  over time   worst per-second p99, each tenth of the load: ${[...Array(10).keys()].map((i) => f(dist(tenth(i)).max)).join(' ')}`,
    `  cold start  ${fmt(result.coldStartLatencyMs)} (the warm-up, not counted above)`,
    `  rate        ${result.achievedPerSecond.toFixed(1)} incidents tasked/s; ${result.withoutTasksAfterDrain} without tasks after the drain`,
    `  stages      due → dispatcher's transaction begins  ${fmt(s.queued)}`,
    `              → decision made, tasks written        ${fmt(s.decided)}`,
    `              → committed, relay's pass begins      ${fmt(s.relayed)}`,
    `              → TaskDispatched at the observer      ${fmt(s.observed)}`,
    `  tasks       ${check.tasks} in PostgreSQL; per incident p50 ${f(result.tasksPerIncident.p50)}, max ${f(result.tasksPerIncident.max)}`,
    `  incidents   ${check.with_team} got a rescue team; ${result.incidentsWithBreach} had a breach predicted`,
    `  events      ${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  checks      duplicate (incident, unit, role): ${check.duplicates}; incidents without a lead task: ${check.without_lead}`,
    `  dispatcher  peak RSS ${peak.dispatcherRssMb.toFixed(0)} MB; log lines: ${dispatcherLog.warn} warn, ${dispatcherLog.error} error`,
    `  broker      peak RSS ${peak.brokerRssMb.toFixed(0)} MB; outbox peak backlog ${peak.outboxBacklog}`,
    `  CPU s       under load: ${Object.entries(cpu)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}`,
    ...dispatcherLog.samples.map((l) => `  log sample  ${l}`),
    `  (a shared 2-core machine: whatever else runs on it shows in these figures)`,
  ];
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `classified-to-tasks-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write([...lines, `  json        ${path.relative(ROOT, file)}`, ''].join('\n'));
}

/** The namespace's groups and topics were this run's alone: leave the broker as it was. */
async function forgetNamespace(admin: Admin): Promise<void> {
  const ours = (name: string) => name.startsWith(`${NAMESPACE}.`);
  try {
    await admin.deleteGroups((await admin.listGroups()).groups.map((g) => g.groupId).filter(ours));
    await admin.deleteTopics({ topics: (await admin.listTopics()).filter(ours) });
  } catch (e) {
    progress(`leaving ${NAMESPACE}.* on the broker: ${(e as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    progress(`failed: ${e.message}`);
    process.exit(1);
  },
);
