import 'reflect-metadata';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { AuditModule, AuditReportsModule } from '@erp/audit';
import { CommandModule } from '@erp/command';
import { DispatchModule } from '@erp/dispatch';
import { chainHash, CHAIN_VERSION } from '@erp/domain';
import { DutyModule } from '@erp/duty';
import { IntakeModule } from '@erp/intake';
import { RunningService } from '@erp/platform';
import { startTestService } from '../support/product';
import { createTestDatabase, eventually, TestDatabase } from '../support/services';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';

/**
 * The audit trail on real PostgreSQL, the whole product in one process: an incident from its first alarm to
 * its close is complete in its timeline; then, as a superuser could (triggers disabled), every way of
 * tampering with it — any column, the summary included, a middle row, the tail, TRUNCATE, a whole incident,
 * a rewritten and re-hashed chain, a checkpoint — is found by verification; and the timeline rebuilt from
 * the event log is the live one, a removed incident appended back.
 */
const KEY = 'audit-trail-source-key';
const PASSWORD = 'audit-trail-password';
const REBUILD_CLI = path.resolve(__dirname, '../../dist/apps/audit/src/rebuild.js');

type Entry = {
  seq: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: Record<string, unknown>;
  summary: string;
  payload: Record<string, any>;
  hash: string;
};
type Verification = {
  intact: boolean;
  entries: number;
  headHash: string;
  firstBrokenAt?: number;
  problem?: { code: string };
  checkpoint: { lastSeq: number } | null;
};

describe('the audit trail: complete, provably untampered, rebuildable', () => {
  let db: TestDatabase;
  let app: RunningService;
  let url: string;
  let commander: string;
  let auditor: string;
  let admin: Client;
  let incidentId: string;
  let alarms: { id: string; receivedAt: string }[];
  let live: Entry[];

  beforeAll(async () => {
    db = await createTestDatabase('erp_audit_trail');
    app = await startTestService(
      'audit-trail',
      { DATABASE_URL: db.url, DEMO_SOURCE_KEY: KEY, DEMO_PASSWORD: PASSWORD, CHECKPOINT_SECONDS: '1' },
      [IntakeModule, DispatchModule, DutyModule, CommandModule, AuditModule, AuditReportsModule],
    );
    url = app.url;
    [commander, auditor] = await Promise.all([
      login(url, 'commander', PASSWORD),
      login(url, 'auditor', PASSWORD),
    ]);
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    await admin?.end();
    await app?.stop();
    await db?.drop();
  });

  const timelineOf = async (id: string): Promise<{ chainIntact: boolean; entries: Entry[] }> =>
    (await call(url, 'GET', `/api/v1/incidents/${id}/timeline`, { token: commander })).body;
  const verify = async (id: string, token = auditor): Promise<Verification> => {
    const r = await call(url, 'GET', `/api/v1/incidents/${id}/timeline/verify`, { token });
    expect(r.status).toBe(200);
    return r.body;
  };
  const tasksOf = async (id: string) =>
    (await call(url, 'GET', `/api/v1/incidents/${id}`, { token: commander })).body.tasks as {
      id: string;
      allowedMoves: string[];
    }[];
  /** Walks a task to completed through the moves its stage allows, reporting once on the way. */
  const walk = async (task: { id: string; allowedMoves: string[] }): Promise<void> => {
    let current = task;
    let reported = false;
    for (let i = 0; i < 8 && current.allowedMoves.length > 0; i++) {
      const next =
        current.allowedMoves.find((m) => m === 'report' && !reported) ??
        current.allowedMoves.find((m) => !['report', 'decline'].includes(m));
      if (!next) return;
      if (next === 'report') {
        await call(url, 'POST', `/api/v1/tasks/${current.id}/reports`, {
          token: commander,
          body: { text: '现场已控制' },
        });
        reported = true;
        continue;
      }
      const r = await call(url, 'POST', `/api/v1/tasks/${current.id}/${next}`, { token: commander });
      if (r.status !== 200) return;
      current = r.body;
    }
  };
  /** Waits until a checkpoint seals the incident's whole timeline. */
  const sealed = (id: string) =>
    eventually(async () => {
      const v = await verify(id);
      expect(v.intact).toBe(true);
      expect(v.checkpoint?.lastSeq).toBe(v.entries);
      return v;
    }, 15_000);

  /** Runs statements as a superuser with every trigger off (session_replication_role), in one transaction. */
  const asSuperuser = async (statements: [string, unknown[]?][]) => {
    await admin.query('BEGIN');
    try {
      await admin.query('SET LOCAL session_replication_role = replica');
      for (const [sql, params] of statements) await admin.query(sql, params);
      await admin.query('COMMIT');
    } catch (e) {
      await admin.query('ROLLBACK');
      throw e;
    }
  };
  /** The raw rows of a table where a column is a value, to put back exactly after a tampering. */
  const rowsOf = async (table: string, where: string, params: unknown[]) =>
    (await admin.query(`SELECT coalesce(json_agg(t), '[]') AS rows FROM ${table} t WHERE ${where}`, params))
      .rows[0].rows;
  const restore = (table: string, where: string, params: unknown[], rows: unknown) =>
    asSuperuser([
      [`DELETE FROM ${table} WHERE ${where}`, params],
      [
        `INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1)`,
        [JSON.stringify(rows)],
      ],
    ]);

  /** Applies a tampering, verifies, puts everything back and checks the trail holds again. */
  const tamper = async (statements: [string, unknown[]?][]): Promise<Verification> => {
    const entries = await rowsOf('timeline_entries', 'true', []);
    const checkpoints = await rowsOf('timeline_checkpoints', 'true', []);
    await asSuperuser(statements);
    const found = await verify(incidentId);
    await restore('timeline_entries', 'true', [], entries);
    await restore('timeline_checkpoints', 'true', [], checkpoints);
    expect((await verify(incidentId)).intact).toBe(true);
    return found;
  };

  it('has every event of an incident from its first alarm to its close, with actor and both times', async () => {
    const first = await call(url, 'POST', '/api/v1/alarms', {
      body: alarmBody({
        townshipCode: '511902001',
        type: 'fire',
        externalId: 'CALL-0001',
        description: '民房起火',
      }),
      apiKey: KEY,
    });
    incidentId = await incidentOfAlarm(url, first.body.alarmId, KEY);
    const second = await call(url, 'POST', '/api/v1/alarms', {
      body: alarmBody({
        townshipCode: '511902001',
        type: 'fire',
        externalId: 'CALL-0002',
        description: '浓烟',
      }),
      apiKey: KEY,
    });
    expect(await incidentOfAlarm(url, second.body.alarmId, KEY)).toBe(incidentId);

    // Every task through its stages (a report on the way), then the close.
    let closed = 0;
    for (let round = 0; round < 12 && closed !== 200; round++) {
      for (const t of (await tasksOf(incidentId)).filter((x) => x.allowedMoves.length)) await walk(t);
      closed = (
        await call(url, 'POST', `/api/v1/incidents/${incidentId}/close`, {
          token: commander,
          body: { outcome: '处置完毕', summary: '明火扑灭' },
        })
      ).status;
    }
    expect(closed).toBe(200);

    const timeline = await eventually(async () => {
      const t = await timelineOf(incidentId);
      expect(t.entries.map((e) => e.type)).toContain('IncidentClosed');
      // The teams are freed by the close: their status change comes after it.
      expect(
        t.entries.filter((e) => e.type === 'RescueTeamStatusChanged' && e.payload.to === 'available').length,
      ).toBeGreaterThan(0);
      return t;
    }, 15_000);
    live = timeline.entries;
    expect(timeline.chainIntact).toBe(true);
    const types = live.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['AlarmReceived', 'IncidentOpened', 'IncidentClassified']);
    for (const type of [
      'AlarmJoinedIncident',
      'TaskDispatched',
      'TaskAcknowledged',
      'TaskDeparted',
      'TaskArrived',
      'TaskReported',
      'TaskCompleted',
      'RescueTeamStatusChanged',
      'IncidentClosed',
    ])
      expect(types).toContain(type);
    // Each alarm's receipt: when it was received, by its source, with its own id, before it was placed.
    alarms = (await call(url, 'GET', `/api/v1/incidents/${incidentId}`, { token: commander })).body.alarms;
    const receipts = live.filter((e) => e.type === 'AlarmReceived');
    expect(receipts.map((e) => e.payload.alarmId).sort()).toEqual(alarms.map((a) => a.id).sort());
    for (const receipt of receipts) {
      const alarm = alarms.find((a) => a.id === receipt.payload.alarmId)!;
      expect(receipt.occurredAt).toBe(new Date(alarm.receivedAt).toISOString());
      expect(receipt.actor).toEqual({ kind: 'source', id: 'demo-source' });
      expect(receipt.summary).toMatch(/^接报：demo-source 报警 fire（CALL-000[12]）$/);
      const placed = live.find(
        (e) => ['IncidentOpened', 'AlarmJoinedIncident'].includes(e.type) && e.payload.alarmId === alarm.id,
      )!;
      expect(receipt.seq).toBeLessThan(placed.seq);
    }
    for (const e of live) {
      expect(e.actor.kind).toMatch(/^(source|user|system)$/);
      expect(Date.parse(e.occurredAt)).not.toBeNaN();
      expect(Date.parse(e.recordedAt)).not.toBeNaN();
    }
    expect(live.find((e) => e.type === 'TaskAcknowledged')!.actor).toMatchObject({
      kind: 'user',
      name: 'commander',
    });
    const classified = live.find((e) => e.type === 'IncidentClassified')!;
    expect(classified.summary).toContain('依据');
    // Every event of the incident is in the event log too, and each once in the timeline.
    const logged = await admin.query(`SELECT count(*)::int AS n FROM event_log WHERE incident_id = $1`, [
      incidentId,
    ]);
    expect(logged.rows[0].n).toBe(live.length - receipts.length);
    expect(new Set(live.map((e) => e.hash)).size).toBe(live.length);
  }, 90_000);

  it('is sealed by a checkpoint, and verify says so', async () => {
    const v = await sealed(incidentId);
    expect(v).toMatchObject({ intact: true, entries: live.length, headHash: live[live.length - 1].hash });
    expect(v.firstBrokenAt).toBeUndefined();
    const district = await call(url, 'GET', '/api/v1/audit/checkpoints/verify', { token: auditor });
    expect(district.body).toMatchObject({ intact: true, unmatchedHeads: [] });
    expect(district.body.checkpoints).toBeGreaterThan(0);
  }, 30_000);

  it('refuses UPDATE, DELETE and TRUNCATE of the audit tables while the triggers stand', async () => {
    for (const sql of [
      `UPDATE timeline_entries SET summary = 'x' WHERE incident_id = '${incidentId}'`,
      `DELETE FROM timeline_entries WHERE incident_id = '${incidentId}'`,
      'TRUNCATE timeline_entries',
      `UPDATE event_log SET event_type = 'x'`,
      'DELETE FROM event_log',
      'TRUNCATE event_log',
      `UPDATE timeline_checkpoints SET head_hash = 'x'`,
      'DELETE FROM timeline_checkpoints',
      'TRUNCATE timeline_checkpoints',
    ]) {
      await expect(admin.query(sql)).rejects.toThrow(/append-only/);
    }
  });

  const middle = () => live[Math.floor(live.length / 2)].seq;

  it.each([
    ['summary', `summary = '已按时签收（伪造）'`],
    ['payload', `payload = (payload::jsonb || '{"late": false}')::json`],
    ['payload text alone (same content, keys reordered)', `payload = (payload::jsonb)::text::json`],
    ['actor', `actor = '{"id":"mallory","kind":"user"}'`],
    ['occurred_at', `occurred_at = occurred_at - interval '5 minutes'`],
    ['recorded_at', `recorded_at = recorded_at + interval '1 second'`],
    ['event_type', `event_type = 'TaskCompleted'`],
    ['event_id', `event_id = gen_random_uuid()`],
    ['prev_hash', `prev_hash = repeat('0', 64)`],
    ['hash', `hash = repeat('f', 64)`],
  ])('finds an edited %s at its own entry', async (_column, set) => {
    const seq = middle();
    const v = await tamper([
      [`UPDATE timeline_entries SET ${set} WHERE incident_id = $1 AND seq = $2`, [incidentId, seq]],
    ]);
    expect(v).toMatchObject({ intact: false, firstBrokenAt: seq });
  });

  it('finds an entry relabelled chain version 1 (to take its summary out of the hash)', async () => {
    const seq = middle();
    const v = await tamper([
      [
        `UPDATE timeline_entries SET chain_version = 1, summary = '伪造' WHERE incident_id = $1 AND seq = $2`,
        [incidentId, seq],
      ],
    ]);
    expect(v).toMatchObject({ intact: false, firstBrokenAt: seq, problem: { code: 'CHAIN_BROKEN' } });
  });

  it('finds a deleted middle row', async () => {
    const seq = middle();
    const v = await tamper([
      [`DELETE FROM timeline_entries WHERE incident_id = $1 AND seq = $2`, [incidentId, seq]],
    ]);
    expect(v).toMatchObject({ intact: false, firstBrokenAt: seq, problem: { code: 'ENTRY_MISSING' } });
  });

  it('finds the last five entries cut off', async () => {
    const v = await tamper([
      [`DELETE FROM timeline_entries WHERE incident_id = $1 AND seq > $2`, [incidentId, live.length - 5]],
    ]);
    expect(v).toMatchObject({
      intact: false,
      entries: live.length - 5,
      firstBrokenAt: live.length - 4,
      problem: { code: 'TAIL_MISSING' },
    });
  });

  it('finds the timeline truncated with its triggers disabled', async () => {
    const v = await tamper([
      ['ALTER TABLE timeline_entries DISABLE TRIGGER USER'],
      ['TRUNCATE timeline_entries'],
      ['ALTER TABLE timeline_entries ENABLE TRIGGER USER'],
    ]);
    expect(v).toMatchObject({
      intact: false,
      entries: 0,
      firstBrokenAt: 1,
      problem: { code: 'TAIL_MISSING' },
    });
  });

  it('finds a whole incident removed, its row and tasks too, by the id and district-wide', async () => {
    const snapshot = {
      incidents: await rowsOf('incidents', 'id = $1', [incidentId]),
      tasks: await rowsOf('tasks', 'incident_id = $1', [incidentId]),
      entries: await rowsOf('timeline_entries', 'incident_id = $1', [incidentId]),
    };
    await asSuperuser([
      ['DELETE FROM timeline_entries WHERE incident_id = $1', [incidentId]],
      ['DELETE FROM tasks WHERE incident_id = $1', [incidentId]],
      ['DELETE FROM incidents WHERE id = $1', [incidentId]],
    ]);
    try {
      // The auditor still gets an answer for the id: the checkpoints remember the incident.
      expect(await verify(incidentId)).toMatchObject({
        intact: false,
        entries: 0,
        problem: { code: 'TAIL_MISSING' },
      });
      const district = await call(url, 'GET', '/api/v1/audit/checkpoints/verify', { token: auditor });
      expect(district.body.intact).toBe(false);
      expect(district.body.unmatchedHeads).toEqual([
        { incidentId, lastSeq: live.length, headHash: live[live.length - 1].hash, storedEntries: 0 },
      ]);
      // An officer is told nothing about an incident they cannot see.
      const officer = await login(url, 'duty-511902001', PASSWORD);
      expect(
        (await call(url, 'GET', `/api/v1/incidents/${incidentId}/timeline/verify`, { token: officer }))
          .status,
      ).toBe(404);
    } finally {
      await restore('incidents', 'id = $1', [incidentId], snapshot.incidents);
      await restore('tasks', 'incident_id = $1', [incidentId], snapshot.tasks);
      await restore('timeline_entries', 'incident_id = $1', [incidentId], snapshot.entries);
    }
    expect((await verify(incidentId)).intact).toBe(true);
  });

  it('finds a chain rewritten from one entry on and re-hashed to the end', async () => {
    const from = middle();
    const rows: {
      seq: number;
      event_id: string;
      event_type: string;
      occurred_at: string;
      recorded_at: string;
      actor: unknown;
      summary: string;
      payload: unknown;
      prev_hash: string;
    }[] = (
      await admin.query(
        `SELECT seq, event_id, event_type, actor, summary, payload, prev_hash,
                to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
                to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at
           FROM timeline_entries WHERE incident_id = $1 AND seq >= $2 ORDER BY seq`,
        [incidentId, from],
      )
    ).rows;
    let prev = rows[0].prev_hash;
    const statements: [string, unknown[]][] = [];
    for (const r of rows) {
      const fields = {
        incidentId,
        seq: r.seq,
        eventId: r.event_id,
        eventType: r.event_type,
        occurredAt: r.occurred_at,
        recordedAt: r.recorded_at,
        actor: r.actor,
        payload: r.payload,
        summary: r.seq === from ? `${r.summary}（已改写）` : r.summary,
      };
      const hash = chainHash(prev, fields);
      statements.push([
        `UPDATE timeline_entries SET summary = $3, prev_hash = $4, hash = $5, chain_version = $6 WHERE incident_id = $1 AND seq = $2`,
        [incidentId, r.seq, fields.summary, prev, hash, CHAIN_VERSION],
      ]);
      prev = hash;
    }
    const v = await tamper(statements);
    expect(v).toMatchObject({ intact: false, problem: { code: 'HEAD_REPLACED' } });
    expect(v.firstBrokenAt).toBeLessThanOrEqual(from);
  });

  it('finds a checkpoint edited, or removed from the district chain', async () => {
    const edited = await tamper([
      [
        `UPDATE timeline_checkpoints SET last_seq = last_seq - 1
          WHERE seq = (SELECT max(seq) FROM timeline_checkpoints WHERE incident_id = $1)`,
        [incidentId],
      ],
    ]);
    expect(edited).toMatchObject({ intact: false, problem: { code: 'CHECKPOINT_ALTERED' } });

    // Another incident, so that the district chain has links after the first.
    const other = await call(url, 'POST', '/api/v1/alarms', {
      body: alarmBody({ townshipCode: '511902005', type: 'public_security', description: '聚集' }),
      apiKey: KEY,
    });
    await sealed(await incidentOfAlarm(url, other.body.alarmId, KEY));
    const checkpoints = await rowsOf('timeline_checkpoints', 'true', []);
    expect(checkpoints.length).toBeGreaterThan(1);
    await asSuperuser([['DELETE FROM timeline_checkpoints WHERE seq = 1']]);
    try {
      const district = await call(url, 'GET', '/api/v1/audit/checkpoints/verify', { token: auditor });
      expect(district.body).toMatchObject({ intact: false, firstBrokenAt: 1, checkpoints: 0 });
    } finally {
      await restore('timeline_checkpoints', 'true', [], checkpoints);
    }
    expect((await call(url, 'GET', '/api/v1/audit/checkpoints/verify', { token: auditor })).body.intact).toBe(
      true,
    );
  }, 30_000);

  /** Runs the built rebuild CLI on the test database. */
  const rebuild = async (...args: string[]) => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [REBUILD_CLI, ...args], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url },
      });
      return { code: 0, out: JSON.parse(stdout) };
    } catch (e) {
      const failed = e as { code: number; stdout: string; stderr: string };
      return { code: failed.code, out: failed.stdout ? JSON.parse(failed.stdout) : failed.stderr };
    }
  };

  it('rebuilds from the event log exactly the timeline that was projected live', async () => {
    const r = await rebuild('timeline', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toMatchObject({ rebuilt: 'timeline', appended: [], differing: [] });
    expect(r.out.equal).toBe(r.out.incidents);
    expect(r.out.incidents).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('puts back a removed incident timeline by appending it from the log, and shows tampering it will not fix', async () => {
    await asSuperuser([['DELETE FROM timeline_entries WHERE incident_id = $1', [incidentId]]]);
    expect((await verify(incidentId)).intact).toBe(false);
    const repaired = await rebuild('timeline');
    expect(repaired.code).toBe(0);
    expect(repaired.out.appended).toEqual([{ incidentId, from: 1, to: live.length }]);
    const after = await timelineOf(incidentId);
    expect(after.entries).toEqual(live);
    expect(after.chainIntact).toBe(true);

    const seq = middle();
    const before = await rowsOf('timeline_entries', 'incident_id = $1', [incidentId]);
    await asSuperuser([
      [`UPDATE timeline_entries SET summary = '伪造' WHERE incident_id = $1 AND seq = $2`, [incidentId, seq]],
    ]);
    try {
      const refused = await rebuild('timeline');
      expect(refused.code).toBe(1);
      expect(refused.out.differing).toEqual([
        { incidentId, firstDifferentSeq: seq, storedLastSeq: live.length, rebuiltLastSeq: live.length },
      ]);
    } finally {
      await restore('timeline_entries', 'incident_id = $1', [incidentId], before);
    }
  }, 60_000);
});
