/**
 * Issue 16's bench: dispatch throughput at 1, 2 and 3 dispatcher instances in one run, with the CPU each
 * instance, the Kafka broker and PostgreSQL used, so the capacity model (docs/capacity.md) rests on
 * measured per-instance figures. Each step: a fresh database and namespace (KAFKA_PARTITIONS=3), N built
 * dispatchers in one consumer group, a warm-up, then IncidentClassified offered faster than one instance
 * can take (BENCH_RATE) for BENCH_SECONDS; throughput is incidents tasked per second from the first due
 * time to the last first task.
 *
 *   npm run bench:scaling                          (builds, starts deploy/kafka, runs this file)
 *   BENCH_SECONDS=10 npm run bench:scaling         (a short run)
 *
 * Knobs: BENCH_RATE (600), BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (5), BENCH_MAX_INSTANCES (3).
 * Report on stdout, JSON in bench/results/dispatcher-scaling-<time>.json, progress on stderr.
 */
import { Pool } from 'pg';
import { ALL_TOPICS, Topics } from '@erp/contracts';
import { eachRecord, KafkaEventStream } from '@erp/event-stream';
import { SERVICES, TestDatabase } from '../test/support/services';
import { AppLauncher, requireBuiltApps } from './lib/app-launcher';
import { createBenchDatabase, dropBenchDatabase } from './lib/bench-database';
import { insertIncidents, makeIncidents } from './lib/classified-incidents';
import { drainDispatch, produceClassified } from './lib/classified-load';
import { distribution } from './lib/distribution';
import { Interruption } from './lib/interruption';
import { KAFKAJS_NOTICES } from './lib/kafkajs-notices';
import { knob } from './lib/knobs';
import {
  cpuSecondsOf,
  kafkaBrokerPid,
  postgresServerCpuSeconds,
  postmasterPidOf,
  rssKbOf,
} from './lib/proc-stats';
import { REPO_ROOT } from './lib/repo-paths';
import { writeResults } from './lib/results-file';
import { BenchRun } from './lib/run-namespace';
import { print, progress } from './lib/terminal';
import { TaskObserver } from './lib/task-observer';

const SETTINGS = {
  rate: knob('BENCH_RATE', 600, { min: 1, max: 5000 }),
  seconds: knob('BENCH_SECONDS', 20, { min: 1, max: 600 }),
  warmUpSeconds: knob('BENCH_WARMUP_SECONDS', 5, { min: 1, max: 120 }),
  maxInstances: knob('BENCH_MAX_INSTANCES', 3, { min: 1, max: 6 }),
};
const PARTITIONS = 3;
const PLAN_DISPATCHER = 'dispatcher.plan';
const TEAMS_BACK = `UPDATE units SET team_status = 'available', updated_at = now()
                    WHERE kind = 'rescue_team' AND team_status <> 'available'`;

interface Step {
  instances: number;
  incidents: number;
  tasked: number;
  seconds: number;
  throughputPerSecond: number;
  latencyMs: { p50: number | null; p99: number | null };
  /** CPU seconds over the measured window. */
  cpu: { dispatchers: number[]; kafkaBroker: number; postgres: number };
  /** CPU-ms per tasked incident. */
  cpuMsPerIncident: { dispatchers: number; kafkaBroker: number; postgres: number };
  rssMb: number[];
}

async function measure(instances: number, interruption: Interruption): Promise<Step> {
  const run = new BenchRun('dispatch');
  const launcher = new AppLauncher();
  const observer = new TaskObserver();
  const stream = new KafkaEventStream({
    brokers: SERVICES.kafkaBrokers,
    clientId: `bench-${run.id}`,
    topics: ALL_TOPICS,
    namespace: run.namespace,
    topicSettings: { partitions: PARTITIONS },
    log: (level, message) => KAFKAJS_NOTICES.test(message) || progress(`${level}: ${message}`),
  });
  let db: TestDatabase | undefined;
  let pool: Pool | undefined;
  const timers: NodeJS.Timeout[] = [];
  const stop = () => interruption.interrupted || launcher.apps.some((a) => Boolean(a.exited));
  try {
    db = await createBenchDatabase('erp_bench_scaling');
    progress(`${instances} dispatcher(s): database ${db.name}, namespace ${run.namespace}`);
    const apps = [];
    for (let i = 0; i < instances; i++) {
      apps.push(
        await launcher.launch('dispatcher', {
          databaseUrl: db.url,
          namespace: run.namespace,
          env: { KAFKA_PARTITIONS: String(PARTITIONS) },
        }),
      );
    }
    await Promise.all(apps.map((app) => launcher.waitHealthy(app)));
    pool = new Pool({ connectionString: db.url, max: 2, application_name: 'bench' });
    const warm = makeIncidents(Math.round(100 * SETTINGS.warmUpSeconds));
    const measured = makeIncidents(Math.round(SETTINGS.rate * SETTINGS.seconds));
    await insertIncidents(pool, [...warm, ...measured]);
    await stream.start();
    await stream.subscribe(
      'bench-observer',
      [Topics.incidents, Topics.deadLetter],
      eachRecord(async (record) => observer.observe(record)),
    );
    const teamsBack = pool;
    timers.push(setInterval(() => void teamsBack.query(TEAMS_BACK).catch(() => undefined), 1000));
    await produceClassified(stream, warm, 100, observer, stop);
    if (!(await drainDispatch(pool, PLAN_DISPATCHER, warm, warm.length, 90, observer, stop)))
      throw new Error('the warm-up did not drain in 90 s');

    const pids = apps.map((app) => app.child.pid!);
    const brokerPid = kafkaBrokerPid(REPO_ROOT) ?? undefined;
    const [{ data_directory: dataDirectory }] = (await pool.query('SHOW data_directory')).rows;
    const postmaster = postmasterPidOf(dataDirectory);
    if (!postmaster)
      throw new Error(`no postmaster.pid in ${dataDirectory}: run the bench beside its PostgreSQL`);
    const postgres = () => postgresServerCpuSeconds(postmaster);
    const rssPeak = apps.map(() => 0);
    timers.push(
      setInterval(
        () => pids.forEach((pid, i) => (rssPeak[i] = Math.max(rssPeak[i], rssKbOf(pid) ?? 0))),
        1000,
      ),
    );
    const before = { d: pids.map(cpuSecondsOf), k: cpuSecondsOf(brokerPid), p: postgres() };
    const load = await produceClassified(stream, measured, SETTINGS.rate, observer, stop);
    await drainDispatch(
      pool,
      PLAN_DISPATCHER,
      load.sent,
      warm.length + load.sent.length,
      120,
      observer,
      stop,
    );
    const after = { d: pids.map(cpuSecondsOf), k: cpuSecondsOf(brokerPid), p: postgres() };

    const firstTasks = load.sent.map((i) => observer.firstTaskAt.get(i.id)).filter((t) => t !== undefined);
    const seconds = (Math.max(...firstTasks) - load.start) / 1000;
    const latency = distribution(load.sent.map(load.latencyOf));
    const cpu = {
      dispatchers: after.d.map((s, i) => s - before.d[i]),
      kafkaBroker: after.k - before.k,
      postgres: after.p - before.p,
    };
    const perIncident = (s: number) => (firstTasks.length ? (s * 1000) / firstTasks.length : NaN);
    return {
      instances,
      incidents: load.sent.length,
      tasked: firstTasks.length,
      seconds,
      throughputPerSecond: firstTasks.length / seconds,
      latencyMs: { p50: latency.p50, p99: latency.p99 },
      cpu,
      cpuMsPerIncident: {
        dispatchers: perIncident(cpu.dispatchers.reduce((a, b) => a + b, 0)),
        kafkaBroker: perIncident(cpu.kafkaBroker),
        postgres: perIncident(cpu.postgres),
      },
      rssMb: rssPeak.map((kb) => kb / 1024),
    };
  } finally {
    timers.forEach(clearInterval);
    await stream.stop().catch(() => undefined);
    await launcher.stopAll();
    await pool?.end().catch(() => undefined);
    await run.dropNamespace();
    await dropBenchDatabase(db);
  }
}

function reportLines(steps: Step[]): string[] {
  const f = (n: number | null, digits = 0) => (n !== null && Number.isFinite(n) ? n.toFixed(digits) : '—');
  return [
    `dispatcher scaling: IncidentClassified offered at ${SETTINGS.rate}/s for ${SETTINGS.seconds} s, ${PARTITIONS} partitions`,
    '  instances  tasked/s   p50 ms   p99 ms   CPU-ms/incident (dispatchers, broker, postgres)   CPU s per instance   RSS MB',
    ...steps.map(
      (s) =>
        `  ${String(s.instances).padStart(9)}  ${f(s.throughputPerSecond).padStart(8)}  ${f(s.latencyMs.p50).padStart(7)}  ${f(s.latencyMs.p99).padStart(7)}   ` +
        `${f(s.cpuMsPerIncident.dispatchers, 2)}, ${f(s.cpuMsPerIncident.kafkaBroker, 2)}, ${f(s.cpuMsPerIncident.postgres, 2)}`.padEnd(
          49,
        ) +
        `${s.cpu.dispatchers.map((c) => f(c, 1)).join(' / ')}`.padEnd(21) +
        s.rssMb.map((m) => f(m)).join(' / '),
    ),
    ...steps
      .filter((s) => s.tasked < s.incidents)
      .map(
        (s) => `  ! ${s.instances} instance(s): ${s.incidents - s.tasked} incidents not tasked in the drain`,
      ),
  ];
}

async function main(): Promise<void> {
  const startedAt = new Date();
  requireBuiltApps(['dispatcher']);
  const interruption = new Interruption({ cleanup: 'cleaning up' });
  const steps: Step[] = [];
  for (let n = 1; n <= SETTINGS.maxInstances && !interruption.interrupted; n++) {
    steps.push(await measure(n, interruption));
    progress(`${n}: ${steps[steps.length - 1].throughputPerSecond.toFixed(0)} incidents/s`);
  }
  const file = writeResults('dispatcher-scaling', startedAt, { settings: SETTINGS, steps });
  print([...reportLines(steps), `  json        ${file}`].join('\n'));
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    progress(`failed: ${error.message}`);
    process.exit(1);
  },
);
