/**
 * Issue 3's bench: the five services-mode apps as separate processes on real Kafka, PostgreSQL and Redis,
 * open-loop load into alarm intake, latency from 202 to IncidentClassified (or AlarmJoinedIncident), RSS
 * and CPU of every process, where the time goes, and the raw Kafka and PostgreSQL ceilings of the machine.
 *
 *   npm run bench                                   (builds, starts deploy/kafka, runs the three benches)
 *   BENCH_RATE=100 BENCH_SECONDS=10 node -r @swc-node/register bench/intake-to-classified.bench.ts
 *
 * Knobs: BENCH_RATE (1000), BENCH_SECONDS (60), BENCH_DRAIN_SECONDS (120), BENCH_MAX_IN_FLIGHT (2000),
 * BENCH_FETCH_WAIT_MS (0, the apps' KAFKA_FETCH_WAIT_MS), BENCH_IDLE_SECONDS (10, the apps at rest first),
 * BENCH_RAW_PACED_SECONDS (min(BENCH_SECONDS, 30)), BENCH_PG_SECONDS (10), BENCH_PROFILE (apps to
 * CPU-profile, e.g. dispatcher), BENCH_KEEP_DB. Report on stdout, JSON in bench/results/intake-<time>.json.
 */
import path from 'node:path';
import { Topics } from '@erp/contracts';
import { TestDatabase, SERVICES } from '../test/support/services';
import { AlarmLoad, BENCH_SOURCE_KEY } from './lib/alarm-load';
import { liftSourceRateLimit } from './lib/alarm-source-limit';
import { AppLauncher, requireBuiltApps } from './lib/app-launcher';
import { createBenchDatabase, dropBenchDatabase } from './lib/bench-database';
import { QueueWatch, readDatabaseCounters } from './lib/database-watch';
import { intakeFigures } from './lib/intake-figures';
import { renderIntakeReport } from './lib/intake-report';
import { Interrupted, Interruption } from './lib/interruption';
import { benchKafka, waitForGroupsToCatchUp } from './lib/kafka-client';
import { measureKafkaCeiling } from './lib/kafka-ceiling';
import { knob } from './lib/knobs';
import { PipelineObserver } from './lib/pipeline-observer';
import { measurePostgresCeiling } from './lib/postgres-ceiling';
import { kafkaBrokerPid, pidsRunning } from './lib/proc-stats';
import { JEST_COMMAND, ProcessSampler } from './lib/process-sampler';
import { REPO_ROOT, RESULTS_DIR } from './lib/repo-paths';
import { writeResults } from './lib/results-file';
import { BenchRun } from './lib/run-namespace';
import { print, progress } from './lib/terminal';
import { readServerTimestamps } from './lib/server-timestamps';
import { sleep, wallNow } from './lib/wall-clock';

const positive = (max: number) => ({ min: 0, max, minExclusive: true });
const SECONDS = knob('BENCH_SECONDS', 60, positive(600));
const SETTINGS = {
  rate: knob('BENCH_RATE', 1000, positive(20_000)),
  seconds: SECONDS,
  drainSeconds: knob('BENCH_DRAIN_SECONDS', 120, positive(900)),
  maxInFlight: Math.floor(knob('BENCH_MAX_IN_FLIGHT', 2000, positive(20_000))),
  idleSeconds: knob('BENCH_IDLE_SECONDS', 10, positive(60)),
  /** Reported apart, for information: alarms due in the first seconds meet a cold system. */
  warmUpSeconds: 15,
  targetP99Ms: 200,
};
const RAW_PACED_SECONDS = knob('BENCH_RAW_PACED_SECONDS', Math.min(SECONDS, 30), positive(60));
const PG_SECONDS = knob('BENCH_PG_SECONDS', 10, positive(60));
const FETCH_WAIT_MS = ['', '0', undefined].includes(process.env.BENCH_FETCH_WAIT_MS)
  ? 0
  : knob('BENCH_FETCH_WAIT_MS', 10, positive(500));
const PROFILED = (process.env.BENCH_PROFILE ?? '').split(',').filter(Boolean);
/** Intake first: it migrates and seeds the fresh database. */
const APPS = ['alarm-intake', 'dispatcher', 'escalator', 'duty-console', 'audit'] as const;

async function main(): Promise<number> {
  const startedAt = new Date();
  requireBuiltApps(APPS);
  const jestAtStart = pidsRunning(JEST_COMMAND).length;
  if (jestAtStart)
    progress(
      `warning: ${jestAtStart} jest process(es) running: the machine is not quiet, figures will suffer`,
    );

  const run = new BenchRun('intake');
  const launcher = new AppLauncher();
  const interruption = new Interruption({
    cleanup: 'stopping the apps and cleaning up',
    onFirst: () => void launcher.stopAll(),
    exitAfterMs: 45_000,
  });
  const stopped = () => interruption.interrupted;
  const brokerPid = kafkaBrokerPid(REPO_ROOT);
  const sampler = new ProcessSampler(() => [
    { label: 'bench (load + observer)', pid: process.pid },
    ...launcher.apps
      .filter((app) => !app.exited && app.child.pid)
      .map((app) => ({ label: app.name, pid: app.child.pid as number })),
    ...(brokerPid ? [{ label: 'kafka broker', pid: brokerPid }] : []),
  ]);
  const kafka = benchKafka(`bench-observer-${run.id}`);
  const admin = kafka.admin();
  const observer = new PipelineObserver(kafka, admin, run);
  let db: TestDatabase | undefined;
  let watch: QueueWatch | undefined;
  try {
    db = await createBenchDatabase('erp_bench');
    progress(
      `database ${db.name}; run ${run.id}; ${SETTINGS.rate}/s for ${SECONDS} s, drain ≤ ${SETTINGS.drainSeconds} s`,
    );
    sampler.start();
    for (const name of APPS) {
      const app = await launcher.launch(name, {
        databaseUrl: db.url,
        namespace: run.namespace,
        env: {
          REDIS_URL: SERVICES.redisUrl,
          DEMO_SOURCE_KEY: BENCH_SOURCE_KEY,
          KAFKA_FETCH_WAIT_MS: String(FETCH_WAIT_MS),
        },
        // BENCH_PROFILE: a V8 CPU profile of those apps, written when they stop.
        nodeArgs: PROFILED.includes(name)
          ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, `profile-${run.id}`)}`]
          : [],
      });
      await launcher.waitHealthy(app);
      progress(`${name} healthy on :${app.port} (pid ${app.child.pid})`);
      interruption.check();
    }
    const intake = launcher.apps[0];
    await liftSourceRateLimit(db.url);

    // Whatever is on the run's topics already (start-up's own events) is taken before measuring.
    await admin.connect();
    const lags = await waitForGroupsToCatchUp(
      admin,
      [
        { group: run.onBroker('dispatcher'), topic: run.onBroker(Topics.alarms) },
        { group: run.onBroker('escalator'), topic: run.onBroker(Topics.incidents) },
        { group: run.onBroker('audit'), topic: run.onBroker(Topics.incidents) },
      ],
      60_000,
      () => interruption.check(),
    );
    if (lags.length)
      progress(`warning: app consumer groups still lag (${lags.join('/')}) after 60 s; measuring anyway`);

    await observer.start();
    watch = new QueueWatch(db.url);
    await watch.start();
    // A few seconds at rest: what the five apps cost with nothing to do.
    sampler.mark('idle-start');
    await sleep(SETTINGS.idleSeconds * 1000);
    const countersBefore = await readDatabaseCounters(db.url);

    const load = new AlarmLoad(intake.port, run.id, {
      ratePerSecond: SETTINGS.rate,
      seconds: SECONDS,
      maxInFlight: SETTINGS.maxInFlight,
    });
    sampler.mark('load-start');
    const { start, sendEnd } = await load.run({
      stop: stopped,
      every5s: (secondsIn) =>
        progress(
          `load ${secondsIn.toFixed(0)} s: sent ${load.sent}, accepted ${load.indexById.size}, in flight ${load.inFlight}, handled ${observer.handledCount()}`,
        ),
    });
    await load.settle();
    sampler.mark('load-end');
    const loadEnd = wallNow();
    progress(`load done: ${load.alarms.length} due, ${load.indexById.size} accepted; draining`);

    const expected = load.accepted().filter((alarm) => alarm.dispatchable);
    await observer.waitUntilHandled(
      expected.map((alarm) => alarm.alarmId as string),
      wallNow() + SETTINGS.drainSeconds * 1000,
      stopped,
    );
    const drainEnd = wallNow();
    sampler.mark('drain-end');
    await watch.stop();
    const countersAfter = await readDatabaseCounters(db.url);
    interruption.check();
    const server = await readServerTimestamps(db.url, run.id);

    // The raw ceilings, on the machine the apps have left.
    await observer.stop();
    sampler.mark('apps-stopping');
    await launcher.stopAll();
    interruption.check();
    progress('apps stopped; raw ceilings next');
    const rawKafka = await measureKafkaCeiling(
      run.id,
      Math.min(60_000, Math.max(load.accepted().length, 1000)),
      { rate: SETTINGS.rate, seconds: RAW_PACED_SECONDS },
    );
    interruption.check();
    const rawPostgres = await measurePostgresCeiling(db.url, run.id, PG_SECONDS);
    interruption.check();
    sampler.stop();

    const report = intakeFigures({
      settings: SETTINGS,
      runId: run.id,
      startedAt: startedAt.toISOString(),
      jestProcessesAtStart: jestAtStart,
      load,
      start,
      sendEnd,
      loadEnd,
      drainEnd,
      observer,
      server,
      queueDepths: watch.depths,
      sessions: watch.sessionSummary(),
      sampler,
      countersBefore,
      countersAfter,
      appLogs: launcher.apps.map((app) => ({ name: app.name, log: app.log })),
      ceilings: { kafka: rawKafka, postgres: rawPostgres },
    });
    const text = renderIntakeReport(report);
    print(text);
    print(`JSON: ${writeResults('intake', startedAt, { ...report, text })}`);
    return 0;
  } catch (error) {
    if (error instanceof Interrupted || interruption.interrupted) {
      progress('interrupted: no report');
      return 130;
    }
    process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
    for (const app of launcher.apps) {
      if (app.exited || app.log.count('error') || app.log.count('fatal'))
        process.stderr.write(
          `── ${app.name} (${app.exited ?? 'running'}), last lines ──\n${app.log.tail(30)}\n`,
        );
    }
    return 1;
  } finally {
    sampler.stop();
    await watch?.stop().catch(() => undefined);
    await observer.stop();
    await admin.disconnect().catch(() => undefined);
    await launcher.stopAll();
    await run.dropNamespace();
    await dropBenchDatabase(db);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
