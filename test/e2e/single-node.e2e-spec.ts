import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/services';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';
import { exited, SINGLE_NODE_ENTRY, SingleNodeProcess } from '../support/single-node-process';

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
    await node.kill('SIGKILL');

    await start();
    const commander = await login(base, 'commander', PASSWORD);
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
