import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrateTimerSchema } from '@erp/timers';
import { createDataSource, migrate } from '@erp/persistence';
import { handOverToOwner } from '../../apps/single-node/src/embedded-roles';
import { migratedDatabase } from '../support/database';
import { createTestDatabase, SERVICES, TestDatabase } from '../support/services';

/**
 * The apps' least-privilege role on a real PostgreSQL, as the migrations leave it: it reads and writes the
 * tables, and can neither change the schema nor rewrite the audit timeline by any route.
 */
describe('the erp_app role the migrations create', () => {
  let db: TestDatabase;
  let close: () => Promise<void>;
  let app: Client;
  let owner: Client;

  const refused = async (client: Client, sql: string): Promise<string> => {
    try {
      await client.query(sql);
    } catch (e) {
      return `${(e as { code?: string }).code} ${(e as Error).message}`;
    }
    throw new Error(`not refused: ${sql}`);
  };

  beforeAll(async () => {
    const migrated = await migratedDatabase();
    db = migrated.db;
    close = migrated.close;
    const url = new URL(db.url);
    url.username = 'erp_app';
    app = new Client({ connectionString: url.toString() });
    await app.connect();
    owner = new Client({ connectionString: db.url });
    await owner.connect();
    await owner.query(
      `INSERT INTO timeline_entries (incident_id, seq, event_id, event_type, occurred_at, recorded_at, actor,
                                     summary, payload, prev_hash, hash)
       VALUES (gen_random_uuid(), 1, gen_random_uuid(), 'IncidentOpened', now(), now(), '{}', 's', '{}', '', 'h')`,
    );
  }, 60_000);

  afterAll(async () => {
    await app?.end();
    await owner?.end();
    await close?.();
  });

  it('is no superuser and cannot bypass row security or replication rules', async () => {
    const { rows } = await app.query(
      `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows[0]).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
    });
    expect(await refused(app, `SET session_replication_role = replica`)).toMatch(/^42501/);
  });

  it('reads and writes the working tables', async () => {
    await app.query(`INSERT INTO processed_events (consumer, event_id) VALUES ('t', gen_random_uuid())`);
    await app.query(`UPDATE processed_events SET consumer = 'u' WHERE consumer = 't'`);
    await app.query(`DELETE FROM processed_events WHERE consumer = 'u'`);
    const { rows } = await app.query(`SELECT count(*)::int AS n FROM units`);
    expect(rows[0].n).toBe(0);
    await app.query(
      `INSERT INTO outbox (event_id, topic, partition_key, envelope) VALUES (gen_random_uuid(), 't', 'k', '{}')`,
    );
    await app.query(`INSERT INTO login_attempts VALUES ('user:x', 1, now())`);
  });

  it('appends to the timeline and reads it, and nothing more', async () => {
    await app.query(
      `INSERT INTO timeline_entries (incident_id, seq, event_id, event_type, occurred_at, recorded_at, actor,
                                     summary, payload, prev_hash, hash)
       VALUES (gen_random_uuid(), 1, gen_random_uuid(), 'IncidentOpened', now(), now(), '{}', 's', '{}', '', 'h')`,
    );
    expect((await app.query(`SELECT count(*)::int AS n FROM timeline_entries`)).rows[0].n).toBe(2);
    for (const sql of [
      `UPDATE timeline_entries SET summary = 'rewritten'`,
      `DELETE FROM timeline_entries`,
      `TRUNCATE timeline_entries`,
      `ALTER TABLE timeline_entries DISABLE TRIGGER ALL`,
      `ALTER TABLE timeline_entries DISABLE TRIGGER timeline_append_only`,
      `DROP TRIGGER timeline_append_only ON timeline_entries`,
      `CREATE TRIGGER sneaky BEFORE INSERT ON timeline_entries FOR EACH ROW EXECUTE FUNCTION erp_timeline_append_only()`,
      `DROP TABLE timeline_entries`,
    ]) {
      expect(await refused(app, sql)).toMatch(/^42501 /); // insufficient privilege / must be owner
    }
  });

  it('reads and appends to the event log and the checkpoints, and nothing more', async () => {
    for (const table of ['event_log', 'timeline_checkpoints']) {
      await app.query(`SELECT count(*) FROM ${table}`);
      const column = table === 'event_log' ? 'topic' : 'head_hash';
      for (const sql of [
        `UPDATE ${table} SET ${column} = ${column}`,
        `DELETE FROM ${table}`,
        `TRUNCATE ${table}`,
      ]) {
        expect({ table, refused: await refused(app, sql) }).toEqual({
          table,
          refused: expect.stringMatching(/^42501 /),
        });
      }
    }
  });

  it('cannot change the schema or the migrations record', async () => {
    for (const sql of [
      `CREATE TABLE public.mine (id int)`,
      `ALTER TABLE alarms ADD COLUMN x int`,
      `DELETE FROM schema_migrations`,
      `CREATE SCHEMA mine`,
    ]) {
      expect(await refused(app, sql)).toMatch(/^42501 /);
    }
    expect((await app.query(`SELECT count(*)::int AS n FROM schema_migrations`)).rows[0].n).toBeGreaterThan(
      0,
    );
  });

  it('refuses TRUNCATE of the timeline even to the owner, by trigger', async () => {
    expect(await refused(owner, `TRUNCATE timeline_entries`)).toMatch(/append-only/);
  });

  it('creates a role idempotently and safely when two databases migrate at once', async () => {
    // The migration's statement, for a role of this test's own (roles are cluster-wide).
    const role = `erp_test_${randomBytes(4).toString('hex')}`;
    const create = `DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`;
    const other = await createTestDatabase('erp_roles');
    const clients = [new Client({ connectionString: db.url }), new Client({ connectionString: other.url })];
    try {
      await Promise.all(clients.map((c) => c.connect()));
      // Both transactions create the role before either commits: the second waits, then takes it as done.
      await Promise.all(clients.map((c) => c.query('BEGIN')));
      await clients[0].query(create);
      const second = clients[1].query(create);
      await new Promise((r) => setTimeout(r, 200));
      await clients[0].query('COMMIT');
      await second;
      await clients[1].query(`GRANT CONNECT ON DATABASE ${other.name} TO ${role}`);
      await clients[1].query('COMMIT');
      await clients[0].query(create); // and again: nothing to do
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await other.drop();
      const admin = new Client({ connectionString: SERVICES.postgresAdminUrl });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});

describe('a single-node database from before the owner role, handed over', () => {
  it('moves every table, function and the timer schema from the superuser to erp_owner, which then migrates', async () => {
    const { db, close } = await migratedDatabase(); // as the superuser, as single-node used to
    await migrateTimerSchema(db.url);
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'erp_owner') THEN CREATE ROLE erp_owner LOGIN; END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
      await admin.query(`ALTER DATABASE ${db.name} OWNER TO erp_owner`);
      expect(await handOverToOwner(admin)).toBeGreaterThan(20);
      const owned = await admin.query(`
        SELECT 'table ' || c.relname AS what FROM pg_class c
          WHERE c.relnamespace IN ('public'::regnamespace, 'bullmq'::regnamespace) AND c.relkind IN ('r', 'S')
            AND c.relowner <> 'erp_owner'::regrole
        UNION ALL SELECT 'function ' || p.proname FROM pg_proc p
          WHERE p.pronamespace IN ('public'::regnamespace, 'bullmq'::regnamespace) AND p.proowner <> 'erp_owner'::regrole
        UNION ALL SELECT 'schema bullmq' FROM pg_namespace WHERE nspname = 'bullmq' AND nspowner <> 'erp_owner'::regrole`);
      expect(owned.rows).toEqual([]);
      expect(await handOverToOwner(admin)).toBe(0); // once only
      // The owner now runs the migrations (nothing pending) and may alter what it owns.
      const url = new URL(db.url);
      url.username = 'erp_owner';
      const owner = createDataSource({ url: url.toString(), poolSize: 2 });
      await owner.initialize();
      try {
        await migrate(owner);
        await owner.query(`ALTER TABLE timeline_entries DISABLE TRIGGER timeline_no_truncate`);
        await owner.query(`ALTER TABLE timeline_entries ENABLE TRIGGER timeline_no_truncate`);
      } finally {
        await owner.destroy();
      }
    } finally {
      await admin.end();
      await close();
    }
  }, 60_000);
});
