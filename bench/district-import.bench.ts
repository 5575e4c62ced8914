/**
 * Benchmark of the district import (issue 17), on the machine's PostgreSQL and a fresh database: the demo
 * district's export with BENCH_IMPORT_TEAMS (1,000) more teams and BENCH_IMPORT_PEOPLE (10,000) more people
 * (spread over the new teams), uploaded as one .xlsx through HTTP as the commander: a dry run (target < 5 s),
 * then applied in one transaction (target < 10 s). Prints both, the workbook's size, and the process's peak
 * heap and RSS (the service runs in this process); writes them to bench/results/district-import-<time>.json.
 * Usage: npm run bench:import (builds nothing; needs PostgreSQL on 127.0.0.1:5432)
 */
import 'reflect-metadata';
import { CommandModule } from '../libs/command/src';
import { ImportKind, rowsOfSheets } from '../libs/command/src/import-district/district-sheets';
import { readWorkbook, writeWorkbook } from '../libs/command/src/import-district/workbook-io';
import { loadConfig } from '../libs/config/src';
import { BAZHOU } from '../libs/domain/src';
import { DutyModule } from '../libs/duty/src';
import { createLogger, RunningService, startService } from '../libs/platform/src';
import { createBenchDatabase, dropBenchDatabase } from './lib/bench-database';
import { knob } from './lib/knobs';
import { writeResults } from './lib/results-file';
import { print, progress } from './lib/terminal';
import type { TestDatabase } from '../test/support/services';

const TEAMS = knob('BENCH_IMPORT_TEAMS', 1_000, { min: 1, max: 10_000 });
const PEOPLE = knob('BENCH_IMPORT_PEOPLE', 10_000, { min: 0, max: 50_000 });
const PASSWORD = 'bench-import-password';
const DRY_RUN_TARGET_MS = 5_000;
const APPLY_TARGET_MS = 10_000;
type Rows = Record<ImportKind, Record<string, string>[]>;

const now = () => Number(process.hrtime.bigint()) / 1e6;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Peak heap and RSS, sampled every 20 ms while a part runs. */
function memoryPeak(): { stop(): { heapUsed: number; rss: number } } {
  const peak = { heapUsed: 0, rss: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.rss = Math.max(peak.rss, m.rss);
  };
  const timer = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { ...peak };
    },
  };
}

async function rowsOf(xlsx: Buffer): Promise<Rows> {
  return rowsOfSheets(await readWorkbook(xlsx));
}

/** The export, with the teams and people added: what a large district's first import looks like. */
function grown(rows: Rows): Rows {
  const offices = new Map(rows.units.filter((u) => u['所属乡镇']).map((u) => [u['所属乡镇'], u['单位名称']]));
  for (let t = 0; t < TEAMS; t++) {
    const township = BAZHOU.townships[t % BAZHOU.townships.length];
    rows.teams.push({
      队伍名称: `${township.name}应急分队${t + 1}`,
      所属乡镇: township.code,
      上级单位: offices.get(township.code) ?? '',
      基地纬度: String(township.approxPosition.lat),
      基地经度: String(township.approxPosition.lon),
      车辆类型: ['rescue_truck', '越野车', '皮卡', '徒步'][t % 4],
      能力: t % 2 ? 'rope_rescue、medical' : 'drone、life_detector、satellite_phone',
      装备: '无人机、担架、卫星电话',
      级别: '乡镇级',
      队伍类型: '干部职工',
      人数: '12',
      联系人: '队长',
      值班电话: `137${String(t).padStart(8, '0')}`,
    });
  }
  for (let p = 0; p < PEOPLE; p++) {
    const team = rows.teams[rows.teams.length - TEAMS + (p % TEAMS)];
    rows.people.push({
      姓名: `队员${p}`,
      用户名: `bench-${p}`,
      手机: `139${String(p).padStart(8, '0')}`,
      所属单位: team['队伍名称'],
      职务: p < TEAMS ? '负责人' : '值班员',
    });
  }
  return rows;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  let db: TestDatabase | undefined;
  let app: RunningService | undefined;
  try {
    db = await createBenchDatabase('erp_bench_import');
    app = await startService(
      { service: 'bench-import', contexts: [DutyModule, CommandModule], relay: false, timers: false },
      {
        ...loadConfig({
          DATABASE_URL: db.url,
          DEMO_PASSWORD: PASSWORD,
          JWT_SECRET: 'bench-import-jwt-secret-0123456789',
        }),
        port: 0,
      },
      createLogger({ logFormat: 'json', logLevel: 'error' }, 'bench'),
    );
    const login = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'commander', password: PASSWORD }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { authorization: `Bearer ${token}` };
    const exported = Buffer.from(
      await (await fetch(`${app.url}/api/v1/exports/district.xlsx`, { headers: auth })).arrayBuffer(),
    );
    const workbook = await writeWorkbook(grown(await rowsOf(exported)));
    progress(
      `workbook: ${TEAMS} teams and ${PEOPLE} people added, ${(workbook.length / 1024).toFixed(0)} KB`,
    );

    const upload = async (query: string) => {
      const form = new FormData();
      form.append('file', new Blob([workbook]), 'district.xlsx');
      const memory = memoryPeak();
      const started = now();
      const res = await fetch(`${app!.url}/api/v1/imports${query}`, {
        method: 'POST',
        headers: auth,
        body: form,
      });
      const body = (await res.json()) as { errors: unknown[]; created: Record<string, number> };
      const ms = now() - started;
      const peak = memory.stop();
      if (res.status !== 200 || body.errors.length > 0) {
        throw new Error(`import${query} answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
      }
      return { ms, peak, created: body.created };
    };
    global.gc?.();
    const dry = await upload('');
    const applied = await upload('?dryRun=false');
    const figures = {
      teams: TEAMS,
      people: PEOPLE,
      workbookBytes: workbook.length,
      dryRun: {
        ms: Math.round(dry.ms),
        targetMs: DRY_RUN_TARGET_MS,
        peakHeapBytes: dry.peak.heapUsed,
        peakRssBytes: dry.peak.rss,
      },
      apply: {
        ms: Math.round(applied.ms),
        targetMs: APPLY_TARGET_MS,
        peakHeapBytes: applied.peak.heapUsed,
        peakRssBytes: applied.peak.rss,
      },
      created: applied.created,
    };
    print(
      `district import: ${TEAMS} teams, ${PEOPLE} people (${(workbook.length / 1024).toFixed(0)} KB workbook)`,
    );
    print(
      `  dry run  ${figures.dryRun.ms} ms (target < ${DRY_RUN_TARGET_MS}) ${dry.ms < DRY_RUN_TARGET_MS ? 'ok' : 'OVER'}  peak heap ${mb(dry.peak.heapUsed)}, rss ${mb(dry.peak.rss)}`,
    );
    print(
      `  apply    ${figures.apply.ms} ms (target < ${APPLY_TARGET_MS}) ${applied.ms < APPLY_TARGET_MS ? 'ok' : 'OVER'}  peak heap ${mb(applied.peak.heapUsed)}, rss ${mb(applied.peak.rss)}`,
    );
    print(`  results: ${writeResults('district-import', startedAt, figures)}`);
  } finally {
    await app?.stop();
    await dropBenchDatabase(db);
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`district import bench failed: ${error.stack}\n`);
    process.exit(1);
  },
);
