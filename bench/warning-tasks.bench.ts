/**
 * Benchmark of a district-wide warning (issue 15): a red rainstorm warning over the whole district, in the
 * national platform's form, tasks every geological hazard point of a register of BENCH_WARNING_POINTS
 * (2,000) points: patrol for its monitor, standby and evacuation for its person in charge. Measured: the
 * POST /api/v1/alarms/cap round trip, which answers once the warning, all its tasks and their deadline
 * timers (BullMQ on this PostgreSQL, as single-node runs) are committed; BENCH_WARNING_RUNS (5) warnings,
 * each on a fresh identifier. Target: every run < 1 s.
 * Usage: npm run bench:warnings (builds nothing; needs PostgreSQL on 127.0.0.1:5432)
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../libs/config/src';
import { BAZHOU } from '../libs/domain/src';
import { IntakeModule } from '../libs/intake/src';
import { DutyModule } from '../libs/duty/src';
import { createLogger, RunningService, startService } from '../libs/platform/src';
import { createBenchDatabase, dropBenchDatabase } from './lib/bench-database';
import { distribution } from './lib/distribution';
import { formatLatency } from './lib/figures-format';
import { knob } from './lib/knobs';
import { writeResults } from './lib/results-file';
import { print, progress } from './lib/terminal';
import type { TestDatabase } from '../test/support/services';

const POINTS = knob('BENCH_WARNING_POINTS', 2_000, { min: 12, max: 100_000 });
const RUNS = knob('BENCH_WARNING_RUNS', 5, { min: 1, max: 100 });
const TARGET_MS = 1_000;
const KEY = 'bench-warnings-key';
const KINDS = ['landslide', 'collapse', 'debris_flow', 'ground_subsidence'];

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();
const now = () => Number(process.hrtime.bigint()) / 1e6;
const beijing = (at: Date) =>
  `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')}+08:00`;

/** The district-wide fixture, red, sent a minute ago, expiring in a day, under its own identifier. */
function redWarning(identifier: string): string {
  const sent = beijing(new Date(Date.now() - 60_000));
  return readFileSync(
    join(__dirname, '../libs/cap/src/fixtures/cn-national_bazhou-rainstorm-orange.xml'),
    'utf8',
  )
    .replace(/<identifier>[^<]*<\/identifier>/, `<identifier>${identifier}</identifier>`)
    .replace(/<sendTime>[^<]*<\/sendTime>/, `<sendTime>${sent}</sendTime>`)
    .replace(/<effective>[^<]*<\/effective>/, `<effective>${sent}</effective>`)
    .replace(/<expires>[^<]*<\/expires>/, `<expires>${beijing(new Date(Date.now() + 86_400_000))}</expires>`)
    .replace('<severity>橙色</severity>', '<severity>红色</severity>');
}

/** A fictional register: POINTS geological points spread over the townships, near their centres. */
async function fillRegister(service: RunningService): Promise<{ geological: number; flood: number }> {
  const rows = Array.from({ length: POINTS }, (_, i) => {
    const township = BAZHOU.townships[i % BAZHOU.townships.length];
    const angle = (i * 2.39996) % (2 * Math.PI);
    const r = 0.005 + (i % 17) * 0.002;
    return {
      id: `BENCH-${String(i).padStart(6, '0')}`,
      name: `压测隐患点 ${i}（虚构）`,
      kind: KINDS[i % KINDS.length],
      township_code: township.code,
      lat: township.approxPosition.lat + r * Math.sin(angle),
      lon: township.approxPosition.lon + r * Math.cos(angle),
      risk_grade: 'general',
      threatened_persons: 20 + (i % 50),
      threatened_households: 5 + (i % 10),
      responsible_persons: [
        { role: 'monitor', name: '压测监测员', phone: '13800000000', userName: `bench-monitor-${i}` },
        { role: 'person_in_charge', name: '压测责任人', phone: '13800000001', userName: `bench-charge-${i}` },
      ],
    };
  });
  await service.infra.database.dataSource.query(
    `INSERT INTO hazard_points (id, name, kind, township_code, lat, lon, risk_grade, threatened_persons,
                                threatened_households, responsible_persons, sample)
     SELECT r.id, r.name, r.kind, r.township_code, r.lat, r.lon, r.risk_grade, r.threatened_persons,
            r.threatened_households, r.responsible_persons, true
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, kind text, township_code text, lat float8,
            lon float8, risk_grade text, threatened_persons int, threatened_households int,
            responsible_persons jsonb)`,
    [JSON.stringify(rows)],
  );
  const [counts] = await service.infra.database.dataSource.query(
    `SELECT count(*) FILTER (WHERE kind = ANY($1::text[]))::int AS geological,
            count(*) FILTER (WHERE kind = 'flood_point')::int AS flood
       FROM hazard_points`,
    [KINDS],
  );
  return counts;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  let db: TestDatabase | undefined;
  let service: RunningService | undefined;
  try {
    db = await createBenchDatabase('erp_bench_warnings');
    service = await startService(
      {
        service: 'bench-warnings',
        contexts: [IntakeModule, DutyModule],
        relay: false,
        timers: process.env.BENCH_WARNING_TIMERS !== '0',
      },
      {
        ...loadConfig({
          DATABASE_URL: db.url,
          DEMO_SOURCE_KEY: KEY,
          JWT_SECRET: 'bench-warnings-jwt-secret-0123456789abcdef',
          TIMER_QUEUE: `bench-warnings-${Date.now()}`,
        }),
        port: 0,
      },
      createLogger({ logFormat: 'json', logLevel: 'error' }, 'bench'),
    );
    const { geological, flood } = await fillRegister(service);
    progress(
      `register: ${POINTS} fictional points (+12 samples), ${geological} geological; load ${loadavg()}`,
    );
    // Red: patrol, standby and evacuation at each geological point; a patrol at each flood point.
    const expectedTasks = geological * 3 + flood;
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = now();
      const res = await fetch(`${service.url}/api/v1/alarms/cap`, {
        method: 'POST',
        headers: { 'content-type': 'application/cap+xml', 'x-api-key': KEY },
        body: redWarning(`bench-red-${startedAt.getTime()}-${run}`),
      });
      const elapsed = now() - started;
      const body = (await res.json()) as { alerts: { kind: string; tasksAdded: number }[] };
      const [alert] = body.alerts;
      if (res.status !== 202 || alert?.kind !== 'warning' || alert.tasksAdded !== expectedTasks) {
        throw new Error(
          `run ${run}: ${res.status} ${JSON.stringify(body).slice(0, 300)} (wanted ${expectedTasks} tasks)`,
        );
      }
      samples.push(elapsed);
      progress(`run ${run + 1}/${RUNS}: ${alert.tasksAdded} tasks in ${elapsed.toFixed(0)} ms`);
    }
    const latency = distribution(samples);
    const met = (latency.max ?? Infinity) < TARGET_MS;
    print(
      `\nA red warning over the whole district, ${geological} geological points, ${expectedTasks} tasks + timers`,
    );
    print(
      `  POST /api/v1/alarms/cap → 202: ${formatLatency(latency)}   target every run < ${TARGET_MS} ms: ${met ? 'met' : 'NOT met'}`,
    );
    print(`  load after: ${loadavg()}`);
    const file = writeResults('warning-tasks', startedAt, {
      points: POINTS,
      geologicalPoints: geological,
      tasksPerWarning: expectedTasks,
      runs: RUNS,
      latencyMs: latency,
      targetMs: TARGET_MS,
      met,
      loadavg: loadavg(),
    });
    print(`  figures: ${file}`);
    if (!met) process.exitCode = 1;
  } finally {
    await service?.stop();
    await dropBenchDatabase(db);
  }
}

main().catch((error) => {
  print(`bench failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
