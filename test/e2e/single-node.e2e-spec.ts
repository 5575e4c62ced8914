import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { SAMPLE_SENSORS } from '@erp/domain';
import { eventually } from '../support/services';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';
import { openLiveStream } from '../support/live-stream';
import { exited, freePort, SINGLE_NODE_ENTRY, SingleNodeProcess } from '../support/single-node-process';

/**
 * Single-node mode as `npm start` runs it: the built entry point in its own process, embedded PostgreSQL,
 * BullMQ's PostgreSQL backend, in-process events fed from the outbox. Killed with SIGKILL mid-way and
 * started again on the same data directory, it must lose nothing.
 */
const ENTRY = SINGLE_NODE_ENTRY;
const KEY = 'single-node-e2e-source-key';
const PASSWORD = 'single-node-e2e-password';
/** The plan's 5-minute acknowledgement becomes 3 s; every deadline and ladder wait is scaled alike. */
const SCALE = 0.01;
const ACK_SECONDS = 3;

describe('single-node mode (embedded PostgreSQL, PostgreSQL timers, in-process events)', () => {
  let node: SingleNodeProcess;
  let base: string;
  let dataDir: string;
  const start = () => node.start();

  beforeAll(async () => {
    expect(existsSync(ENTRY)).toBe(true); // `npm test` builds first (pretest)
    node = await SingleNodeProcess.create({
      DEMO_SOURCE_KEY: KEY,
      DEMO_PASSWORD: PASSWORD,
      DEADLINE_SCALE: String(SCALE),
    });
    base = node.base;
    dataDir = node.dataDir;
    await start();
  }, 120_000);

  afterAll(() => node.cleanup(), 60_000);

  it('prints the demo credentials and reports its embedded engines', async () => {
    expect(node.output).toContain(`X-Api-Key: ${KEY}`);
    expect(node.output).toContain('duty-511902001');
    const health = await call(base, 'GET', '/health');
    expect(health.body.dependencies).toEqual({
      postgres: { state: 'up' },
      eventStream: { state: 'up', adapter: 'in-process' },
      timers: {
        state: 'up',
        adapter: 'postgres',
        lastReconciliation: { at: expect.any(String), wanted: 0, restored: 0, removed: 0 },
      },
    });
  });

  it('refuses a second instance on the same DATA_DIR, and the first keeps its database', async () => {
    const second = spawn(process.execPath, [ENTRY], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(await freePort()),
        DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: String(await freePort()),
        DEMO_SOURCE_KEY: KEY,
        DEMO_PASSWORD: PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    second.stdout!.on('data', (d) => (said += d));
    second.stderr!.on('data', (d) => (said += d));
    expect(await exited(second)).toBe(1);
    expect(said).toContain(`pid ${node.child!.pid}`);
    expect(said).toContain('running instance');
    // The first instance still has its PostgreSQL: health, a sign-in and an alarm all work.
    expect((await call(base, 'GET', '/health')).body.dependencies.postgres).toEqual({ state: 'up' });
    await login(base, 'commander', PASSWORD);
    expect((await call(base, 'POST', '/api/v1/alarms', { body: alarmBody(), apiKey: KEY })).status).toBe(202);
  }, 60_000);

  it('runs as the least-privilege erp_app role, which cannot rewrite or truncate the timeline', async () => {
    const secret = (name: string) => readFileSync(join(dataDir, name), 'utf8').trim();
    for (const name of ['postgres-superuser-password', 'postgres-owner-password', 'postgres-app-password']) {
      expect(statSync(join(dataDir, name)).mode & 0o777).toBe(0o600);
    }
    const connect = async (user: string, password: string) => {
      const c = new Client({ host: '127.0.0.1', port: node.pgPort, user, password, database: 'erp' });
      await c.connect();
      return c;
    };
    const superuser = await connect('postgres', secret('postgres-superuser-password'));
    const app = await connect('erp_app', secret('postgres-app-password'));
    try {
      const { rows } = await superuser.query(
        `SELECT DISTINCT usename, r.rolsuper FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename
          WHERE application_name = 'erp-single-node'`,
      );
      expect(rows).toEqual([{ usename: 'erp_app', rolsuper: false }]);
      const { rows: owners } = await superuser.query(
        `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname IN ('public', 'bullmq')`,
      );
      expect(owners).toEqual([{ tableowner: 'erp_owner' }]);
      // The old password from the source no longer opens the superuser.
      await expect(connect('postgres', 'erp-single-node')).rejects.toThrow(/password authentication failed/);
      for (const sql of [
        'TRUNCATE timeline_entries',
        "UPDATE timeline_entries SET summary = 'x'",
        'ALTER TABLE timeline_entries DISABLE TRIGGER ALL',
        'SET session_replication_role = replica',
      ]) {
        await expect(app.query(sql)).rejects.toMatchObject({ code: '42501' });
      }
    } finally {
      await app.end();
      await superuser.end();
    }
  });

  it('walks an alarm to an acknowledged task, and a duplicate is the same alarm', async () => {
    const body = alarmBody({ townshipCode: '511902101', type: 'flood', casualties: { missing: 1 } });
    const first = await call(base, 'POST', '/api/v1/alarms', { body, apiKey: KEY });
    expect(first.status).toBe(202);
    const again = await call(base, 'POST', '/api/v1/alarms', { body, apiKey: KEY });
    expect(again.body).toEqual({ alarmId: first.body.alarmId, duplicate: true });
    const incidentId = await incidentOfAlarm(base, first.body.alarmId, KEY);
    const officer = await login(base, 'duty-511902101', PASSWORD);
    // The tiered plan's tasks follow IncidentClassified: the township leads, the water bureau supports, the
    // command room knows, and teams bring water rescue and diving (T2 flood).
    const incident = await eventually(async () => {
      const r = (await call(base, 'GET', `/api/v1/incidents/${incidentId}`, { token: officer })).body;
      expect(r.tasks.map((t: { unitId: string; role: string }) => `${t.unitId}:${t.role}`)).toEqual(
        expect.arrayContaining(['township-office-511902101:lead', 'district-command-room:notify']),
      );
      return r;
    }, 20_000);
    expect(incident).toMatchObject({ tier: 'T2_GENERAL', townshipCode: '511902101' });
    const lead = incident.tasks.find((t: { role: string }) => t.role === 'lead');
    expect(lead).toMatchObject({ planVersion: 'seed-2020/2', clauseId: 't2-township-office-leads' });
    const teams = incident.tasks.filter((t: { etaSeconds: number | null }) => t.etaSeconds !== null);
    expect(teams.length).toBeGreaterThan(0);
    const ack = await call(base, 'POST', `/api/v1/tasks/${lead.id}/acknowledge`, { token: officer });
    expect(ack.status).toBe(200);
    await eventually(async () => {
      const t = await call(base, 'GET', `/api/v1/incidents/${incidentId}/timeline`, { token: officer });
      const types = t.body.entries.map((e: { type: string }) => e.type);
      expect(types.slice(0, 3)).toEqual(['AlarmReceived', 'IncidentOpened', 'IncidentClassified']);
      expect(types.filter((x: string) => x === 'TaskDispatched')).toHaveLength(incident.tasks.length);
      expect(types).toContain('TaskAcknowledged');
      expect(types).toContain('RescueTeamStatusChanged');
      expect(t.body.chainIntact).toBe(true);
    });
    // The single node serves the audit's routes too: verification and the printable report.
    const verified = await call(base, 'GET', `/api/v1/incidents/${incidentId}/timeline/verify`, {
      token: officer,
    });
    expect(verified).toMatchObject({ status: 200, body: { incidentId, intact: true } });
    const report = await fetch(`${base}/api/v1/incidents/${incidentId}/report`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await report.text()).toContain('突发事件处置报告');
  }, 60_000);

  it('shows a sensor reading over its threshold on the live stream (the monitoring topic)', async () => {
    const commander = await login(base, 'commander', PASSWORD);
    const sensor = SAMPLE_SENSORS.find((s) => s.kind === 'rain_gauge')!;
    const live = openLiveStream(base, commander);
    try {
      const reading = {
        sensorId: sensor.id,
        value: sensor.threshold + 20,
        measuredAt: new Date().toISOString(),
      };
      const sent = await call(base, 'POST', '/api/v1/readings', {
        body: { readings: [reading] },
        apiKey: KEY,
      });
      expect(sent.body).toMatchObject({ accepted: 1, exceeded: 1 });
      await eventually(async () => {
        const frame = live.frames.find((f) => f.data?.type === 'SensorThresholdExceeded');
        expect(frame?.data.payload).toMatchObject({
          sensorId: sensor.id,
          hazardPointId: sensor.hazardPointId,
          value: reading.value,
          threshold: sensor.threshold,
        });
      }, 20_000);
    } finally {
      live.close();
      await live.done;
    }
  }, 60_000);

  it('signs tokens with a secret generated into DATA_DIR (0600); the old source secret and tokens without exp fail', async () => {
    const path = join(dataDir, 'jwt-secret');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const secret = readFileSync(path, 'utf8').trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const claims = {
      username: 'commander',
      name: '区应急指挥长',
      role: 'commander',
      unit: 'district-command-room',
    };
    const subject = '00000000-0000-4000-8000-000000000001';
    const sign = (key: string, expiresIn?: number) =>
      jwt.sign(claims, key, {
        algorithm: 'HS256',
        subject,
        issuer: 'erp',
        ...(expiresIn ? { expiresIn } : {}),
      });
    const tasks = (token: string) => call(base, 'GET', '/api/v1/tasks', { token });
    // The secret that used to stand in when JWT_SECRET was unset, printed in the public source.
    expect((await tasks(sign('single-node-dev-secret-change-me', 600))).status).toBe(401);
    expect((await tasks(sign(secret))).status).toBe(401);
    expect((await tasks(sign(secret, 600))).status).toBe(200);
  });

  it('loses nothing when killed mid-way: pending deadlines still escalate, accepted alarms still dispatch', async () => {
    // A task whose deadline is running when the process dies.
    const watched = await call(base, 'POST', '/api/v1/alarms', {
      // Public security: the plan asks no rescue team, so the township office is the one task to watch.
      body: alarmBody({ townshipCode: '511902204', type: 'public_security', description: '聚集事件' }),
      apiKey: KEY,
    });
    const watchedIncident = await incidentOfAlarm(base, watched.body.alarmId, KEY);
    // Alarms accepted an instant before the crash: durable (202), perhaps not yet relayed.
    const lastMoment = await Promise.all(
      ['511902006', '511902007', '511902008'].map((code) =>
        call(base, 'POST', '/api/v1/alarms', { body: alarmBody({ townshipCode: code }), apiKey: KEY }),
      ),
    );
    expect(lastMoment.map((r) => r.status)).toEqual([202, 202, 202]);
    const commander = await login(base, 'commander', PASSWORD);
    await node.kill('SIGKILL');

    await start();
    // The kept secret survives the restart: a token from before it still works.
    await eventually(
      async () => {
        const r = (await call(base, 'GET', `/api/v1/incidents/${watchedIncident}`, { token: commander }))
          .body;
        expect(r.tasks.map((t: { unitId: string }) => t.unitId)).toEqual([
          'township-office-511902204',
          'district-command-room',
        ]);
      },
      (ACK_SECONDS + 20) * 1000,
      250,
    );
    for (const r of lastMoment) {
      await incidentOfAlarm(base, r.body.alarmId, KEY, 20_000);
    }
    // Exactly one incident per alarm, however often the outbox replayed after the crash.
    const timeline = await call(base, 'GET', `/api/v1/incidents/${watchedIncident}/timeline`, {
      token: commander,
    });
    const types = timeline.body.entries.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'IncidentOpened')).toHaveLength(1);
    // Each step of each ladder taken once, however often the timers and the outbox replayed.
    const steps = timeline.body.entries
      .filter((e: { type: string }) => e.type === 'TaskEscalated' || e.type === 'TaskDeadlineMissed')
      .map((e: { type: string; payload: Record<string, unknown> }) =>
        [e.payload.taskId, e.payload.deadline, e.payload.step ?? 0].join(':'),
      );
    expect(steps.length).toBeGreaterThan(0);
    expect(new Set(steps).size).toBe(steps.length);
    expect(timeline.body.chainIntact).toBe(true);
  }, 120_000);

  it('refuses to start on a bad configuration value, naming the variable', async () => {
    const bad = spawn(process.execPath, [ENTRY], {
      env: { PATH: process.env.PATH, PORT: 'eighty', DATA_DIR: dataDir, DEADLINE_SCALE: '-5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    bad.stderr!.on('data', (d) => (stderr += d));
    expect(await exited(bad)).toBe(1);
    expect(stderr).toMatch(/PORT: .*"eighty"/);
    expect(stderr).toMatch(/DEADLINE_SCALE: /);
  }, 30_000);

  it('stops cleanly on SIGINT, embedded PostgreSQL included', async () => {
    expect(await node.kill('SIGINT')).toBe(0);
    expect(node.output).toContain('stopped cleanly');
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
    expect(existsSync(pidFile)).toBe(false);
  }, 60_000);
});
