import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource, migrate, MIGRATIONS, TaskRepository } from '@erp/persistence';
import { createTestDatabase, TestDatabase } from '../support/services';

/**
 * Upgrading a database that already holds tasks: the acknowledgement watch carries over (watched, met, or
 * missed and handled), later deadlines still ahead become watched, and those already past are recorded as
 * stopped rather than all escalating at once.
 */
describe('the task-lifecycle migration on a database with tasks', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('erp_upgrade');
    const before = new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: MIGRATIONS.slice(
        0,
        MIGRATIONS.indexOf(MIGRATIONS.find((m) => m.name === 'TaskLifecycle1764570000000')!),
      ),
      migrationsTableName: 'schema_migrations',
    });
    await before.initialize();
    await before.runMigrations({ transaction: 'all' });
    await before.destroy();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db.drop();
  });

  it('carries each task’s watch over', async () => {
    const old = new DataSource({ type: 'postgres', url: db.url });
    await old.initialize();
    const ids = { watching: randomUUID(), acked: randomUUID(), escalated: randomUUID() };
    const insert = (
      id: string,
      status: string,
      ackAt: string,
      handled: string | null,
      departAt: string | null,
    ) =>
      old.query(
        `INSERT INTO tasks (id, incident_id, unit_id, role, status, dispatched_at, ack_deadline_at, acknowledged_at,
           escalation_step, ack_deadline_handled_at, clause_id, plan_version, depart_deadline_at)
         VALUES ($1, $2, 'township-office-511902001', 'lead', $3, now() - interval '1 minute', $4::timestamptz,
           CASE WHEN $3 = 'acknowledged' THEN now() END, 0, $5::timestamptz, 'c', 'seed-2020/1', $6::timestamptz)`,
        [id, randomUUID(), status, ackAt, handled, departAt],
      );
    await insert(
      ids.watching,
      'dispatched',
      new Date(Date.now() + 240_000).toISOString(),
      null,
      new Date(Date.now() + 600_000).toISOString(),
    );
    await insert(
      ids.acked,
      'acknowledged',
      new Date(Date.now() - 1_000).toISOString(),
      null,
      new Date(Date.now() - 500).toISOString(),
    );
    await insert(
      ids.escalated,
      'dispatched',
      new Date(Date.now() - 30_000).toISOString(),
      new Date().toISOString(),
      null,
    );
    await old.destroy();

    ds = createDataSource({ url: db.url });
    await ds.initialize();
    await migrate(ds);
    const rows = await TaskRepository.watchOf(ds.manager, Object.values(ids));
    const of = (id: string) =>
      Object.fromEntries(
        rows.filter((r) => r.taskId === id).map((r) => [r.kind, { fired: r.fired, next: r.nextAt !== null }]),
      );
    expect(of(ids.watching)).toEqual({ ack: { fired: 0, next: true }, depart: { fired: 0, next: true } });
    expect(of(ids.acked)).toEqual({ ack: { fired: 0, next: false }, depart: { fired: 0, next: false } });
    expect(of(ids.escalated)).toEqual({ ack: { fired: 1, next: false } });
    const states = await ds.query(`SELECT task_id, kind, state FROM task_deadlines ORDER BY task_id, kind`);
    const state = (id: string, kind: string) =>
      states.find((s: any) => s.task_id === id && s.kind === kind)?.state;
    expect([
      state(ids.watching, 'ack'),
      state(ids.acked, 'ack'),
      state(ids.acked, 'depart'),
      state(ids.escalated, 'ack'),
    ]).toEqual(['watching', 'met', 'stopped', 'missed']);
  });
});
