/**
 * What logs and metrics cost the intake, before and after, in one run: the built alarm-intake app in
 * services mode (Kafka, PostgreSQL, Redis) takes the same open-loop load with REQUEST_LOG and METRICS off
 * ("before": request ids only) and on (one JSON line per request, every series), rounds interleaved so
 * the machine's drift falls on both. Figure: the app's CPU per accepted alarm. Target: ≤ 5 % more.
 *
 *   npm run bench:observability     (after npm run build, with deploy/kafka started)
 *
 * Knobs: BENCH_RATE (500 alarms/s), BENCH_SECONDS (20, measured per round), BENCH_WARMUP_SECONDS (5, not
 * measured), BENCH_ROUNDS (2 of each mode). Report on stdout, JSON in bench/results/observability-<time>.json.
 */
import { Scrape } from '../test/support/prometheus';
import { SERVICES } from '../test/support/services';
import { AlarmLoad, BENCH_SOURCE_KEY } from './lib/alarm-load';
import { liftSourceRateLimit } from './lib/alarm-source-limit';
import { AppLauncher, requireBuiltApps } from './lib/app-launcher';
import { createBenchDatabase, dropBenchDatabase } from './lib/bench-database';
import { knob } from './lib/knobs';
import { cpuSecondsOf } from './lib/proc-stats';
import { writeResults } from './lib/results-file';
import { BenchRun } from './lib/run-namespace';
import { print, progress } from './lib/terminal';

const positive = (max: number) => ({ min: 0, max, minExclusive: true });
const RATE = knob('BENCH_RATE', 500, positive(5000));
const SECONDS = knob('BENCH_SECONDS', 20, positive(300));
const WARMUP_SECONDS = knob('BENCH_WARMUP_SECONDS', 5, positive(60));
const ROUNDS = Math.floor(knob('BENCH_ROUNDS', 2, positive(10)));
const TARGET_OVERHEAD = 0.05;

const MODES = {
  before: { REQUEST_LOG: 'false', METRICS: 'false' },
  after: { REQUEST_LOG: 'true', METRICS: 'true' },
} as const;
type Mode = keyof typeof MODES;

interface Round {
  mode: Mode;
  accepted: number;
  cpuSeconds: number;
  cpuMsPerAlarm: number;
  /** Log lines the app wrote while measured: the request lines, in `after`. */
  logLines: number;
}

async function main(): Promise<number> {
  const startedAt = new Date();
  requireBuiltApps(['alarm-intake']);
  const run = new BenchRun('observability');
  const launcher = new AppLauncher();
  const db = await createBenchDatabase('erp_bench_obs');
  const rounds: Round[] = [];
  let counted: { accepted: number; received: number } | undefined;
  try {
    progress(
      `database ${db.name}; run ${run.id}; ${RATE}/s, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s a round`,
    );
    const order: Mode[] = Array.from({ length: ROUNDS }, (): Mode[] => ['before', 'after']).flat();
    for (const [i, mode] of order.entries()) {
      const app = await launcher.launch('alarm-intake', {
        databaseUrl: db.url,
        namespace: run.namespace,
        env: {
          REDIS_URL: SERVICES.redisUrl,
          DEMO_SOURCE_KEY: BENCH_SOURCE_KEY,
          LOG_LEVEL: 'log',
          ...MODES[mode],
        },
      });
      await launcher.waitHealthy(app);
      if (i === 0) await liftSourceRateLimit(db.url);
      const load = (tag: string, seconds: number) =>
        new AlarmLoad(app.port, `${run.id}-${i}-${tag}`, { ratePerSecond: RATE, seconds, maxInFlight: 2000 });
      const drive = async (alarms: AlarmLoad) => {
        await alarms.run({ stop: () => false, every5s: () => undefined });
        await alarms.settle();
        return alarms;
      };
      const warm = await drive(load('warm', WARMUP_SECONDS));
      const cpuBefore = cpuSecondsOf(app.child.pid);
      const linesBefore = app.log.count('info');
      const measured = await drive(load('measured', SECONDS));
      const cpuSeconds = cpuSecondsOf(app.child.pid) - cpuBefore;
      const accepted = measured.accepted().length;
      rounds.push({
        mode,
        accepted,
        cpuSeconds,
        cpuMsPerAlarm: (cpuSeconds * 1000) / Math.max(1, accepted),
        logLines: app.log.count('info') - linesBefore,
      });
      progress(
        `round ${i + 1}/${order.length} ${mode}: ${accepted} accepted, ${cpuSeconds.toFixed(2)} CPU s, ` +
          `${rounds[rounds.length - 1].cpuMsPerAlarm.toFixed(3)} ms/alarm`,
      );
      if (mode === 'after' && !counted) {
        // The series count what was sent: once the relay caught up, alarms received = alarms accepted.
        const sent = warm.accepted().length + accepted;
        let received = 0;
        for (let waited = 0; waited < 10_000 && received < sent; waited += 200) {
          received = (await Scrape.of(`http://127.0.0.1:${app.port}`)).total('erp_alarms_received_total');
          if (received < sent) await new Promise((r) => setTimeout(r, 200));
        }
        counted = { accepted: sent, received };
      }
      await launcher.stopAll();
    }
    const perAlarm = (mode: Mode) => {
      const of = rounds.filter((r) => r.mode === mode);
      return (
        (of.reduce((sum, r) => sum + r.cpuSeconds, 0) * 1000) / of.reduce((sum, r) => sum + r.accepted, 0)
      );
    };
    const before = perAlarm('before');
    const after = perAlarm('after');
    const overhead = after / before - 1;
    const text = [
      `logs + metrics on the intake, ${RATE} alarms/s, ${ROUNDS} × ${SECONDS} s each way, interleaved`,
      ...rounds.map(
        (r, i) =>
          `  round ${i + 1} ${r.mode.padEnd(6)} ${String(r.accepted).padStart(7)} alarms  ` +
          `${r.cpuSeconds.toFixed(2).padStart(7)} CPU s  ${r.cpuMsPerAlarm.toFixed(3)} ms/alarm  ${r.logLines} info lines`,
      ),
      `  before ${before.toFixed(3)} ms/alarm, after ${after.toFixed(3)} ms/alarm: ` +
        `${(overhead * 100).toFixed(1)} % more CPU per alarm (target ≤ ${TARGET_OVERHEAD * 100} %) ` +
        `${overhead <= TARGET_OVERHEAD ? 'MET' : 'MISSED'}`,
      counted
        ? `  /metrics counted ${counted.received} alarms received for ${counted.accepted} accepted`
        : '',
    ].join('\n');
    print(text);
    print(
      `JSON: ${writeResults('observability', startedAt, { rate: RATE, seconds: SECONDS, rounds, before, after, overhead, counted, text })}`,
    );
    return 0;
  } finally {
    await launcher.stopAll();
    await run.dropNamespace();
    await dropBenchDatabase(db);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);
