/**
 * Issue 3: services mode on this machine, real Kafka / PostgreSQL / Redis.
 *
 * Spawns the five services-mode apps from `dist/` as separate processes against a fresh database, drives
 * BENCH_RATE alarms/s for BENCH_SECONDS open-loop into alarm intake, and observes, on Kafka, when each
 * accepted alarm is handled: IncidentClassified of the incident it opened, or AlarmJoinedIncident when it
 * joined one. Then, with the apps stopped, measures the raw ceilings of the same machine (kafkajs
 * produce → consume of the same payloads; a bare PostgreSQL insert loop) and reports the pipeline as a
 * ratio of each, with RSS and CPU of every process and a breakdown of where the time goes.
 *
 *   npm run bench                                   (builds, starts deploy/kafka, runs this file)
 *   BENCH_RATE=100 BENCH_SECONDS=10 npm run bench   (a short run)
 *
 * Knobs (all bounded): BENCH_RATE (1000), BENCH_SECONDS (60), BENCH_DRAIN_SECONDS (120),
 * BENCH_MAX_IN_FLIGHT (2000), BENCH_FETCH_WAIT_MS (0, the apps' default: the apps' KAFKA_FETCH_WAIT_MS), BENCH_IDLE_SECONDS (10: the apps at rest, before the load, for a CPU
 * baseline), BENCH_RAW_PACED_SECONDS (min(BENCH_SECONDS, 30)), BENCH_PG_SECONDS (10), BENCH_PROFILE (apps to CPU-profile, e.g. dispatcher), BENCH_KEEP_DB (unset:
 * the database is dropped at the end). Output: a text report on stdout, the same as JSON (with every figure)
 * in bench/results/intake-<time>.json; progress on stderr.
 * Loopback only. The apps run under their own KAFKA_NAMESPACE (topics and groups deleted at the end), so the
 * suite or another run on the same broker does not mix in; they still share the machine's CPUs.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Admin, Consumer, Kafka, logLevel, LogEntry } from 'kafkajs';
// The bench's own Kafka clients (load observer, raw ceilings) get the apps' kafkajs idle-timer fix too.
import '@erp/event-stream';
import { Client, Pool } from 'pg';
import { format, resolveConfig } from 'prettier';
import { Topics } from '@erp/contracts';
import { BAZHOU } from '@erp/domain';
import {
  createTestDatabase,
  dropRunNamespace,
  runNamespace,
  SERVICES,
  TestDatabase,
} from '../test/support/services';

// ───────────────────────────── configuration ─────────────────────────────

function knob(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    process.stderr.write(`bench: ${name} must be a number in (0, ${max}], got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return n;
}

const RATE = knob('BENCH_RATE', 1000, 20_000);
const SECONDS = knob('BENCH_SECONDS', 60, 600);
const DRAIN_SECONDS = knob('BENCH_DRAIN_SECONDS', 120, 900);
const MAX_IN_FLIGHT = Math.floor(knob('BENCH_MAX_IN_FLIGHT', 2000, 20_000));
const RAW_PACED_SECONDS = knob('BENCH_RAW_PACED_SECONDS', Math.min(SECONDS, 30), 60);
const PG_SECONDS = knob('BENCH_PG_SECONDS', 10, 60);
const KEEP_DB = !!process.env.BENCH_KEEP_DB;
const FETCH_WAIT_MS = ['', '0', undefined].includes(process.env.BENCH_FETCH_WAIT_MS)
  ? 0
  : knob('BENCH_FETCH_WAIT_MS', 10, 500);
const TARGET_P99_MS = 200;
/** Reported apart, for information: alarms due in the first seconds meet a cold system. */
const WARM_UP_SECONDS = 15;
const PROFILED = (process.env.BENCH_PROFILE ?? '').split(',').filter(Boolean);

const ROOT = path.resolve(__dirname, '..');
const APPS = ['alarm-intake', 'dispatcher', 'escalator', 'duty-console', 'audit'] as const;
type AppName = (typeof APPS)[number];
const SOURCE_KEY = 'bench-source-key-0001';
const JWT_SECRET = 'bench-jwt-secret-0123456789abcdef';
const TYPES = ['fire', 'traffic_accident', 'gas_leak', 'landslide'] as const;
const BOX = { minLat: 31.62, maxLat: 32.0, minLon: 106.58, maxLon: 106.98 };
const HEALTH_TIMEOUT_MS = 90_000;
const REQUEST_TIMEOUT_MS = 60_000;
const RUN = randomBytes(3).toString('hex');
/** The run's own topics and groups on the broker (KAFKA_NAMESPACE): safe beside the test suite or another run. */
const NAMESPACE = `bench-intake-${RUN}`;
const onBroker = (name: string) => `${NAMESPACE}.${name}`;
const IDLE_SECONDS = knob('BENCH_IDLE_SECONDS', 10, 60);
const KAFKAJS_NOTICES = /switched default partitioner|Limiting retries for the idempotent producer/;

const wall = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const out = (line = '') => process.stdout.write(line + '\n');
const progress = (line: string) => process.stderr.write(`[bench ${new Date().toISOString()}] ${line}\n`);
const execFileP = promisify(execFile);

// ───────────────────────────── statistics ─────────────────────────────

interface Dist {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

function dist(values: number[]): Dist {
  const v = Float64Array.from(values.filter((x) => Number.isFinite(x))).sort();
  const at = (p: number) =>
    v.length ? v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)] : null;
  const sum = v.reduce((s, x) => s + x, 0);
  return {
    n: v.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: v.length ? v[v.length - 1] : null,
    mean: v.length ? sum / v.length : null,
  };
}

const ms = (x: number | null) =>
  x === null ? '—' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(1)}`;
const withUnit = (x: number | null) =>
  x === null ? '—' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(1)} ms`;
const fmtDist = (d: Dist) =>
  `n=${d.n}  p50 ${ms(d.p50)}  p95 ${ms(d.p95)}  p99 ${ms(d.p99)}  max ${ms(d.max)}  (ms)`;
const rate = (n: number, seconds: number) => (seconds > 0 ? n / seconds : 0);
const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : '—');

// ───────────────────────────── child processes ─────────────────────────────

interface App {
  name: AppName;
  port: number;
  child: ChildProcess;
  lines: string[];
  levels: Record<string, number>;
  samples: string[];
  deadLettered: number;
  exited: string | null;
}

const apps: App[] = [];

function tailOf(app: App, n = 40): string {
  return app.lines.slice(-n).join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function capture(app: App, stream: NodeJS.ReadableStream | null): void {
  if (!stream) return;
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (!line) continue;
      app.lines.push(line.length > 2000 ? line.slice(0, 2000) + '…' : line);
      if (app.lines.length > 300) app.lines.splice(0, app.lines.length - 300);
      let level = 'text';
      let message = line;
      if (line.startsWith('{')) {
        try {
          const parsed = JSON.parse(line) as { level?: string; message?: unknown };
          level = parsed.level ?? 'json';
          const m = parsed.message as { message?: unknown } | string | undefined;
          message =
            typeof m === 'string' ? m : typeof m?.message === 'string' ? m.message : JSON.stringify(m);
        } catch {
          /* a partial or non-JSON line */
        }
      }
      // kafkajs' two start-up notices (partitioner, idempotent retries) are the same in every app: noise.
      if (KAFKAJS_NOTICES.test(message)) level = 'kafkajs notice';
      app.levels[level] = (app.levels[level] ?? 0) + 1;
      if (message.includes('dead-lettered')) app.deadLettered++;
      if ((level === 'warn' || level === 'error' || level === 'fatal') && app.samples.length < 4) {
        const s = `${level}: ${message.slice(0, 240)}`;
        if (!app.samples.includes(s)) app.samples.push(s);
      }
    }
  });
}

async function spawnApp(name: AppName, databaseUrl: string): Promise<App> {
  const main = path.join(ROOT, 'dist', 'apps', name, 'src', 'main.js');
  const port = await freePort();
  // BENCH_PROFILE=<app>[,<app>]: a V8 CPU profile of those apps, written when they stop.
  const profile = PROFILED.includes(name)
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench', 'results', `profile-${RUN}`)}`]
    : [];
  const child = spawn(process.execPath, [...profile, main], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: databaseUrl,
      REDIS_URL: SERVICES.redisUrl,
      KAFKA_BROKERS: SERVICES.kafkaBrokers.join(','),
      JWT_SECRET,
      DEMO_SOURCE_KEY: SOURCE_KEY,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      KAFKA_CLIENT_ID: 'bench',
      // The default 0 since consumers take batches: at 1,000/s it handled 801/s against 577/s with 10 ms,
      // whose empty fetches every 10 ms also cost ~15% of a core at rest.
      KAFKA_FETCH_WAIT_MS: String(FETCH_WAIT_MS),
      ...runNamespace(NAMESPACE),
    },
  });
  const app: App = { name, port, child, lines: [], levels: {}, samples: [], deadLettered: 0, exited: null };
  capture(app, child.stdout);
  capture(app, child.stderr);
  child.on('exit', (code, signal) => (app.exited = signal ? `signal ${signal}` : `code ${code}`));
  apps.push(app);
  return app;
}

async function waitHealthy(app: App): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (app.exited) break;
    try {
      const res = await fetch(`http://127.0.0.1:${app.port}/health`, { signal: AbortSignal.timeout(3000) });
      last = `${res.status} ${await res.text()}`;
      if (res.status === 200) return;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(250);
  }
  throw new Error(
    `${app.name} not healthy on :${app.port} (${app.exited ? `exited, ${app.exited}` : `last: ${last.slice(0, 300)}`});` +
      ` its output, last lines:\n${tailOf(app)}`,
  );
}

async function stopApps(): Promise<void> {
  const alive = apps.filter((a) => !a.exited);
  for (const a of alive) a.child.kill('SIGTERM');
  const deadline = Date.now() + 20_000;
  while (alive.some((a) => !a.exited) && Date.now() < deadline) await sleep(100);
  for (const a of alive) if (!a.exited) a.child.kill('SIGKILL');
  const hard = Date.now() + 5000;
  while (alive.some((a) => !a.exited) && Date.now() < hard) await sleep(50);
}

process.on('exit', () => {
  for (const a of apps) if (!a.exited) a.child.kill('SIGKILL');
});

// ───────────────────────────── resource sampling ─────────────────────────────

interface ProcStat {
  label: string;
  pids: number[];
  rssMaxKb: number;
  rssLastKb: number;
  pssLastKb: number | null;
  pssMaxKb: number | null;
  cpuTicks: number;
  marks: Record<string, number>;
  rssMarksKb: Record<string, number>;
  rssMaxMarksKb: Record<string, number>;
  pssMaxMarksKb: Record<string, number | null>;
}

class Sampler {
  readonly procs = new Map<string, ProcStat>();
  readonly machineMarks: Record<string, { busy: number; total: number }> = {};
  readonly loadAvg: Record<string, number[]> = {};
  /** Most jest processes seen at once while sampling: the test suite shares our consumer groups. */
  jestMax = 0;
  private readonly lastTicks = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private busy = false;
  private readonly clkTck = 100;

  constructor(private readonly fixed: () => { label: string; pid: number }[]) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Samples now and remembers CPU counters under `name` (load-start, load-end…). */
  async mark(name: string): Promise<void> {
    while (this.busy) await sleep(20);
    await this.sample();
    for (const p of this.procs.values()) {
      p.marks[name] = p.cpuTicks;
      p.rssMarksKb[name] = p.rssLastKb;
      p.rssMaxMarksKb[name] = p.rssMaxKb;
      p.pssMaxMarksKb[name] = p.pssMaxKb;
    }
    this.machineMarks[name] = machineCpu();
    this.loadAvg[name] = os.loadavg();
  }

  cpuSeconds(label: string, from: string, to: string): number | null {
    const p = this.procs.get(label);
    if (!p || p.marks[from] === undefined || p.marks[to] === undefined) return null;
    return (p.marks[to] - p.marks[from]) / this.clkTck;
  }

  machineBusy(from: string, to: string): number | null {
    const a = this.machineMarks[from];
    const b = this.machineMarks[to];
    if (!a || !b || b.total === a.total) return null;
    return (b.busy - a.busy) / (b.total - a.total);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const targets = this.fixed();
      this.jestMax = Math.max(this.jestMax, (await pgrep('node_modules/.bin/jest', true)).length);
      for (const name of ['postgres', 'redis-server']) {
        for (const pid of await pgrep(name))
          targets.push({ label: name === 'postgres' ? 'postgres (all)' : 'redis', pid });
      }
      const rss = await psRss(targets.map((t) => t.pid));
      const seen = new Map<string, { rss: number; pss: number | null; pids: number[] }>();
      for (const t of targets) {
        const kb = rss.get(t.pid);
        if (kb === undefined) continue;
        const ticks = cpuTicksOf(t.pid);
        let p = this.procs.get(t.label);
        if (!p) {
          p = {
            label: t.label,
            pids: [],
            rssMaxKb: 0,
            rssLastKb: 0,
            pssLastKb: null,
            pssMaxKb: null,
            cpuTicks: 0,
            marks: {},
            rssMarksKb: {},
            rssMaxMarksKb: {},
            pssMaxMarksKb: {},
          };
          this.procs.set(t.label, p);
        }
        if (ticks !== null) {
          const before = this.lastTicks.get(t.pid);
          if (before !== undefined && ticks >= before) p.cpuTicks += ticks - before;
          this.lastTicks.set(t.pid, ticks);
        }
        const s = seen.get(t.label) ?? { rss: 0, pss: t.label === 'postgres (all)' ? 0 : null, pids: [] };
        s.rss += kb;
        s.pids.push(t.pid);
        if (s.pss !== null) s.pss += pssOf(t.pid) ?? 0;
        seen.set(t.label, s);
      }
      for (const [label, s] of seen) {
        const p = this.procs.get(label);
        if (!p) continue;
        p.pids = s.pids;
        p.rssLastKb = s.rss;
        p.rssMaxKb = Math.max(p.rssMaxKb, s.rss);
        if (s.pss !== null) {
          p.pssLastKb = s.pss;
          p.pssMaxKb = Math.max(p.pssMaxKb ?? 0, s.pss);
        }
      }
    } catch (e) {
      progress(`sampler: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }
}

async function pgrep(name: string, fullCommandLine = false): Promise<number[]> {
  try {
    const { stdout } = await execFileP('pgrep', [fullCommandLine ? '-f' : '-x', name]);
    return stdout.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function psRss(pids: number[]): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  if (!pids.length) return result;
  let stdout = '';
  try {
    stdout = (await execFileP('ps', ['-o', 'pid=,rss=', '-p', pids.join(',')])).stdout;
  } catch (e) {
    stdout = (e as { stdout?: string }).stdout ?? ''; // ps exits 1 when one of the pids is gone
  }
  for (const line of stdout.split('\n')) {
    const [pid, kb] = line.trim().split(/\s+/).map(Number);
    if (Number.isFinite(pid) && Number.isFinite(kb)) result.set(pid, kb);
  }
  return result;
}

function cpuTicksOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
  } catch {
    return null;
  }
}

function pssOf(pid: number): number | null {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((s, x) => s + x, 0);
  const idle = v[3] + v[4];
  return { busy: total - idle, total };
}

// ───────────────────────────── load generation ─────────────────────────────

interface Alarm {
  due: number;
  sentAt: number;
  acceptedAt: number;
  status: number; // HTTP status; -1 not sent (in-flight cap), 0 transport error
  alarmId: string | null;
  dispatchable: boolean;
}

function alarmBody(i: number): { body: Record<string, unknown>; dispatchable: boolean } {
  const lat = BOX.minLat + Math.random() * (BOX.maxLat - BOX.minLat);
  const lon = BOX.minLon + Math.random() * (BOX.maxLon - BOX.minLon);
  const location = { lat: Number(lat.toFixed(5)), lon: Number(lon.toFixed(5)) };
  return {
    body: {
      source: 'demo-source',
      externalId: `bench-${RUN}-${i}`,
      type: TYPES[i % TYPES.length],
      occurredAt: new Date().toISOString(),
      location,
      description: 'bench',
    },
    dispatchable: BAZHOU.locate(location) !== undefined,
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function postAlarm(port: number, body: string): Promise<{ status: number; text: string; error?: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/alarms',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-api-key': SOURCE_KEY,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', (e) => resolve({ status: 0, text, error: e.message }));
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', (e) =>
      resolve({ status: 0, text: '', error: (e as NodeJS.ErrnoException).code ?? e.message }),
    );
    req.end(body);
  });
}

// ───────────────────────────── Kafka observation ─────────────────────────────

interface Observed {
  incidentOfOpener: Map<string, string>; // alarmId → incidentId (IncidentOpened)
  openedArrival: Map<string, number>; // alarmId → arrival of IncidentOpened
  classifiedArrival: Map<string, number>; // incidentId → arrival of IncidentClassified
  joinedArrival: Map<string, number>; // alarmId → arrival of AlarmJoinedIncident
  joinedIncident: Map<string, string>; // alarmId → incidentId
  alarmReceivedArrival: Map<string, number>; // alarmId → arrival of AlarmReceived
  alarmReceivedRecordedAt: Map<string, number>;
  counts: Record<string, number>;
}

function kafkaClient(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: SERVICES.kafkaBrokers,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        if (level <= logLevel.WARN && !KAFKAJS_NOTICES.test(String(log.message)))
          progress(`kafkajs ${clientId}: ${log.message}`);
      },
  });
}

/** Points a new consumer group at the current end of `topic`, so it reads only what comes next. */
async function startGroupAtEnd(admin: Admin, groupId: string, topic: string): Promise<void> {
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.setOffsets({
    groupId,
    topic,
    partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })),
  });
}

function joined(consumer: Consumer, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`consumer did not join within ${timeoutMs} ms`)),
      timeoutMs,
    );
    consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function observe(
  kafka: Kafka,
  admin: Admin,
  obs: Observed,
): Promise<{ consumer: Consumer; group: string }> {
  const group = `bench-${RUN}-${randomBytes(3).toString('hex')}`;
  // A fresh group would start at the beginning (fromBeginning: true below); it is pointed at the end
  // first, so it neither misses the run's first events nor replays the topics' history.
  for (const topic of [Topics.incidents, Topics.alarms]) await startGroupAtEnd(admin, group, onBroker(topic));
  const consumer = kafka.consumer({ groupId: group, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({
    topics: [onBroker(Topics.incidents), onBroker(Topics.alarms)],
    fromBeginning: true,
  });
  const join = joined(consumer, 60_000);
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      const t = wall();
      for (const m of batch.messages) {
        if (!m.value) continue;
        let e: { type: string; recordedAt: string; payload: { alarmId?: string; incidentId?: string } };
        try {
          e = JSON.parse(m.value.toString('utf8'));
        } catch {
          continue;
        }
        obs.counts[e.type] = (obs.counts[e.type] ?? 0) + 1;
        const p = e.payload ?? {};
        switch (e.type) {
          case 'AlarmReceived':
            if (p.alarmId && !obs.alarmReceivedArrival.has(p.alarmId)) {
              obs.alarmReceivedArrival.set(p.alarmId, t);
              obs.alarmReceivedRecordedAt.set(p.alarmId, Date.parse(e.recordedAt));
            }
            break;
          case 'IncidentOpened':
            if (p.alarmId && p.incidentId && !obs.incidentOfOpener.has(p.alarmId)) {
              obs.incidentOfOpener.set(p.alarmId, p.incidentId);
              obs.openedArrival.set(p.alarmId, t);
            }
            break;
          case 'IncidentClassified':
            if (p.incidentId && !obs.classifiedArrival.has(p.incidentId))
              obs.classifiedArrival.set(p.incidentId, t);
            break;
          case 'AlarmJoinedIncident':
            if (p.alarmId && p.incidentId && !obs.joinedArrival.has(p.alarmId)) {
              obs.joinedArrival.set(p.alarmId, t);
              obs.joinedIncident.set(p.alarmId, p.incidentId);
            }
            break;
        }
      }
    },
  });
  await join;
  return { consumer, group };
}

/** When the alarm was handled as far as this issue is concerned: classified, or joined to an incident. */
function handledAt(obs: Observed, alarmId: string): { at: number; how: 'opened' | 'joined' } | null {
  const incident = obs.incidentOfOpener.get(alarmId);
  if (incident) {
    const at = obs.classifiedArrival.get(incident);
    return at === undefined ? null : { at, how: 'opened' };
  }
  const j = obs.joinedArrival.get(alarmId);
  return j === undefined ? null : { at: j, how: 'joined' };
}

async function groupLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [high, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const parts = committed[0]?.partitions ?? [];
  let lag = 0;
  for (const h of high) {
    const c = parts.find((p) => p.partition === h.partition);
    const at = c && Number(c.offset) >= 0 ? Number(c.offset) : Number(h.low);
    lag += Math.max(0, Number(h.high) - at);
  }
  return lag;
}

// ───────────────────────────── raw ceilings ─────────────────────────────

interface KafkaCeiling {
  messages: number;
  produceSeconds: number;
  producePerSecond: number;
  endToEndSeconds: number;
  endToEndPerSecond: number;
  consumed: number;
  paced: {
    rate: number;
    seconds: number;
    produced: number;
    consumed: number;
    achievedPerSecond: number;
    latency: Dist;
  };
}

async function kafkaCeiling(count: number): Promise<KafkaCeiling> {
  const kafka = kafkaClient('bench-raw');
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench-raw-${RUN}-${randomBytes(3).toString('hex')}`;
  const group = `${topic}-g`;
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
  });
  // The same producer settings as the apps' outbox relay: idempotent, one request in flight, acks=-1.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: group, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let consumed = 0;
  let lastConsumed = 0;
  let pacedConsumed = 0;
  const pacedLatency: number[] = [];
  const join = joined(consumer, 60_000);
  await consumer.run({
    // One message at a time, three partitions concurrently; decoding only: the broker's and kafkajs' own ceiling.
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ message }) => {
      const t = wall();
      JSON.parse(message.value?.toString('utf8') ?? '{}');
      const due = message.headers?.due;
      if (due) {
        pacedConsumed++;
        pacedLatency.push(t - Number(due.toString()));
      } else {
        consumed++;
        lastConsumed = t;
      }
    },
  });
  await join;
  try {
    // (1) flood: as fast as the producer goes, in batches of 500 (the relay's batch size).
    const payloads: string[] = [];
    for (let i = 0; i < count; i++) payloads.push(JSON.stringify(alarmBody(i).body));
    const t0 = wall();
    const deadline = t0 + 60_000;
    let produced = 0;
    for (let i = 0; i < count && wall() < deadline; i += 500) {
      const batch = payloads.slice(i, i + 500);
      await producer.send({
        topic,
        acks: -1,
        messages: batch.map((value, k) => ({ key: `k-${i + k}`, value })),
      });
      produced += batch.length;
    }
    const t1 = wall();
    while (consumed < produced && wall() < t1 + 60_000) await sleep(20);
    const flood = {
      messages: produced,
      produceSeconds: (t1 - t0) / 1000,
      producePerSecond: rate(produced, (t1 - t0) / 1000),
      endToEndSeconds: (lastConsumed - t0) / 1000,
      endToEndPerSecond: rate(consumed, (lastConsumed - t0) / 1000),
      consumed,
    };
    progress(
      `raw kafka flood: ${produced} produced at ${flood.producePerSecond.toFixed(0)}/s, ${consumed} consumed at ${flood.endToEndPerSecond.toFixed(0)}/s`,
    );

    // (2) paced at BENCH_RATE, open loop: every due message goes out in the next send (one in flight).
    const total = Math.round(RATE * RAW_PACED_SECONDS);
    const p0 = wall() + 20;
    let next = 0;
    const pacedDeadline = p0 + RAW_PACED_SECONDS * 1000 + 30_000;
    while (next < total && wall() < pacedDeadline) {
      const due = Math.min(total, Math.floor(((wall() - p0) * RATE) / 1000) + 1);
      if (due <= next) {
        await sleep(1);
        continue;
      }
      const messages: { key: string; value: string; headers: Record<string, string> }[] = [];
      for (; next < due; next++) {
        messages.push({
          key: `p-${next}`,
          value: payloads[next % payloads.length] ?? '{}',
          headers: { due: String(p0 + (next * 1000) / RATE) },
        });
      }
      await producer.send({ topic, acks: -1, messages });
    }
    const pEnd = wall();
    while (pacedConsumed < next && wall() < pEnd + 30_000) await sleep(20);
    const pacedSeconds = (wall() - p0) / 1000;
    const paced = {
      rate: RATE,
      seconds: RAW_PACED_SECONDS,
      produced: next,
      consumed: pacedConsumed,
      achievedPerSecond: rate(pacedConsumed, Math.max(RAW_PACED_SECONDS, pacedSeconds)),
      latency: dist(pacedLatency),
    };
    progress(`raw kafka paced: ${next} at ${RATE}/s, latency ${fmtDist(paced.latency)}`);
    return { ...flood, paced };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

interface PgCeiling {
  clients: number;
  seconds: number;
  singleInsert: { count: number; perSecond: number; latency: Dist };
  intakeShaped: { count: number; perSecond: number; latency: Dist };
}

async function postgresCeiling(databaseUrl: string): Promise<PgCeiling> {
  const pool = new Pool({ connectionString: databaseUrl, max: 8, application_name: 'bench-raw' });
  try {
    await pool.query(`CREATE TABLE bench_raw_alarms (id uuid PRIMARY KEY, source text NOT NULL,
      external_id text NOT NULL, type text NOT NULL, occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL, township_code text, lat double precision, lon double precision,
      description text NOT NULL, status text NOT NULL, facts jsonb NOT NULL DEFAULT '{}')`);
    await pool.query(`CREATE UNIQUE INDEX ON bench_raw_alarms (source, external_id)`);
    await pool.query(`CREATE TABLE bench_raw_outbox (id bigserial PRIMARY KEY, event_id uuid UNIQUE NOT NULL,
      topic text NOT NULL, partition_key text NOT NULL, envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz)`);
    let seq = 0;
    const row = () => {
      const i = seq++;
      const { body } = alarmBody(i);
      const loc = body.location as { lat: number; lon: number };
      return { i, body, loc };
    };
    const insertAlarm = (c: { query: Pool['query'] }, r: ReturnType<typeof row>, prefix: string) =>
      c.query(
        `INSERT INTO bench_raw_alarms (id, source, external_id, type, occurred_at, received_at, township_code,
           lat, lon, description, status, facts)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, now(), '511902001', $5, $6, $7, 'received', $8)
         ON CONFLICT DO NOTHING`,
        [
          'demo-source',
          `${prefix}-${r.i}`,
          r.body.type,
          r.body.occurredAt,
          r.loc.lat,
          r.loc.lon,
          r.body.description,
          JSON.stringify({ casualties: {} }),
        ],
      );
    const loop = async (work: () => Promise<void>) => {
      const latencies: number[] = [];
      let count = 0;
      const deadline = wall() + PG_SECONDS * 1000;
      const t0 = wall();
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (wall() < deadline) {
            const s = wall();
            await work();
            latencies.push(wall() - s);
            count++;
          }
        }),
      );
      const seconds = (wall() - t0) / 1000;
      return { count, perSecond: rate(count, seconds), latency: dist(latencies) };
    };
    // (1) the bare loop: one single-row INSERT per transaction (autocommit).
    const singleInsert = await loop(async () => {
      await insertAlarm(pool, row(), 'single');
    });
    progress(`raw postgres single-row inserts: ${singleInsert.perSecond.toFixed(0)}/s`);
    // (2) intake-shaped: BEGIN; look up the external id; INSERT alarm; INSERT outbox row; COMMIT.
    const intakeShaped = await loop(async () => {
      const c = await pool.connect();
      try {
        const r = row();
        await c.query('BEGIN');
        await c.query('SELECT id FROM bench_raw_alarms WHERE source = $1 AND external_id = $2', [
          'demo-source',
          `shaped-${r.i}`,
        ]);
        await insertAlarm(c, r, 'shaped');
        await c.query(
          `INSERT INTO bench_raw_outbox (event_id, topic, partition_key, envelope) VALUES (gen_random_uuid(), $1, $2, $3)`,
          ['erp.alarms.v1', `shaped-${r.i}`, JSON.stringify({ type: 'AlarmReceived', payload: r.body })],
        );
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    });
    progress(`raw postgres intake-shaped transactions: ${intakeShaped.perSecond.toFixed(0)}/s`);
    return { clients: 8, seconds: PG_SECONDS, singleInsert, intakeShaped };
  } finally {
    await pool.end().catch(() => undefined);
  }
}

// ───────────────────────────── server-side view ─────────────────────────────

interface ServerRow {
  alarmId: string;
  status: string;
  receivedAt: number;
  arCreated: number | null;
  arPublished: number | null;
  dispatchStart: number | null;
  openedAt: number | null; // incidents.opened_at for openers
  classifiedCreated: number | null;
  classifiedPublished: number | null;
  joinedCreated: number | null;
  joinedPublished: number | null;
  /** recordedAt of the dispatcher's IncidentOpened / AlarmJoinedIncident: its events, just before COMMIT. */
  dispatcherRecorded: number | null;
  how: 'opened' | 'joined' | null;
}

async function serverSide(databaseUrl: string): Promise<{
  rows: Map<string, ServerRow>;
  perSecond: Record<string, number[]>;
  statuses: Record<string, number>;
  incidents: number;
  outboxUnpublished: number;
  dispatcherTransactions: number;
}> {
  const c = new Client({ connectionString: databaseUrl, application_name: 'bench-report' });
  await c.connect();
  try {
    const epoch = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;
    const alarms = await c.query<{
      id: string;
      status: string;
      received: number;
      incident_id: string | null;
    }>(
      `SELECT id, status, incident_id, ${epoch('received_at')} AS received FROM alarms WHERE external_id LIKE $1`,
      [`bench-${RUN}-%`],
    );
    const outbox = await c.query<{
      event_id: string;
      type: string;
      alarm_id: string | null;
      incident_id: string | null;
      created: number;
      published: number | null;
      recorded: number;
    }>(
      `SELECT event_id, envelope->>'type' AS type, envelope->'payload'->>'alarmId' AS alarm_id,
              envelope->>'incidentId' AS incident_id, ${epoch('created_at')} AS created, ${epoch('published_at')} AS published,
              ${epoch("(envelope->>'recordedAt')::timestamptz")} AS recorded
         FROM outbox WHERE envelope->>'type' IN ('AlarmReceived', 'IncidentOpened', 'IncidentClassified', 'AlarmJoinedIncident')`,
    );
    const inbox = await c.query<{ event_id: string; at: number }>(
      `SELECT event_id, ${epoch('processed_at')} AS at FROM processed_events WHERE consumer = 'dispatcher'`,
    );
    const incidents = await c.query<{ id: string; opened: number }>(
      `SELECT id, ${epoch('opened_at')} AS opened FROM incidents`,
    );
    const unpublished = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
    );
    const perSecondRows = await c.query<{ what: string; sec: number; n: number }>(
      `SELECT 'intake' AS what, floor(extract(epoch from received_at))::float8 AS sec, count(*)::int AS n
         FROM alarms WHERE external_id LIKE $1 GROUP BY 2
       UNION ALL
       SELECT consumer, floor(extract(epoch from processed_at))::float8, count(*)::int FROM processed_events GROUP BY 1, 2
       UNION ALL
       SELECT 'relay', floor(extract(epoch from published_at))::float8, count(*)::int FROM outbox
         WHERE published_at IS NOT NULL GROUP BY 2`,
      [`bench-${RUN}-%`],
    );
    const perSecond: Record<string, number[]> = {};
    for (const r of perSecondRows.rows) (perSecond[r.what] ??= []).push(r.n);

    const inboxAt = new Map(inbox.rows.map((r) => [r.event_id, r.at]));
    const openedAt = new Map(incidents.rows.map((r) => [r.id, r.opened]));
    const received = new Map<string, { created: number; published: number | null; start: number | null }>();
    const openerIncident = new Map<string, { incidentId: string; recorded: number }>();
    const classified = new Map<string, { created: number; published: number | null }>();
    const joinedRow = new Map<string, { created: number; published: number | null; recorded: number }>();
    for (const r of outbox.rows) {
      if (r.type === 'AlarmReceived' && r.alarm_id)
        received.set(r.alarm_id, {
          created: r.created,
          published: r.published,
          start: inboxAt.get(r.event_id) ?? null,
        });
      else if (r.type === 'IncidentOpened' && r.alarm_id && r.incident_id)
        openerIncident.set(r.alarm_id, { incidentId: r.incident_id, recorded: r.recorded });
      else if (r.type === 'IncidentClassified' && r.incident_id && !classified.has(r.incident_id))
        classified.set(r.incident_id, { created: r.created, published: r.published });
      else if (r.type === 'AlarmJoinedIncident' && r.alarm_id)
        joinedRow.set(r.alarm_id, { created: r.created, published: r.published, recorded: r.recorded });
    }
    const rows = new Map<string, ServerRow>();
    const statuses: Record<string, number> = {};
    for (const a of alarms.rows) {
      statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      const ar = received.get(a.id);
      const opener = openerIncident.get(a.id);
      const inc = opener?.incidentId;
      const cl = inc ? classified.get(inc) : undefined;
      const jn = joinedRow.get(a.id);
      rows.set(a.id, {
        alarmId: a.id,
        status: a.status,
        receivedAt: a.received,
        arCreated: ar?.created ?? null,
        arPublished: ar?.published ?? null,
        dispatchStart: ar?.start ?? null,
        openedAt: inc ? (openedAt.get(inc) ?? null) : null,
        classifiedCreated: cl?.created ?? null,
        classifiedPublished: cl?.published ?? null,
        joinedCreated: jn?.created ?? null,
        joinedPublished: jn?.published ?? null,
        dispatcherRecorded: opener?.recorded ?? jn?.recorded ?? null,
        how: inc ? 'opened' : jn ? 'joined' : null,
      });
    }
    return {
      rows,
      perSecond,
      // A transaction's inbox marks share its start time (now()): one distinct time per transaction.
      dispatcherTransactions: new Set(inbox.rows.map((r) => r.at)).size,
      statuses,
      incidents: incidents.rowCount ?? 0,
      outboxUnpublished: unpublished.rows[0].n,
    };
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * Queue depths every 2 s while the load runs (where the backlog builds is where the bottleneck is), and
 * every 500 ms what each app's PostgreSQL sessions are doing (a poor man's active-session history).
 */
class QueueWatch {
  readonly points: {
    t: number;
    alarms: number;
    awaitingDispatch: number;
    unpublished: number;
    audited: number;
  }[] = [];
  /** application_name → "state / wait" → samples. */
  readonly sessions = new Map<string, Map<string, number>>();
  sessionSamples = 0;
  private timers: NodeJS.Timeout[] = [];
  private busy = { depth: false, sessions: false };
  private client?: Client;
  private sessionClient?: Client;

  constructor(private readonly databaseUrl: string) {}

  async start(): Promise<void> {
    this.client = new Client({ connectionString: this.databaseUrl, application_name: 'bench-watch' });
    this.sessionClient = new Client({ connectionString: this.databaseUrl, application_name: 'bench-watch' });
    await this.client.connect();
    await this.sessionClient.connect();
    this.timers.push(setInterval(() => void this.depth(), 2000));
    this.timers.push(setInterval(() => void this.activity(), 500));
  }

  private async depth(): Promise<void> {
    if (this.busy.depth || !this.client) return;
    this.busy.depth = true;
    try {
      const r = await this.client.query<{
        alarms: number;
        awaitingDispatch: number;
        unpublished: number;
        audited: number;
      }>(
        `SELECT (SELECT count(*) FROM alarms)::int AS alarms,
                (SELECT count(*) FROM alarms WHERE status = 'received')::int AS "awaitingDispatch",
                (SELECT count(*) FROM outbox WHERE published_at IS NULL)::int AS unpublished,
                (SELECT count(*) FROM processed_events WHERE consumer = 'audit')::int AS audited`,
      );
      this.points.push({ t: wall(), ...r.rows[0] });
    } catch (e) {
      progress(`queue watch: ${(e as Error).message}`);
    } finally {
      this.busy.depth = false;
    }
  }

  private async activity(): Promise<void> {
    if (this.busy.sessions || !this.sessionClient) return;
    this.busy.sessions = true;
    try {
      const r = await this.sessionClient.query<{ app: string; what: string; n: number }>(
        `SELECT application_name AS app,
                CASE WHEN state = 'active' THEN 'active: ' || coalesce(wait_event_type || '/' || wait_event, 'on CPU')
                     ELSE coalesce(state, '?') END AS what,
                count(*)::int AS n
           FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'erp-%'
            AND state <> 'idle'
          GROUP BY 1, 2`,
      );
      this.sessionSamples++;
      for (const row of r.rows) {
        const m = this.sessions.get(row.app) ?? new Map<string, number>();
        m.set(row.what, (m.get(row.what) ?? 0) + row.n);
        this.sessions.set(row.app, m);
      }
    } catch (e) {
      progress(`session watch: ${(e as Error).message}`);
    } finally {
      this.busy.sessions = false;
    }
  }

  /** Per app: average number of non-idle sessions by what they were doing. */
  summary(): Record<string, Record<string, number>> {
    const result: Record<string, Record<string, number>> = {};
    for (const [app, m] of this.sessions) {
      result[app] = Object.fromEntries(
        [...m].sort((a, b) => b[1] - a[1]).map(([what, n]) => [what, n / Math.max(1, this.sessionSamples)]),
      );
    }
    return result;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    while (this.busy.depth || this.busy.sessions) await sleep(20);
    await this.client?.end().catch(() => undefined);
    await this.sessionClient?.end().catch(() => undefined);
  }
}

interface DbCounters {
  commits: number;
  rollbacks: number;
  inserted: number;
  updated: number;
  walBytes: number;
}

async function dbCounters(databaseUrl: string): Promise<DbCounters> {
  const c = new Client({ connectionString: databaseUrl, application_name: 'bench-watch' });
  await c.connect();
  try {
    const r = await c.query<{
      commits: string;
      rollbacks: string;
      inserted: string;
      updated: string;
      wal: string;
    }>(
      `SELECT xact_commit AS commits, xact_rollback AS rollbacks, tup_inserted AS inserted, tup_updated AS updated,
              pg_current_wal_lsn() - '0/0'::pg_lsn AS wal
         FROM pg_stat_database WHERE datname = current_database()`,
    );
    const row = r.rows[0];
    return {
      commits: Number(row.commits),
      rollbacks: Number(row.rollbacks),
      inserted: Number(row.inserted),
      updated: Number(row.updated),
      walBytes: Number(row.wal),
    };
  } finally {
    await c.end().catch(() => undefined);
  }
}

// ───────────────────────────── the run ─────────────────────────────

class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

async function main(): Promise<number> {
  const startedIso = new Date().toISOString();
  for (const name of APPS) {
    const main = path.join(ROOT, 'dist', 'apps', name, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  }
  const jest = (await pgrep('node_modules/.bin/jest', true)).length;
  if (jest)
    progress(`warning: ${jest} jest process(es) running: the machine is not quiet, figures will suffer`);

  let db: TestDatabase | undefined;
  let kafkaPid: number | null = null;
  try {
    kafkaPid = Number(readFileSync(path.join(ROOT, '.kafka', 'broker.pid'), 'utf8').trim()) || null;
  } catch {
    kafkaPid = null;
  }
  const sampler = new Sampler(() => [
    { label: 'bench (load + observer)', pid: process.pid },
    ...apps
      .filter((a) => !a.exited && a.child.pid)
      .map((a) => ({ label: a.name, pid: a.child.pid as number })),
    ...(kafkaPid ? [{ label: 'kafka broker', pid: kafkaPid }] : []),
  ]);
  const interrupted = { value: false };
  // First signal: stop the apps and let the run unwind through its cleanup (bounded); second: exit now
  // (the exit hook SIGKILLs whatever child is left).
  const onSignal = (signal: string) => {
    if (interrupted.value) process.exit(130);
    interrupted.value = true;
    progress(`${signal}: stopping the apps and cleaning up (again to exit at once)`);
    void stopApps();
    setTimeout(() => process.exit(130), 45_000).unref();
  };
  const checkInterrupted = () => {
    if (interrupted.value) throw new Interrupted();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const observerKafka = kafkaClient(`bench-observer-${RUN}`);
  const admin = observerKafka.admin();
  let observer: { consumer: Consumer; group: string } | undefined;
  let watch: QueueWatch | undefined;
  try {
    db = await createTestDatabase('erp_bench');
    progress(`database ${db.name}; run ${RUN}; ${RATE}/s for ${SECONDS} s, drain ≤ ${DRAIN_SECONDS} s`);
    sampler.start();

    // Intake first (it migrates and seeds the fresh database), then the other four, one by one.
    for (const name of APPS) {
      const app = await spawnApp(name, db.url);
      await waitHealthy(app);
      progress(`${name} healthy on :${app.port} (pid ${app.child.pid})`);
      checkInterrupted();
    }
    const intake = apps[0];
    const pg = new Client({ connectionString: db.url, application_name: 'bench-setup' });
    await pg.connect();
    const updated = await pg.query(`UPDATE alarm_sources SET rate_per_minute = 10000000`);
    await pg.end();
    if (!updated.rowCount) throw new Error('no alarm source to raise the rate limit of (demo seed missing?)');

    // The apps' groups are shared with the test suite: let them finish any backlog before measuring.
    await admin.connect();
    const catchUpDeadline = Date.now() + 60_000;
    for (;;) {
      const lags = await Promise.all([
        groupLag(admin, onBroker('dispatcher'), onBroker(Topics.alarms)),
        groupLag(admin, onBroker('escalator'), onBroker(Topics.incidents)),
        groupLag(admin, onBroker('audit'), onBroker(Topics.incidents)),
      ]);
      checkInterrupted();
      if (lags.every((l) => l === 0)) break;
      if (Date.now() > catchUpDeadline) {
        progress(`warning: app consumer groups still lag (${lags.join('/')}) after 60 s; measuring anyway`);
        break;
      }
      await sleep(500);
    }

    const obs: Observed = {
      incidentOfOpener: new Map(),
      openedArrival: new Map(),
      classifiedArrival: new Map(),
      joinedArrival: new Map(),
      joinedIncident: new Map(),
      alarmReceivedArrival: new Map(),
      alarmReceivedRecordedAt: new Map(),
      counts: {},
    };
    observer = await observe(observerKafka, admin, obs);
    progress(`observer ${observer.group} joined`);
    watch = new QueueWatch(db.url);
    await watch.start();
    // A few seconds at rest: what the five apps cost with nothing to do.
    await sampler.mark('idle-start');
    await sleep(IDLE_SECONDS * 1000);
    const countersBefore = await dbCounters(db.url);

    // ── load: open loop, each request at its due time ──
    const total = Math.round(RATE * SECONDS);
    const alarms: Alarm[] = [];
    const byId = new Map<string, number>();
    const refused: Record<string, number> = {};
    const refusalSamples: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    let sentCount = 0;
    await sampler.mark('load-start');
    const start = wall() + 20;
    const loadDeadline = start + SECONDS * 1000 + 10_000;
    let next = 0;
    let lastProgress = start;
    while (next < total && !interrupted.value) {
      const now = wall();
      if (now > loadDeadline) break;
      const due = Math.min(total, Math.floor(((now - start) * RATE) / 1000) + 1);
      while (next < due) {
        const i = next++;
        const { body, dispatchable } = alarmBody(i);
        const a: Alarm = {
          due: start + (i * 1000) / RATE,
          sentAt: NaN,
          acceptedAt: NaN,
          status: -1,
          alarmId: null,
          dispatchable,
        };
        alarms.push(a);
        if (inFlight >= MAX_IN_FLIGHT) continue;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        a.sentAt = wall();
        sentCount++;
        void postAlarm(intake.port, JSON.stringify(body)).then((r) => {
          const t = wall();
          inFlight--;
          a.status = r.status;
          if (r.status === 202) {
            try {
              const parsed = JSON.parse(r.text) as { alarmId?: string };
              if (parsed.alarmId) {
                a.alarmId = parsed.alarmId;
                a.acceptedAt = t;
                byId.set(parsed.alarmId, i);
              }
            } catch {
              /* counted below as 202 without an id */
            }
          } else {
            const key = r.status === 0 ? `transport:${r.error}` : String(r.status);
            refused[key] = (refused[key] ?? 0) + 1;
            if (refusalSamples.length < 3) refusalSamples.push(`${key} ${r.text.slice(0, 200)}`);
          }
        });
      }
      if (now - lastProgress > 5000) {
        lastProgress = now;
        progress(
          `load ${((now - start) / 1000).toFixed(0)} s: sent ${sentCount}, accepted ${byId.size}, in flight ${inFlight}, handled ${obs.classifiedArrival.size + obs.joinedArrival.size}`,
        );
      }
      await sleep(1);
    }
    const sendEnd = wall();
    const responsesDeadline = wall() + REQUEST_TIMEOUT_MS + 5000;
    while (inFlight > 0 && wall() < responsesDeadline) await sleep(10);
    await sampler.mark('load-end');
    const loadEnd = wall();
    progress(`load done: ${alarms.length} due, ${byId.size} accepted; draining`);

    // ── drain: until every accepted, dispatchable alarm is handled, or BENCH_DRAIN_SECONDS ──
    const expected = alarms.filter((a) => a.alarmId && a.dispatchable);
    const drainDeadline = wall() + DRAIN_SECONDS * 1000;
    let lastDrainProgress = wall();
    for (;;) {
      const pending = expected.filter((a) => !handledAt(obs, a.alarmId as string)).length;
      if (pending === 0 || wall() > drainDeadline || interrupted.value) break;
      if (wall() - lastDrainProgress > 5000) {
        lastDrainProgress = wall();
        progress(`draining: ${pending} of ${expected.length} not yet handled`);
      }
      await sleep(200);
    }
    const drainEnd = wall();
    await sampler.mark('drain-end');
    await watch.stop();
    const countersAfter = await dbCounters(db.url);

    checkInterrupted();
    const server = await serverSide(db.url);
    const appLogs = apps.map((a) => ({
      name: a.name,
      levels: { ...a.levels },
      samples: [...a.samples],
      deadLettered: a.deadLettered,
    }));

    // ── stop the apps, then the raw ceilings on the freed machine ──
    await observer.consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([observer.group]).catch(() => undefined);
    await sampler.mark('apps-stopping');
    await stopApps();
    checkInterrupted();
    progress('apps stopped; raw ceilings next');
    const accepted = alarms.filter((a) => a.alarmId);
    const rawKafka = await kafkaCeiling(Math.min(60_000, Math.max(accepted.length, 1000)));
    checkInterrupted();
    const rawPg = await postgresCeiling(db.url);
    checkInterrupted();
    sampler.stop();

    // ── figures ──
    const sent = alarms.filter((a) => !isNaN(a.sentAt));
    const notSent = alarms.length - sent.length;
    const neverDue = total - alarms.length;
    const loadSeconds = SECONDS;
    const inWindow = (t: number) => t >= start && t <= start + loadSeconds * 1000;
    const handled = expected
      .map((a) => ({ a, h: handledAt(obs, a.alarmId as string) }))
      .filter((x): x is { a: Alarm; h: { at: number; how: 'opened' | 'joined' } } => x.h !== null);
    const lastHandled = handled.reduce((m, x) => Math.max(m, x.h.at), start);
    const lastAccepted = accepted.reduce((m, a) => Math.max(m, a.acceptedAt), start);
    const latency = handled.map((x) => x.h.at - x.a.acceptedAt);
    // For information (the verdict counts every alarm): the same once the first seconds of JIT, pools and
    // group joins are past, as issue 4's bench leaves its warm-up out.
    const latencyAfterWarmUp = handled
      .filter((x) => x.a.due >= start + WARM_UP_SECONDS * 1000)
      .map((x) => x.h.at - x.a.acceptedAt);
    const latencyOpened = handled.filter((x) => x.h.how === 'opened').map((x) => x.h.at - x.a.acceptedAt);
    const latencyJoined = handled.filter((x) => x.h.how === 'joined').map((x) => x.h.at - x.a.acceptedAt);
    const fromDue = handled.map((x) => x.h.at - x.a.due);
    const httpFromDue = accepted.map((a) => a.acceptedAt - a.due);
    const httpFromSend = accepted.map((a) => a.acceptedAt - a.sentAt);
    const notHandled = expected.length - handled.length;
    const notDispatchable = accepted.length - expected.length;

    const rows = [...server.rows.values()];
    const openers = rows.filter((r) => r.how === 'opened');
    const joiners = rows.filter((r) => r.how === 'joined');
    const diff = (xs: ServerRow[], f: (r: ServerRow) => number | null) =>
      dist(xs.map(f).filter((x): x is number => x !== null));
    const clientOf = (r: ServerRow) => {
      const i = byId.get(r.alarmId);
      return i === undefined ? undefined : alarms[i];
    };
    const serverView = {
      openedMinusReceived: diff(openers, (r) => (r.openedAt === null ? null : r.openedAt - r.receivedAt)),
      classifiedPublishedMinusReceived: diff(openers, (r) =>
        r.classifiedPublished === null ? null : r.classifiedPublished - r.receivedAt,
      ),
      joinedPublishedMinusReceived: diff(joiners, (r) =>
        r.joinedPublished === null ? null : r.joinedPublished - r.receivedAt,
      ),
    };
    const dispatcherTx = diff(rows, (r) =>
      r.dispatcherRecorded === null || r.dispatchStart === null
        ? null
        : r.dispatcherRecorded - r.dispatchStart,
    );
    const segments = {
      'HTTP: due → 202 at the client (includes client queueing)': dist(httpFromDue),
      'HTTP: request issued → 202 (may wait for one of 256 sockets)': dist(httpFromSend),
      'intake: request issued → received_at (queueing, API-key query, BEGIN, duplicate check)': diff(
        rows,
        (r) => {
          const a = clientOf(r);
          return a ? r.receivedAt - a.sentAt : null;
        },
      ),
      'intake: received_at → 202 at the client (commit + response)': diff(rows, (r) => {
        const a = clientOf(r);
        return a ? a.acceptedAt - r.receivedAt : null;
      }),
      'relay 1: received_at → AlarmReceived relay pass (published_at)': diff(rows, (r) =>
        r.arPublished === null ? null : r.arPublished - r.receivedAt,
      ),
      'Kafka: relay pass → AlarmReceived at the bench observer': diff(rows, (r) => {
        const t = obs.alarmReceivedArrival.get(r.alarmId);
        return t === undefined || r.arPublished === null ? null : t - r.arPublished;
      }),
      'dispatcher queue: relay pass → dispatcher transaction start': diff(rows, (r) =>
        r.dispatchStart === null || r.arPublished === null ? null : r.dispatchStart - r.arPublished,
      ),
      'dispatcher transaction: start → its events recorded (≈ COMMIT)': dispatcherTx,
      'dispatcher work: transaction start → incident opened (openers)': diff(openers, (r) =>
        r.openedAt === null || r.dispatchStart === null ? null : r.openedAt - r.dispatchStart,
      ),
      'relay 2: incident opened → IncidentClassified relay pass': diff(openers, (r) =>
        r.classifiedPublished === null || r.openedAt === null ? null : r.classifiedPublished - r.openedAt,
      ),
      'relay 2: dispatcher start → AlarmJoinedIncident relay pass (joiners)': diff(joiners, (r) =>
        r.joinedPublished === null || r.dispatchStart === null ? null : r.joinedPublished - r.dispatchStart,
      ),
      'Kafka: relay pass → IncidentClassified / AlarmJoinedIncident at the observer': diff(rows, (r) => {
        const a = clientOf(r);
        const h = a?.alarmId ? handledAt(obs, a.alarmId) : null;
        const pub = r.how === 'opened' ? r.classifiedPublished : r.joinedPublished;
        return h && pub !== null ? h.at - pub : null;
      }),
    };

    // Per 5-second window: what went in, what came out, and how long it took.
    const buckets: Bucket[] = [];
    const horizon = Math.max(lastHandled, lastAccepted, start + loadSeconds * 1000);
    for (let b = start; b < horizon && buckets.length < 400; b += 5000) {
      const e = b + 5000;
      const acc = accepted.filter((a) => a.acceptedAt >= b && a.acceptedAt < e);
      const lat = handled
        .filter((x) => x.a.acceptedAt >= b && x.a.acceptedAt < e)
        .map((x) => x.h.at - x.a.acceptedAt);
      const w = watch.points.filter((p) => p.t >= b && p.t < e);
      const lastW = w[w.length - 1];
      buckets.push({
        from: (b - start) / 1000,
        sent: sent.filter((a) => a.sentAt >= b && a.sentAt < e).length,
        accepted: acc.length,
        handled: handled.filter((x) => x.h.at >= b && x.h.at < e).length,
        p99: dist(lat).p99,
        unpublished: lastW ? lastW.unpublished : null,
        awaitingDispatch: lastW ? lastW.awaitingDispatch : null,
      });
    }

    const proc = [...sampler.procs.values()].map((p) => ({
      label: p.label,
      pids: p.pids.length,
      // The pipeline's part of the run only: the raw ceilings come later.
      rssMaxMb: (p.rssMaxMarksKb['drain-end'] ?? p.rssMaxKb) / 1024,
      // "last": at the end of the drain, before the apps are stopped.
      rssLastMb: (p.rssMarksKb['drain-end'] ?? p.rssLastKb) / 1024,
      pssMaxMb: (() => {
        const kb = p.pssMaxMarksKb['drain-end'] ?? p.pssMaxKb;
        return kb === null ? null : kb / 1024;
      })(),
      cpuSecondsIdle: sampler.cpuSeconds(p.label, 'idle-start', 'load-start'),
      cpuSecondsLoad: sampler.cpuSeconds(p.label, 'load-start', 'load-end'),
      cpuSecondsDrain: sampler.cpuSeconds(p.label, 'load-end', 'drain-end'),
    }));
    const loadWall = (loadEnd - start) / 1000;
    const drainWall = (drainEnd - loadEnd) / 1000;
    const busyLoad = sampler.machineBusy('load-start', 'load-end');
    const measuredLoad = proc.reduce((sum, p) => sum + (p.cpuSecondsLoad ?? 0), 0);
    const otherCpuSecondsLoad =
      busyLoad === null ? null : busyLoad * os.cpus().length * loadWall - measuredLoad;
    // CPU each process spent per handled alarm, beyond what it burns at rest (idle rate × work time).
    const workWall = (drainEnd - start) / 1000;
    const perAlarm = Math.max(1, handled.length);
    const cpuPerAlarm = proc
      .map((p) => {
        const work = sampler.cpuSeconds(p.label, 'load-start', 'drain-end');
        const idle = p.cpuSecondsIdle === null ? 0 : p.cpuSecondsIdle / IDLE_SECONDS;
        return work === null
          ? null
          : { label: p.label, ms: (1000 * Math.max(0, work - idle * workWall)) / perAlarm };
      })
      .filter((x): x is { label: string; ms: number } => x !== null)
      .sort((a, b) => b.ms - a.ms);
    const systemMsPerAlarm = cpuPerAlarm
      .filter((x) => !x.label.startsWith('bench'))
      .reduce((sum, x) => sum + x.ms, 0);
    // Gross: everything the services burnt from the load's start to the drain's end, idle burn included.
    const grossMsPerAlarm =
      (1000 *
        proc
          .filter((p) => !p.label.startsWith('bench'))
          .reduce((sum, p) => sum + (sampler.cpuSeconds(p.label, 'load-start', 'drain-end') ?? 0), 0)) /
      perAlarm;
    const cpu = {
      workWallSeconds: workWall,
      msPerHandledAlarm: Object.fromEntries(cpuPerAlarm.map((x) => [x.label, x.ms])),
      systemMsPerHandledAlarm: systemMsPerAlarm,
      impliedCeilingPerSecond: systemMsPerAlarm > 0 ? (os.cpus().length * 1000) / systemMsPerAlarm : null,
      grossSystemMsPerHandledAlarm: grossMsPerAlarm,
      grossImpliedCeilingPerSecond: grossMsPerAlarm > 0 ? (os.cpus().length * 1000) / grossMsPerAlarm : null,
    };
    const dispatcherDeliveries = (server.perSecond.dispatcher ?? []).reduce((a, b) => a + b, 0);
    const dbWork = {
      commits: countersAfter.commits - countersBefore.commits,
      rollbacks: countersAfter.rollbacks - countersBefore.rollbacks,
      rowsInserted: countersAfter.inserted - countersBefore.inserted,
      rowsUpdated: countersAfter.updated - countersBefore.updated,
      walBytesMachineWide: countersAfter.walBytes - countersBefore.walBytes,
    };

    const sentPerSecond = rate(sent.length, (sendEnd - start) / 1000);
    const acceptedPerSecond = rate(accepted.filter((a) => inWindow(a.acceptedAt)).length, loadSeconds);
    const handledInWindow = handled.filter((x) => inWindow(x.h.at)).length;
    const classifiedPerSecondWindow = rate(handledInWindow, loadSeconds);
    const classifiedPerSecondOverall = rate(handled.length, (lastHandled - start) / 1000);
    const dispatchableShare = accepted.length ? expected.length / accepted.length : 1;
    const targetHandledRate = RATE * dispatchableShare;
    const lat = dist(latency);
    const verdict = {
      rate:
        notSent === 0 &&
        neverDue === 0 &&
        Object.keys(refused).length === 0 &&
        notHandled === 0 &&
        classifiedPerSecondOverall >= 0.99 * targetHandledRate,
      p99: lat.p99 !== null && lat.p99 <= TARGET_P99_MS,
    };

    // The chain from the handler's received_at to the observer, per handled alarm: means add up.
    const chainParts: Record<string, number[]> = {
      'relay 1 (commit, wait for a relay pass)': [],
      'Kafka + dispatcher queue (until its transaction starts)': [],
      'dispatcher transaction (until its events are recorded)': [],
      'relay 2 (commit, wait for a relay pass)': [],
      'Kafka to the observer': [],
    };
    const chainTotal: number[] = [];
    const acceptOffset: number[] = [];
    for (const x of handled) {
      const r = x.a.alarmId ? server.rows.get(x.a.alarmId) : undefined;
      const pub = r?.how === 'opened' ? r.classifiedPublished : r?.joinedPublished;
      if (
        !r ||
        r.arPublished === null ||
        r.dispatchStart === null ||
        r.dispatcherRecorded === null ||
        pub == null
      )
        continue;
      const parts = [
        r.arPublished - r.receivedAt,
        r.dispatchStart - r.arPublished,
        r.dispatcherRecorded - r.dispatchStart,
        pub - r.dispatcherRecorded,
        x.h.at - pub,
      ];
      Object.values(chainParts).forEach((list, k) => list.push(parts[k]));
      chainTotal.push(x.h.at - r.receivedAt);
      acceptOffset.push(x.a.acceptedAt - r.receivedAt);
    }
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    const chain = {
      n: chainTotal.length,
      totalMeanMs: mean(chainTotal),
      acceptedAfterReceivedMeanMs: mean(acceptOffset),
      parts: Object.fromEntries(
        Object.entries(chainParts).map(([k, v]) => [k, { meanMs: mean(v), p99Ms: dist(v).p99 }]),
      ),
    };

    const report = {
      issue: 3,
      startedAt: startedIso,
      run: RUN,
      machine: {
        cpus: os.cpus().length,
        memoryGb: os.totalmem() / 2 ** 30,
        node: process.version,
        loadAvgAtStart: sampler.loadAvg['load-start'],
        jestProcessesAtStart: jest,
        jestProcessesDuringRunMax: sampler.jestMax,
        machineCpuBusyDuringLoad: sampler.machineBusy('load-start', 'load-end'),
        machineCpuBusyDuringDrain: sampler.machineBusy('load-end', 'drain-end'),
        otherProcessesCpuSecondsDuringLoad: otherCpuSecondsLoad,
      },
      config: { rate: RATE, seconds: SECONDS, drainSeconds: DRAIN_SECONDS, maxInFlight: MAX_IN_FLIGHT },
      counts: {
        due: total,
        sent: sent.length,
        notSentInFlightCap: notSent,
        notSentTimeUp: neverDue,
        accepted: accepted.length,
        refused,
        refusalSamples,
        acceptedOutsideDistrict: notDispatchable,
        expectedHandled: expected.length,
        handled: handled.length,
        handledOpened: latencyOpened.length,
        handledJoined: latencyJoined.length,
        notHandledWithinDrain: notHandled,
        incidentsOpened: server.incidents,
        alarmStatuses: server.statuses,
        outboxUnpublishedAfterDrain: server.outboxUnpublished,
        maxInFlight,
        observedEvents: obs.counts,
      },
      throughput: {
        targetPerSecond: RATE,
        sentPerSecond,
        acceptedPerSecondInWindow: acceptedPerSecond,
        classifiedPerSecondInWindow: classifiedPerSecondWindow,
        classifiedPerSecondOverall,
        secondsUntilLastHandled: (lastHandled - start) / 1000,
        loadWallSeconds: loadWall,
        drainWallSeconds: drainWall,
        serverPerSecondMax: Object.fromEntries(
          Object.entries(server.perSecond).map(([k, v]) => [k, Math.max(...v)]),
        ),
      },
      latencyMs: {
        acceptedToHandled: lat,
        acceptedToHandledAfterWarmUp: dist(latencyAfterWarmUp),
        acceptedToClassifiedOpened: dist(latencyOpened),
        acceptedToJoined: dist(latencyJoined),
        dueToHandled: dist(fromDue),
        httpDueTo202: dist(httpFromDue),
        httpSentTo202: dist(httpFromSend),
        server: serverView,
      },
      verdict,
      segmentsMs: segments,
      chain,
      cpu,
      postgres: {
        work: dbWork,
        commitsPerAcceptedAlarm: accepted.length ? dbWork.commits / accepted.length : null,
        rowsInsertedPerAcceptedAlarm: accepted.length ? dbWork.rowsInserted / accepted.length : null,
        rowsUpdatedPerAcceptedAlarm: accepted.length ? dbWork.rowsUpdated / accepted.length : null,
        sessions: watch.summary(),
        dispatcherTransactionMs: dispatcherTx,
        dispatcherDeliveries,
        dispatcherTransactions: server.dispatcherTransactions,
      },
      timeline: buckets,
      queueWatch: watch.points.map((p) => ({ ...p, t: (p.t - start) / 1000 })),
      processes: proc,
      appLogs,
      ceilings: { kafka: rawKafka, postgres: rawPg },
      ratios: {
        classifiedVsKafkaEndToEnd: classifiedPerSecondOverall / rawKafka.endToEndPerSecond,
        classifiedVsKafkaProduce: classifiedPerSecondOverall / rawKafka.producePerSecond,
        classifiedVsPostgresInserts: classifiedPerSecondOverall / rawPg.singleInsert.perSecond,
        acceptedVsPostgresInserts: acceptedPerSecond / rawPg.singleInsert.perSecond,
        acceptedVsPostgresIntakeShaped: acceptedPerSecond / rawPg.intakeShaped.perSecond,
        p99VsKafkaPacedP99:
          lat.p99 !== null && rawKafka.paced.latency.p99 ? lat.p99 / rawKafka.paced.latency.p99 : null,
      },
    };

    const text = render(report);
    out(text);
    const dir = path.join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `intake-${startedIso.replace(/[:.]/g, '-')}.json`);
    // Formatted as the repo's prettier would, so `npm run format:check` stays clean with results present.
    const json = JSON.stringify({ ...report, text }, null, 2);
    writeFileSync(file, await format(json, { ...(await resolveConfig(file)), filepath: file }));
    out(`JSON: ${path.relative(ROOT, file)}`);
    return 0;
  } catch (e) {
    if (interrupted.value) {
      progress('interrupted: no report');
      return 130;
    }
    process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    for (const a of apps) {
      if (a.exited || a.levels.error || a.levels.fatal)
        process.stderr.write(`── ${a.name} (${a.exited ?? 'running'}), last lines ──\n${tailOf(a, 30)}\n`);
    }
    return 1;
  } finally {
    sampler.stop();
    await watch?.stop().catch(() => undefined);
    if (observer) {
      await observer.consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([observer.group]).catch(() => undefined); // already gone after a full run
    }
    await admin.disconnect().catch(() => undefined);
    await stopApps();
    agent.destroy();
    await dropRunNamespace(NAMESPACE).catch((e) =>
      progress(`deleting ${NAMESPACE}.*: ${(e as Error).message}`),
    );
    if (db && !KEEP_DB)
      await db.drop().catch((e) => progress(`dropping ${db?.name}: ${(e as Error).message}`));
    else if (db) progress(`kept database ${db.name}`);
  }
}

// ───────────────────────────── the text report ─────────────────────────────

interface Bucket {
  from: number;
  sent: number;
  accepted: number;
  handled: number;
  p99: number | null;
  /** At the end of the window: outbox rows not yet relayed, alarms not yet taken by the dispatcher. */
  unpublished: number | null;
  awaitingDispatch: number | null;
}

interface ProcRow {
  label: string;
  pids: number;
  rssMaxMb: number;
  rssLastMb: number;
  pssMaxMb: number | null;
  cpuSecondsIdle: number | null;
  cpuSecondsLoad: number | null;
  cpuSecondsDrain: number | null;
}

type Report = {
  machine: Record<string, unknown> & {
    cpus: number;
    loadAvgAtStart?: number[];
    jestProcessesAtStart: number;
    jestProcessesDuringRunMax: number;
    machineCpuBusyDuringLoad: number | null;
    machineCpuBusyDuringDrain: number | null;
    otherProcessesCpuSecondsDuringLoad: number | null;
  };
  run: string;
  startedAt: string;
  counts: {
    due: number;
    sent: number;
    notSentInFlightCap: number;
    notSentTimeUp: number;
    accepted: number;
    refused: Record<string, number>;
    refusalSamples: string[];
    acceptedOutsideDistrict: number;
    expectedHandled: number;
    handled: number;
    handledOpened: number;
    handledJoined: number;
    notHandledWithinDrain: number;
    incidentsOpened: number;
    alarmStatuses: Record<string, number>;
    outboxUnpublishedAfterDrain: number;
    maxInFlight: number;
  };
  throughput: {
    targetPerSecond: number;
    sentPerSecond: number;
    acceptedPerSecondInWindow: number;
    classifiedPerSecondInWindow: number;
    classifiedPerSecondOverall: number;
    secondsUntilLastHandled: number;
    loadWallSeconds: number;
    drainWallSeconds: number;
    serverPerSecondMax: Record<string, number>;
  };
  latencyMs: {
    acceptedToHandled: Dist;
    acceptedToHandledAfterWarmUp: Dist;
    acceptedToClassifiedOpened: Dist;
    acceptedToJoined: Dist;
    dueToHandled: Dist;
    httpDueTo202: Dist;
    httpSentTo202: Dist;
    server: {
      openedMinusReceived: Dist;
      classifiedPublishedMinusReceived: Dist;
      joinedPublishedMinusReceived: Dist;
    };
  };
  verdict: { rate: boolean; p99: boolean };
  segmentsMs: Record<string, Dist>;
  cpu: {
    workWallSeconds: number;
    msPerHandledAlarm: Record<string, number>;
    systemMsPerHandledAlarm: number;
    impliedCeilingPerSecond: number | null;
    grossSystemMsPerHandledAlarm: number;
    grossImpliedCeilingPerSecond: number | null;
  };
  chain: {
    n: number;
    totalMeanMs: number;
    acceptedAfterReceivedMeanMs: number;
    parts: Record<string, { meanMs: number; p99Ms: number | null }>;
  };
  postgres: {
    work: {
      commits: number;
      rollbacks: number;
      rowsInserted: number;
      rowsUpdated: number;
      walBytesMachineWide: number;
    };
    commitsPerAcceptedAlarm: number | null;
    rowsInsertedPerAcceptedAlarm: number | null;
    rowsUpdatedPerAcceptedAlarm: number | null;
    sessions: Record<string, Record<string, number>>;
    dispatcherTransactionMs: Dist;
    dispatcherDeliveries: number;
    dispatcherTransactions: number;
  };
  timeline: Bucket[];
  processes: ProcRow[];
  appLogs: { name: string; levels: Record<string, number>; samples: string[]; deadLettered: number }[];
  ceilings: { kafka: KafkaCeiling; postgres: PgCeiling };
  ratios: Record<string, number | null>;
};

function render(r: Report): string {
  const L: string[] = [];
  const f0 = (x: number) => x.toFixed(0);
  const t = r.throughput;
  const c = r.counts;
  const m = r.machine;
  const share = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(1)}%`);
  L.push('════════ Issue 3 · services mode: HTTP intake → incident classified ════════');
  L.push(
    `run ${r.run} at ${r.startedAt}; ${m.cpus} CPUs; load average at start ${(m.loadAvgAtStart ?? []).map((x) => x.toFixed(2)).join(' ')}` +
      `${m.jestProcessesAtStart ? `; WARNING ${m.jestProcessesAtStart} jest processes were running` : ''}`,
  );
  L.push(
    `machine CPU busy: ${share(m.machineCpuBusyDuringLoad)} during the load, ${share(m.machineCpuBusyDuringDrain)} during the drain; ` +
      `processes outside this bench used ${m.otherProcessesCpuSecondsDuringLoad === null ? '—' : `${m.otherProcessesCpuSecondsDuringLoad.toFixed(1)} CPU-s`} during the load`,
  );
  const foreign = r.appLogs.reduce((sum, a) => sum + a.deadLettered, 0);
  if (m.jestProcessesDuringRunMax || foreign) {
    L.push(
      `WARNING  not alone on the shared topics / machine: up to ${m.jestProcessesDuringRunMax} jest processes seen during the run; ` +
        `${foreign} records dead-lettered by our apps (AlarmReceived of other databases, i.e. another run's traffic)`,
    );
  }
  L.push('');
  L.push(
    `TARGET   ${t.targetPerSecond}/s for ${SECONDS} s, p99 from 202 to IncidentClassified ≤ ${TARGET_P99_MS} ms`,
  );
  L.push(
    `VERDICT  rate: ${r.verdict.rate ? 'MET' : 'NOT MET'} (${t.classifiedPerSecondOverall.toFixed(0)}/s handled)   ` +
      `p99: ${r.verdict.p99 ? 'MET' : 'NOT MET'} (${withUnit(r.latencyMs.acceptedToHandled.p99)})`,
  );
  L.push('');
  L.push('── throughput ──');
  L.push(
    `sent       ${f0(t.sentPerSecond)}/s   (${c.sent} of ${c.due} due; not sent: ${c.notSentInFlightCap} at the in-flight cap of ${MAX_IN_FLIGHT}, ${c.notSentTimeUp} out of time)`,
  );
  L.push(
    `accepted   ${f0(t.acceptedPerSecondInWindow)}/s within the ${SECONDS} s window   (${c.accepted} accepted in all)`,
  );
  L.push(
    `classified ${f0(t.classifiedPerSecondInWindow)}/s within the window; ${f0(t.classifiedPerSecondOverall)}/s overall ` +
      `(${c.handled} handled by ${t.secondsUntilLastHandled.toFixed(1)} s after the start)`,
  );
  L.push(
    `server-side peak per second: ${Object.entries(t.serverPerSecondMax)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  L.push('');
  L.push('── counts ──');
  L.push(
    `accepted ${c.accepted}; refused ${
      Object.keys(c.refused).length
        ? Object.entries(c.refused)
            .map(([k, v]) => `${k}×${v}`)
            .join(', ')
        : 'none'
    }${c.refusalSamples.length ? ` (e.g. ${c.refusalSamples[0]})` : ''}`,
  );
  L.push(
    `accepted outside the district (kept, never dispatched) ${c.acceptedOutsideDistrict}; expected to be handled ${c.expectedHandled}`,
  );
  L.push(
    `handled ${c.handled}: opened + classified ${c.handledOpened}, joined an open incident ${c.handledJoined}; ` +
      `NOT handled within the drain ${c.notHandledWithinDrain}`,
  );
  L.push(
    `incidents opened ${c.incidentsOpened}; alarm statuses ${JSON.stringify(c.alarmStatuses)}; ` +
      `outbox unpublished after the drain ${c.outboxUnpublishedAfterDrain}; max in flight ${c.maxInFlight}`,
  );
  L.push('');
  L.push('── latency (ms) ──');
  const l = r.latencyMs;
  L.push(`202 → handled (client, all)          ${fmtDist(l.acceptedToHandled)}`);
  L.push(`  the same after the first ${WARM_UP_SECONDS} s     ${fmtDist(l.acceptedToHandledAfterWarmUp)}`);
  L.push(`202 → IncidentClassified (openers)   ${fmtDist(l.acceptedToClassifiedOpened)}`);
  L.push(`202 → AlarmJoinedIncident (joiners)  ${fmtDist(l.acceptedToJoined)}`);
  L.push(`due → handled (open loop, all)       ${fmtDist(l.dueToHandled)}`);
  L.push(`HTTP due → 202                       ${fmtDist(l.httpDueTo202)}`);
  L.push(`HTTP request issued → 202            ${fmtDist(l.httpSentTo202)}`);
  L.push('server side (PostgreSQL timestamps, no client effects):');
  L.push(
    `  incidents.opened_at − alarms.received_at (openers)          ${fmtDist(l.server.openedMinusReceived)}`,
  );
  L.push(
    `  IncidentClassified relayed − received_at (openers)          ${fmtDist(l.server.classifiedPublishedMinusReceived)}`,
  );
  L.push(
    `  AlarmJoinedIncident relayed − received_at (joiners)         ${fmtDist(l.server.joinedPublishedMinusReceived)}`,
  );
  L.push('');
  L.push('── per 5 s, by time since the load started ──');
  L.push(
    '  from s    sent  accepted  handled   p99 202→handled  outbox unpublished  alarms awaiting dispatch',
  );
  L.push(
    '                                     (accepted in window)          (both at the end of the window)',
  );
  const n = (x: number | null, w: number) => (x === null ? '—' : String(x)).padStart(w);
  for (const b of r.timeline) {
    L.push(
      `${n(b.from, 8)} ${n(b.sent, 7)} ${n(b.accepted, 9)} ${n(b.handled, 8)} ${ms(b.p99).padStart(17)} ${n(b.unpublished, 19)} ${n(b.awaitingDispatch, 25)}`,
    );
  }
  L.push('');
  const loadS = t.loadWallSeconds;
  L.push(
    `── processes: RSS MB (max / last); CPU as % of one core: at rest (${IDLE_SECONDS} s), load (${loadS.toFixed(0)} s), drain ──`,
  );
  for (const p of r.processes) {
    // Below 2 s the 10 ms tick granularity makes a percentage meaningless (a drain that ended at once).
    const cpu = (x: number | null, s: number) => (x === null || s < 2 ? '—' : pct(x, s));
    L.push(
      `${p.label.padEnd(25)} RSS ${p.rssMaxMb.toFixed(0).padStart(5)} / ${p.rssLastMb.toFixed(0).padStart(5)}` +
        `   CPU ${cpu(p.cpuSecondsIdle, IDLE_SECONDS).padStart(6)} ${cpu(p.cpuSecondsLoad, loadS).padStart(6)} ${cpu(p.cpuSecondsDrain, t.drainWallSeconds).padStart(6)}` +
        `${p.pssMaxMb === null ? '' : `   (${p.pids} processes, PSS max ${p.pssMaxMb.toFixed(0)} MB)`}`,
    );
  }
  L.push(
    'postgres (all) is every server process on the machine (other databases too); summed RSS counts shared',
  );
  L.push('buffers once per process, PSS does not.');
  for (const a of r.appLogs) {
    const lv = Object.entries(a.levels)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    if (lv) L.push(`${a.name} log lines: ${lv}${a.samples.length ? `; e.g. ${a.samples.join(' | ')}` : ''}`);
  }
  L.push('');
  L.push('── raw ceilings (same machine, apps stopped) ──');
  const k = r.ceilings.kafka;
  L.push(
    `kafkajs, the relay's settings (idempotent, 1 in flight, acks=-1, batches of 500), consumed one message at a time (eachMessage, 3 partitions):`,
  );
  L.push(
    `  flood: ${k.messages} alarm payloads produced at ${f0(k.producePerSecond)}/s; produce → consume ${f0(k.endToEndPerSecond)}/s`,
  );
  L.push(
    `  paced at ${k.paced.rate}/s for ${k.paced.seconds} s: ${k.paced.consumed}/${k.paced.produced} consumed (${f0(k.paced.achievedPerSecond)}/s); latency ${fmtDist(k.paced.latency)}`,
  );
  const p = r.ceilings.postgres;
  L.push(`postgres, ${p.clients} clients, ${p.seconds} s each:`);
  L.push(
    `  single-row INSERT (alarms-like row with jsonb) ${f0(p.singleInsert.perSecond)}/s, p99 ${withUnit(p.singleInsert.latency.p99)}`,
  );
  L.push(
    `  intake-shaped transaction (SELECT + INSERT alarm + INSERT outbox) ${f0(p.intakeShaped.perSecond)}/s, p99 ${withUnit(p.intakeShaped.latency.p99)}`,
  );
  L.push(
    `ratios: pipeline classified/s = ${share(r.ratios.classifiedVsKafkaEndToEnd)} of kafka produce→consume, ${share(r.ratios.classifiedVsKafkaProduce)} of kafka produce, ` +
      `${share(r.ratios.classifiedVsPostgresInserts)} of postgres inserts`,
  );
  L.push(
    `        intake accepted/s = ${share(r.ratios.acceptedVsPostgresInserts)} of postgres inserts, ${share(r.ratios.acceptedVsPostgresIntakeShaped)} of intake-shaped transactions; ` +
      `pipeline p99 = ${r.ratios.p99VsKafkaPacedP99 === null ? '—' : `${r.ratios.p99VsKafkaPacedP99.toFixed(1)}×`} the paced kafka p99`,
  );
  L.push('');
  L.push('── where the time goes ──');
  L.push(
    `chain from the intake handler's received_at to the observer (means add up; n=${r.chain.n}, total mean ${withUnit(r.chain.totalMeanMs)};` +
      ` the client's 202 comes ${withUnit(r.chain.acceptedAfterReceivedMeanMs)} after received_at on average):`,
  );
  for (const [name, part] of Object.entries(r.chain.parts)) {
    L.push(
      `  ${name.padEnd(58)} mean ${ms(part.meanMs).padStart(8)}  (${pct(part.meanMs, r.chain.totalMeanMs).padStart(6)})   p99 ${ms(part.p99Ms).padStart(8)}`,
    );
  }
  L.push(
    'segments (p50 / p99 ms; "relay pass" = published_at, the start of the relay transaction that sent it):',
  );
  for (const [name, d] of Object.entries(r.segmentsMs)) {
    L.push(`  ${name.padEnd(88)} ${ms(d.p50).padStart(8)} / ${ms(d.p99).padStart(8)}  (n=${d.n})`);
  }
  const pg = r.postgres;
  L.push(
    `dispatcher: ${pg.dispatcherDeliveries} AlarmReceived taken in ${pg.dispatcherTransactions} transactions ` +
      `(${pg.dispatcherTransactions ? (pg.dispatcherDeliveries / pg.dispatcherTransactions).toFixed(1) : '—'} alarms each on average); ` +
      `from a transaction's start to its events recorded, mean ${withUnit(pg.dispatcherTransactionMs.mean)}`,
  );
  L.push(
    `postgres work for the run's database (load + drain): ${pg.work.commits} commits, ${pg.work.rowsInserted} rows inserted, ${pg.work.rowsUpdated} updated ` +
      `= ${pg.commitsPerAcceptedAlarm === null ? '—' : pg.commitsPerAcceptedAlarm.toFixed(1)} commits, ` +
      `${pg.rowsInsertedPerAcceptedAlarm === null ? '—' : pg.rowsInsertedPerAcceptedAlarm.toFixed(1)} inserts, ` +
      `${pg.rowsUpdatedPerAcceptedAlarm === null ? '—' : pg.rowsUpdatedPerAcceptedAlarm.toFixed(1)} updates per accepted alarm; ` +
      `WAL (machine-wide) ${(pg.work.walBytesMachineWide / 2 ** 20).toFixed(0)} MB`,
  );
  L.push('postgres sessions per app, average number busy (sampled every 500 ms during load + drain):');
  for (const [app, what] of Object.entries(pg.sessions)) {
    const total = Object.values(what).reduce((a, b) => a + b, 0);
    const top = Object.entries(what)
      .slice(0, 4)
      .map(([w, v]) => `${w} ${v.toFixed(2)}`)
      .join(', ');
    L.push(`  ${app.padEnd(18)} ${total.toFixed(2)}: ${top}`);
  }
  L.push(
    '  ("idle in transaction" = the session waits for its app between statements: app CPU or its event loop)',
  );
  const busiest = [...r.processes]
    .filter((x) => x.cpuSecondsLoad !== null)
    .sort((a, b) => (b.cpuSecondsLoad ?? 0) - (a.cpuSecondsLoad ?? 0));
  L.push(
    `CPU during the load, % of one core (${m.cpus} cores = ${m.cpus * 100}%): ${busiest
      .map((x) => `${x.label} ${pct(x.cpuSecondsLoad ?? 0, loadS)}`)
      .join(', ')}; others on the machine ${
      m.otherProcessesCpuSecondsDuringLoad === null ? '—' : pct(m.otherProcessesCpuSecondsDuringLoad, loadS)
    }`,
  );
  const cpu = r.cpu;
  L.push(
    `CPU per handled alarm beyond each process's idle burn (load + drain, ${cpu.workWallSeconds.toFixed(0)} s): ` +
      Object.entries(cpu.msPerHandledAlarm)
        .map(([label, v]) => `${label} ${v.toFixed(2)} ms`)
        .join(', '),
  );
  L.push(
    `=> the services (bench excluded) need ${cpu.systemMsPerHandledAlarm.toFixed(1)} CPU-ms per alarm beyond idle ` +
      `(${cpu.grossSystemMsPerHandledAlarm.toFixed(1)} ms gross, idle burn included): ${m.cpus} cores cannot carry more than ` +
      `${cpu.grossImpliedCeilingPerSecond === null ? '—' : f0(cpu.grossImpliedCeilingPerSecond)}–` +
      `${cpu.impliedCeilingPerSecond === null ? '—' : f0(cpu.impliedCeilingPerSecond)} alarms/s ` +
      `(${t.targetPerSecond}/s needs ≤ ${((m.cpus * 1000) / t.targetPerSecond).toFixed(1)} ms, with nothing else on the machine)`,
  );
  return L.join('\n');
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  },
);
