/**
 * Issue 4's bench: IncidentClassified published → the incident's tasks persisted and published
 * (TaskDispatched on Kafka), the built dispatcher alone on a fresh database and its own KAFKA_NAMESPACE.
 * Target: p99 < 100 ms at 200 incidents/s after a warm-up (reported apart), latency counted from each
 * record's due time, so a slow producer counts against the result. With BENCH_TEAMS_RETURN=1 dispatched
 * teams are set back to available every second (the district has ~39), so team choice stays exercised.
 *
 *   npm run bench:dispatch                      (builds, starts deploy/kafka, runs this file)
 *   BENCH_SECONDS=10 npm run bench:dispatch     (a short run)
 *
 * Knobs: BENCH_RATE (200), BENCH_SECONDS (60), BENCH_WARMUP_SECONDS (15), BENCH_DRAIN_SECONDS (60),
 * BENCH_TEAMS_RETURN (1), BENCH_KEEP_DB, BENCH_DISPATCHER_NODE_OPTIONS (e.g. a --require probe).
 * Report on stdout, JSON in bench/results/classified-to-tasks-<time>.json, progress on stderr.
 */
import { Pool } from 'pg';
import { ALL_TOPICS, decodeEnvelope, Topics } from '@erp/contracts';
import { eachRecord, KafkaEventStream } from '@erp/event-stream';
import { SERVICES, TestDatabase } from '../test/support/services';
import { AppLauncher, LaunchedApp, requireBuiltApps } from './lib/app-launcher';
import { createBenchDatabase, dropBenchDatabase } from './lib/bench-database';
import { classifiedRecord, insertIncidents, makeIncidents } from './lib/classified-incidents';
import { drainDispatch, produceClassified } from './lib/classified-load';
import {
  CpuSeconds,
  dispatchFigures,
  dispatchReportLines,
  readDatabaseChecks,
  readDispatchMarks,
} from './lib/dispatch-report';
import { Interruption } from './lib/interruption';
import { benchKafka } from './lib/kafka-client';
import { KAFKAJS_NOTICES } from './lib/kafkajs-notices';
import { knob } from './lib/knobs';
import { cpuSecondsOf, kafkaBrokerPid, pidsNamed, rssKbOf } from './lib/proc-stats';
import { REPO_ROOT } from './lib/repo-paths';
import { writeResults } from './lib/results-file';
import { BenchRun } from './lib/run-namespace';
import { print, progress } from './lib/terminal';
import { TaskObserver } from './lib/task-observer';

const SETTINGS = {
  rate: knob('BENCH_RATE', 200, { min: 1, max: 2000 }),
  seconds: knob('BENCH_SECONDS', 60, { min: 1, max: 600 }),
  warmUpSeconds: knob('BENCH_WARMUP_SECONDS', 15, { min: 1, max: 120 }),
  drainSeconds: knob('BENCH_DRAIN_SECONDS', 60, { min: 1, max: 600 }),
  teamsReturn: knob('BENCH_TEAMS_RETURN', 1, { min: 0, max: 1 }) === 1,
  targetP99Ms: 100,
};
/** The dispatcher's inbox (and group) name for plan dispatch. */
const PLAN_DISPATCHER = 'dispatcher.plan';
const TEAMS_BACK = `UPDATE units SET team_status = 'available', updated_at = now()
                    WHERE kind = 'rescue_team' AND team_status <> 'available'`;

async function main(): Promise<void> {
  const startedAt = new Date();
  requireBuiltApps(['dispatcher']);
  const run = new BenchRun('dispatch');
  const interruption = new Interruption({ cleanup: 'cleaning up' });
  const launcher = new AppLauncher();
  let dispatcher: LaunchedApp | undefined;
  const stop = () => interruption.interrupted || Boolean(dispatcher?.exited);
  const admin = benchKafka('bench-admin').admin();
  const stream = new KafkaEventStream({
    brokers: SERVICES.kafkaBrokers,
    clientId: `bench-${run.id}`,
    topics: ALL_TOPICS,
    namespace: run.namespace,
    log: (level, message) => KAFKAJS_NOTICES.test(message) || progress(`${level}: ${message}`),
  });
  const observer = new TaskObserver();
  let db: TestDatabase | undefined;
  let poolToClose: Pool | undefined;
  const timers: NodeJS.Timeout[] = [];
  try {
    db = await createBenchDatabase('erp_bench_dispatch');
    progress(
      `database ${db.name}, namespace ${run.namespace}; ${SETTINGS.rate}/s, ${SETTINGS.warmUpSeconds} s + ${SETTINGS.seconds} s`,
    );
    const probe = process.env.BENCH_DISPATCHER_NODE_OPTIONS;
    dispatcher = await launcher.launch('dispatcher', {
      databaseUrl: db.url,
      namespace: run.namespace,
      env: probe ? { NODE_OPTIONS: probe } : {},
    });
    await launcher.waitHealthy(dispatcher);
    await admin.connect();
    // A dist/ built before KAFKA_NAMESPACE existed would use the shared topics: refuse to measure that.
    if (!(await admin.listTopics()).includes(run.onBroker(Topics.incidents))) {
      throw new Error(
        `the dispatcher made no ${run.namespace}.* topics: dist/ predates KAFKA_NAMESPACE, rebuild`,
      );
    }
    const pool = new Pool({ connectionString: db.url, max: 2, application_name: 'bench' });
    poolToClose = pool;
    const warm = makeIncidents(Math.round(SETTINGS.rate * SETTINGS.warmUpSeconds));
    const measured = makeIncidents(Math.round(SETTINGS.rate * SETTINGS.seconds));
    await insertIncidents(pool, [...warm, ...measured]);
    decodeEnvelope(classifiedRecord(warm[0]).value); // a bad envelope fails here, not as a run of dead letters

    await stream.start();
    await stream.subscribe(
      'bench-observer',
      [Topics.incidents, Topics.commandStructure, Topics.deadLetter],
      eachRecord(async (record) => observer.observe(record)),
    );
    if (SETTINGS.teamsReturn)
      timers.push(setInterval(() => void pool.query(TEAMS_BACK).catch(() => undefined), 1000));
    // Cold start: the dispatcher's JIT, pools and consumer fetches settle (its p99 does within ~15 s here).
    const cold = await produceClassified(stream, warm, SETTINGS.rate, observer, stop);
    if (!(await drainDispatch(pool, PLAN_DISPATCHER, warm, warm.length, 60, observer, stop)))
      throw new Error('the warm-up did not drain in 60 s');
    observer.resetCounts();
    progress(`warm-up done (${warm.length} incidents); measuring`);

    const brokerPid = kafkaBrokerPid(REPO_ROOT) ?? undefined;
    const dispatcherPid = dispatcher.child.pid;
    const peaks = { dispatcherRssMb: 0, brokerRssMb: 0, outboxBacklog: 0 };
    const backlog = `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`;
    timers.push(
      setInterval(() => {
        peaks.dispatcherRssMb = Math.max(peaks.dispatcherRssMb, (rssKbOf(dispatcherPid) ?? 0) / 1024);
        peaks.brokerRssMb = Math.max(peaks.brokerRssMb, (rssKbOf(brokerPid) ?? 0) / 1024);
        pool.query(backlog).then(
          (result) => (peaks.outboxBacklog = Math.max(peaks.outboxBacklog, result.rows[0].n)),
          () => 0,
        );
      }, 1000),
    );
    const cpuSeconds = (): CpuSeconds => {
      const own = process.cpuUsage();
      return {
        bench: (own.user + own.system) / 1e6,
        dispatcher: cpuSecondsOf(dispatcherPid),
        kafkaBroker: cpuSecondsOf(brokerPid),
        postgres: pidsNamed('postgres').reduce((sum, pid) => sum + cpuSecondsOf(pid), 0),
      };
    };
    const cpuBefore = cpuSeconds();
    const load = await produceClassified(stream, measured, SETTINGS.rate, observer, stop);
    const cpuAfter = cpuSeconds();
    progress(`produced ${load.sent.length} in ${load.seconds.toFixed(1)} s; draining`);
    await drainDispatch(
      pool,
      PLAN_DISPATCHER,
      load.sent,
      warm.length + load.sent.length,
      SETTINGS.drainSeconds,
      observer,
      stop,
    );
    timers.splice(0).forEach(clearInterval);

    const figures = dispatchFigures({
      runId: run.id,
      namespace: run.namespace,
      settings: SETTINGS,
      load,
      cold,
      cpuBefore,
      cpuAfter,
      peaks,
      interrupted: interruption.interrupted,
      observer,
      marks: await readDispatchMarks(pool, PLAN_DISPATCHER),
      checks: await readDatabaseChecks(
        pool,
        load.sent.map((incident) => incident.id),
      ),
      dispatcherLog: {
        warn: dispatcher.log.count('warn'),
        error: dispatcher.log.count('error'),
        samples: dispatcher.log.samples,
      },
    });
    const file = writeResults('classified-to-tasks', startedAt, figures);
    print([...dispatchReportLines(figures, SETTINGS), `  json        ${file}`].join('\n'));
  } finally {
    timers.forEach(clearInterval);
    await stream.stop().catch(() => undefined);
    await launcher.stopAll();
    await poolToClose?.end().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await run.dropNamespace();
    await dropBenchDatabase(db);
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    progress(`failed: ${error.message}`);
    process.exit(1);
  },
);
