/**
 * Benchmark of the deadline timers (issue 10), against a bare BullMQ delayed-job loop in the same run.
 *   Redis:      BENCH_PENDING (100,000) timers pending far ahead; scheduling rate (addBulk, 500 a call) and
 *               cancelling rate (one by one); firing lateness p50/p99 while BENCH_RATE (1,000) fall due per
 *               second for BENCH_SECONDS (20) (target p99 < 500 ms); Redis memory per pending timer.
 *   PostgreSQL: the same on BullMQ's PostgreSQL backend (single-node mode) with BENCH_PG_PENDING (10,000)
 *               pending, at each of BENCH_PG_RATES (100,200,400) a second in turn: the highest rate whose
 *               p99 stays under target is what a single node holds.
 * The handler does nothing but note when it ran: this measures the timer layer, not the escalator's
 * transaction. Each run uses its own queues (and its own database on the machine's PostgreSQL), removed
 * afterwards.
 * Usage: node -r @swc-node/register bench/deadline-timers.bench.ts
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Queue, Worker, createPostgresBackend, withBackend } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { systemClock } from '../libs/domain/src';
import { BullMqDeadlineTimers, DeadlineTimer, TimerBackend } from '../libs/timers/src';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PENDING = Number(process.env.BENCH_PENDING ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PG_PENDING = Number(process.env.BENCH_PG_PENDING ?? 10_000);
/** Rates tried on the PostgreSQL backend in turn: the highest keeping p99 under target is its limit here. */
const PG_RATES = (process.env.BENCH_PG_RATES ?? '100,200,400').split(',').map(Number);
const CHUNK = 500;
const FAR = 24 * 3600_000;

const out = (line: string) => process.stdout.write(line + '\n');

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

interface Figures {
  scheduledPerSecond: number;
  cancelledPerSecond: number;
  lateness: { p50: number; p99: number; max: number; fired: number; expected: number };
  bytesPerTimer?: number;
}

/** The loop both contenders run: what each must offer to be measured alike. */
interface Contender {
  start(onFire: (dueAt: number) => void): Promise<void>;
  scheduleAll(timers: { id: string; dueAt: number }[]): Promise<void>;
  cancel(id: string): Promise<void>;
  stop(): Promise<void>;
}

function ours(backend: TimerBackend, queueName: string): Contender {
  const timers = new BullMqDeadlineTimers(backend, systemClock, { queueName });
  const byId = new Map<string, DeadlineTimer>();
  return {
    start: (onFire) => timers.start(async (t) => onFire(t.dueAt.getTime())),
    scheduleAll: async (list) => {
      const batch = list.map(({ id, dueAt }) => {
        const timer: DeadlineTimer = { taskId: id, deadline: 'ack', ordinal: 0, dueAt: new Date(dueAt) };
        byId.set(id, timer);
        return timer;
      });
      await timers.scheduleAll(batch);
    },
    cancel: (id) => timers.cancel(byId.get(id)!),
    stop: () => timers.stop(),
  };
}

/** A plain BullMQ queue and worker, the same options and concurrency, no wrapper: the ceiling. */
function bare(backend: TimerBackend, queueName: string): Contender {
  let queue: Queue;
  let worker: Worker | undefined;
  const connections: IORedis[] = [];
  let makeWorker: (fn: (dueAt: number) => void) => Worker;
  if (backend.kind === 'redis') {
    const connect = () => {
      const c = new IORedis(backend.url, { maxRetriesPerRequest: null });
      connections.push(c);
      return c;
    };
    queue = new Queue(queueName, { connection: connect() });
    makeWorker = (fn) =>
      new Worker(queueName, async (job) => fn(job.data.dueAt), { connection: connect(), concurrency: 8 });
  } else {
    const pg = withBackend(createPostgresBackend);
    const connection = { connectionString: backend.url, migrate: true, max: 4 };
    queue = new pg.Queue(queueName, { connection }) as unknown as Queue;
    makeWorker = (fn) =>
      new pg.Worker(queueName, async (job) => fn(job.data.dueAt), {
        connection,
        concurrency: 8,
      }) as unknown as Worker;
  }
  return {
    start: async (onFire) => {
      await queue.waitUntilReady();
      worker = makeWorker(onFire);
      await worker.waitUntilReady();
    },
    scheduleAll: async (list) => {
      const now = Date.now();
      await queue.addBulk(
        list.map(({ id, dueAt }) => ({
          name: 'deadline',
          data: { dueAt },
          opts: { jobId: id, delay: Math.max(0, dueAt - now), removeOnComplete: true, removeOnFail: true },
        })),
      );
    },
    cancel: async (id) => void (await queue.remove(id)),
    stop: async () => {
      await worker?.close();
      await queue.close();
      for (const c of connections) c.disconnect();
    },
  };
}

async function redisUsedMemory(): Promise<number> {
  const r = new IORedis(REDIS_URL);
  try {
    const info = await r.info('memory');
    return Number(/used_memory:(\d+)/.exec(info)![1]);
  } finally {
    r.disconnect();
  }
}

async function measure(
  contender: Contender,
  pending: number,
  rate: number,
  measureMemory: boolean,
): Promise<Figures> {
  const lateness: number[] = [];
  let firing = false;
  await contender.start((dueAt) => {
    if (firing) lateness.push(Date.now() - dueAt);
  });
  const memoryBefore = measureMemory ? await redisUsedMemory() : 0;

  // Pending far ahead: the load the store carries while the district waits.
  const ids = Array.from({ length: pending }, () => randomUUID());
  let t0 = performance.now();
  for (let i = 0; i < ids.length; i += CHUNK) {
    await contender.scheduleAll(ids.slice(i, i + CHUNK).map((id) => ({ id, dueAt: Date.now() + FAR + i })));
  }
  const scheduledPerSecond = pending / ((performance.now() - t0) / 1000);
  const bytesPerTimer = measureMemory ? ((await redisUsedMemory()) - memoryBefore) / pending : undefined;

  // `rate` a second fall due for SECONDS, scheduled 5 s ahead in one-second slices.
  firing = true;
  const lead = 5_000;
  const due = rate * SECONDS;
  const startAt = Date.now() + lead;
  for (let s = 0; s < SECONDS; s++) {
    const slice = Array.from({ length: rate }, (_, k) => ({
      id: randomUUID(),
      dueAt: startAt + s * 1000 + Math.floor((k * 1000) / rate),
    }));
    for (let i = 0; i < slice.length; i += CHUNK) await contender.scheduleAll(slice.slice(i, i + CHUNK));
  }
  const deadline = startAt + SECONDS * 1000 + 10_000;
  while (lateness.length < due && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  firing = false;

  // Cancelling one by one, as tasks are acknowledged.
  const toCancel = ids.slice(0, Math.min(ids.length, 5_000));
  t0 = performance.now();
  for (const id of toCancel) await contender.cancel(id);
  const cancelledPerSecond = toCancel.length / ((performance.now() - t0) / 1000);
  await contender.stop();

  const sorted = [...lateness].sort((a, b) => a - b);
  return {
    scheduledPerSecond,
    cancelledPerSecond,
    lateness: {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? NaN,
      fired: lateness.length,
      expected: due,
    },
    bytesPerTimer,
  };
}

function report(label: string, mine: Figures, ceiling: Figures, targetP99?: number): void {
  const row = (name: string, f: Figures) =>
    `  ${name.padEnd(12)} schedule ${f.scheduledPerSecond.toFixed(0).padStart(7)}/s  cancel ${f.cancelledPerSecond
      .toFixed(0)
      .padStart(
        6,
      )}/s  lateness p50 ${f.lateness.p50} ms  p99 ${f.lateness.p99} ms  max ${f.lateness.max} ms  fired ${
      f.lateness.fired
    }/${f.lateness.expected}${f.bytesPerTimer !== undefined ? `  ${f.bytesPerTimer.toFixed(0)} B/timer` : ''}`;
  out(label);
  out(row('ours', mine));
  out(row('bare BullMQ', ceiling));
  const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : 'n/a');
  out(
    `  ratios ours/bare: schedule ${ratio(mine.scheduledPerSecond, ceiling.scheduledPerSecond)}, cancel ${ratio(
      mine.cancelledPerSecond,
      ceiling.cancelledPerSecond,
    )}, p99 lateness ${ratio(mine.lateness.p99, ceiling.lateness.p99)}` +
      (mine.bytesPerTimer && ceiling.bytesPerTimer
        ? `, memory ${ratio(mine.bytesPerTimer, ceiling.bytesPerTimer)}`
        : ''),
  );
  if (targetP99 !== undefined) {
    const ok = mine.lateness.p99 < targetP99 && mine.lateness.fired === mine.lateness.expected;
    out(`  verdict: ${ok ? 'PASS' : 'FAIL'} (target: every timer fired, p99 lateness < ${targetP99} ms)`);
  }
}

async function main(): Promise<void> {
  const run = randomBytes(4).toString('hex');
  out(`deadline timers: ${PENDING.toLocaleString()} pending, ${RATE}/s falling due for ${SECONDS} s (Redis)`);
  const redis: TimerBackend = { kind: 'redis', url: REDIS_URL };
  const redisOurs = await measure(ours(redis, `bench-timers-${run}-ours`), PENDING, RATE, true);
  const redisBare = await measure(bare(redis, `bench-timers-${run}-bare`), PENDING, RATE, true);
  await dropRedisQueues(run);
  report('Redis', redisOurs, redisBare, 500);

  const database = `bench_timers_${run}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  try {
    const pg: TimerBackend = { kind: 'postgres', url: url.toString() };
    let held = 0;
    for (const rate of PG_RATES) {
      out(
        `deadline timers: ${PG_PENDING.toLocaleString()} pending, ${rate}/s falling due (BullMQ PostgreSQL backend)`,
      );
      const pgOurs = await measure(ours(pg, `bench-timers-ours-${rate}`), PG_PENDING, rate, false);
      const pgBare = await measure(bare(pg, `bench-timers-bare-${rate}`), PG_PENDING, rate, false);
      report(`PostgreSQL at ${rate}/s`, pgOurs, pgBare, 500);
      if (pgOurs.lateness.p99 < 500 && pgOurs.lateness.fired === pgOurs.lateness.expected) held = rate;
    }
    out(
      `PostgreSQL backend holds ${held ? `${held}/s` : 'none of the rates tried'} with p99 lateness < 500 ms`,
    );
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

async function dropRedisQueues(run: string): Promise<void> {
  for (const name of [`bench-timers-${run}-ours`, `bench-timers-${run}-bare`]) {
    const q = new Queue(name, { connection: { url: REDIS_URL } });
    await q.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  },
);
