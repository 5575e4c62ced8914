/**
 * Benchmark of monitoring readings (issue 15): `POST /api/v1/readings` on the machine's PostgreSQL, each
 * reading checked against its registered sensor (unit, range, threshold), stored, and one
 * SensorThresholdExceeded recorded (outbox) for each over its threshold. Target: 10,000 readings a second
 * accepted and checked. In the same run, the ceiling: the same rows put by a bare INSERT of the same shape
 * (one unnest statement per batch, BENCH_CEILING_CLIENTS connections, no HTTP, no checks).
 *   sustained  BENCH_READINGS_RATE (10,000) readings/s for BENCH_SECONDS (10) s, open loop, in batches of
 *              BENCH_BATCH (500) from BENCH_SENSORS (500) sensors, ~2% over threshold; the run passes if
 *              every reading was accepted and the accepted rate is within 2% of the target.
 *   saturated  as fast as BENCH_CONCURRENCY (8) requests in flight allow, for BENCH_SECONDS: the path's most.
 *   ceiling    bare inserts for BENCH_SECONDS.
 * The built alarm-intake app serves it in services mode (Kafka topics of the run's own namespace, dropped
 * afterwards), in its own process; the load generator shares the machine's two cores. Writes the figures to
 * bench/results/readings-<time>.json.
 * Usage: npm run bench:readings (builds, starts deploy/kafka; needs PostgreSQL on 127.0.0.1:5432)
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { AppLauncher, requireBuiltApps } from './lib/app-launcher';
import { BenchRun } from './lib/run-namespace';
import { createBenchDatabase, dropBenchDatabase } from './lib/bench-database';
import { distribution, Distribution } from './lib/distribution';
import { formatLatency, perSecond } from './lib/figures-format';
import { knob } from './lib/knobs';
import { driveOpenLoop, OpenLoop } from './lib/open-loop';
import { writeResults } from './lib/results-file';
import { print, progress } from './lib/terminal';
import { sleep, wallNow } from './lib/wall-clock';
import type { TestDatabase } from '../test/support/services';

const RATE = knob('BENCH_READINGS_RATE', 10_000, { min: 1, max: 1_000_000 });
const SECONDS = knob('BENCH_SECONDS', 10, { min: 1, max: 600 });
const BATCH = knob('BENCH_BATCH', 500, { min: 1, max: 1_000 });
const SENSORS = knob('BENCH_SENSORS', 500, { min: 1, max: 100_000 });
const CONCURRENCY = knob('BENCH_CONCURRENCY', 8, { min: 1, max: 64 });
const CEILING_CLIENTS = knob('BENCH_CEILING_CLIENTS', 4, { min: 1, max: 64 });
const KEY = 'bench-readings-source-key';
const THRESHOLD = 50;

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();

/** Reading `i` of a run: sensors in turn, each one's readings a millisecond apart (unique per sensor and instant). */
function reading(run: number, i: number) {
  const sensor = i % SENSORS;
  const measuredAt = new Date(run - 3_600_000 + Math.floor(i / SENSORS)).toISOString();
  // Every 50th reading is over its sensor's threshold.
  return { sensorId: `bench-rain-${sensor}`, value: i % 50 === 0 ? 61.5 : 12.5, unit: 'mm/h', measuredAt };
}

interface PhaseFigures {
  sent: number;
  accepted: number;
  exceeded: number;
  refusedOrFailed: number;
  seconds: number;
  acceptedPerSecond: number;
  requestLatency: Distribution;
}

async function post(url: string, readings: unknown[]): Promise<{ accepted: number; exceeded: number }> {
  const res = await fetch(`${url}/api/v1/readings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({ readings }),
  });
  const body = (await res.json()) as { accepted?: number; exceeded?: number };
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return { accepted: body.accepted ?? 0, exceeded: body.exceeded ?? 0 };
}

/**
 * Runs one phase: `drive` calls `postBatch(b)` for batches b = 0, 1, … (batch b holds readings
 * b*BATCH … b*BATCH+BATCH-1) and answers how many it started; the phase waits for every answer.
 */
async function phase(
  name: string,
  drive: (postBatch: (b: number) => Promise<void>) => Promise<number>,
  url: string,
  run: number,
): Promise<PhaseFigures> {
  progress(`${name}: load ${loadavg()}`);
  const latencies: number[] = [];
  let accepted = 0;
  let exceeded = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  const postBatch = (b: number): Promise<void> => {
    const readings = Array.from({ length: BATCH }, (_, k) => reading(run, b * BATCH + k));
    const began = wallNow();
    const p: Promise<void> = post(url, readings)
      .then((r) => {
        accepted += r.accepted;
        exceeded += r.exceeded;
        failed += readings.length - r.accepted;
      })
      .catch((e) => {
        failed += readings.length;
        progress(`request failed: ${(e as Error).message}`);
      })
      .finally(() => {
        latencies.push(wallNow() - began);
        inFlight.delete(p);
      });
    inFlight.add(p);
    return p;
  };
  const started = wallNow();
  const batches = await drive(postBatch);
  await Promise.all(inFlight);
  const seconds = (wallNow() - started) / 1000;
  return {
    sent: batches * BATCH,
    accepted,
    exceeded,
    refusedOrFailed: failed,
    seconds,
    acceptedPerSecond: perSecond(accepted, seconds),
    requestLatency: distribution(latencies),
  };
}

/** Open loop: batches fall due at RATE / BATCH a second and are sent when due, whatever is in flight. */
const openLoop = (readingsTotal: number, rate: number) => (postBatch: (b: number) => Promise<void>) =>
  driveOpenLoop(new OpenLoop(Math.ceil(readingsTotal / BATCH), rate / BATCH, wallNow()), (from, to) => {
    for (let b = from; b < to; b++) void postBatch(b);
  });

/** Bare inserts of the same rows into a table of the same shape, as fast as the clients go. */
async function ceiling(
  db: TestDatabase,
  run: number,
): Promise<{ rows: number; seconds: number; rowsPerSecond: number }> {
  const pool = new Pool({ connectionString: db.url, max: CEILING_CLIENTS, application_name: 'bench-raw' });
  try {
    await pool.query(`CREATE TABLE bench_raw_readings (LIKE sensor_readings INCLUDING ALL)`);
    let next = 0;
    let rows = 0;
    const started = wallNow();
    const deadline = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CEILING_CLIENTS }, async () => {
        while (wallNow() < deadline) {
          const from = next;
          next += BATCH;
          const batch = Array.from({ length: BATCH }, (_, k) => reading(run, from + k));
          const now = new Date();
          const r = await pool.query(
            `INSERT INTO bench_raw_readings (sensor_id, measured_at, value, exceeded, source, received_at)
             SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::bool[], $5::text[], $6::timestamptz[])
             ON CONFLICT DO NOTHING`,
            [
              batch.map((b) => b.sensorId),
              batch.map((b) => b.measuredAt),
              batch.map((b) => b.value),
              batch.map((b) => b.value > THRESHOLD),
              batch.map(() => 'demo-source'),
              batch.map(() => now),
            ],
          );
          rows += r.rowCount ?? 0;
        }
      }),
    );
    const seconds = (wallNow() - started) / 1000;
    return { rows, seconds, rowsPerSecond: perSecond(rows, seconds) };
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  let db: TestDatabase | undefined;
  requireBuiltApps(['alarm-intake']);
  const run = new BenchRun('readings');
  const launcher = new AppLauncher();
  try {
    db = await createBenchDatabase('erp_bench_readings');
    // The alarm-intake app as deployed (services mode, on the run's own Kafka topics), in a process of its own.
    const intake = await launcher.launch('alarm-intake', {
      databaseUrl: db.url,
      namespace: run.namespace,
      env: { DEMO_SOURCE_KEY: KEY },
    });
    await launcher.waitHealthy(intake);
    const app = { url: `http://127.0.0.1:${intake.port}` };
    const pg = new Pool({ connectionString: db.url, max: 1 });
    await pg.query(`UPDATE alarm_sources SET rate_per_minute = 10000000`);
    await pg.query(
      `INSERT INTO sensors (id, kind, hazard_point_id, threshold, name, updated_at)
       SELECT 'bench-rain-' || i, 'rain_gauge', 'HP-' || (i % 12), $1, '基准雨量计 ' || i, now() FROM generate_series(0, $2 - 1) AS i`,
      [THRESHOLD, SENSORS],
    );
    // Warm-up: connections, prepared statements, the sensor cache (every sensor twice), paced as measured.
    await phase('warm-up', openLoop(SENSORS * 2, 5_000), app.url, 1);

    const total = Math.ceil((RATE * SECONDS) / BATCH) * BATCH;
    const sustained = await phase(`sustained ${RATE}/s`, openLoop(total, RATE), app.url, 2 * 3_600_000 * 24);
    const saturated = await phase(
      'saturated',
      async (postBatch) => {
        let next = 0;
        const deadline = wallNow() + SECONDS * 1000;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (wallNow() < deadline) await postBatch(next++);
          }),
        );
        return next;
      },
      app.url,
      3 * 3_600_000 * 24,
    );
    await sleep(500); // the relay publishes the last exceedances
    const raised = Number(
      (await pg.query(`SELECT count(*) AS n FROM outbox WHERE envelope->>'type' = 'SensorThresholdExceeded'`))
        .rows[0].n,
    );
    await pg.end();
    const bare = await ceiling(db, 4 * 3_600_000 * 24);
    // The schedule lasts total/RATE seconds; what the answers took beyond it is the backlog left at the end.
    const lagMs = Math.max(0, sustained.seconds * 1000 - (total / RATE) * 1000);
    const passed = sustained.refusedOrFailed === 0 && sustained.accepted === total && lagMs < 1_000;
    const figures = {
      machine: { loadavg: loadavg() },
      knobs: { RATE, SECONDS, BATCH, SENSORS, CONCURRENCY, CEILING_CLIENTS },
      sustained,
      saturated,
      exceedancesRecorded: raised,
      ceiling: bare,
      target: { readingsPerSecond: RATE, lagMs, passed },
    };
    print();
    print(`readings (${SENSORS} sensors, batches of ${BATCH}, alarm-intake app; load ${loadavg()})`);
    for (const [name, f] of [
      ['sustained', sustained],
      ['saturated', saturated],
    ] as const) {
      print(
        `  ${name.padEnd(10)} ${f.accepted} accepted of ${f.sent} in ${f.seconds.toFixed(1)} s = ${Math.round(f.acceptedPerSecond)}/s; ` +
          `${f.exceeded} over threshold; request ${formatLatency(f.requestLatency)}`,
      );
    }
    print(
      `  ceiling    bare INSERT of the same rows: ${Math.round(bare.rowsPerSecond)}/s (${CEILING_CLIENTS} clients)`,
    );
    print(`  exceedances recorded (outbox): ${raised}`);
    print(
      `  target ${RATE}/s accepted and checked: ${passed ? 'PASS' : 'FAIL'} (last answer ${Math.round(lagMs)} ms after the schedule ended; < 1000 ms keeps up)`,
    );
    print(`  results: ${writeResults('readings', startedAt, figures)}`);
    if (!passed) process.exitCode = 1;
  } finally {
    await launcher.stopAll();
    await run.dropNamespace();
    await dropBenchDatabase(db);
  }
}

void main().catch((e) => {
  process.stderr.write(`bench readings failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
