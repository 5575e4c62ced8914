import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The role the apps connect as, `erp_app`: read and write the tables, never change the schema. The audit
 * timeline is append-only for it (SELECT, INSERT: no UPDATE, DELETE, TRUNCATE, REFERENCES or TRIGGER), and
 * a TRUNCATE trigger refuses even the owner. The role running migrations (the owner) keeps the schema.
 *
 * Roles are cluster-wide: creating one must be idempotent and safe when two databases migrate at once
 * (test suites do), so a concurrent creation that won is taken as done. The role may log in but has no
 * password here: single-node mode gives it one; elsewhere the DBA does (ALTER ROLE erp_app PASSWORD …).
 * Default privileges give it the tables and sequences that later migrations, and BullMQ's timer schema,
 * create as the same owner; a later audit table must revoke what the timeline revokes here.
 */
export class LeastPrivilegeRoles1764600010000 implements MigrationInterface {
  name = 'LeastPrivilegeRoles1764600010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'erp_app') THEN
        CREATE ROLE erp_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- another database created it meanwhile
    END $$`);
    await q.query(`DO $$ BEGIN
      EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO erp_app', current_database());
    END $$`);
    await q.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await q.query(`GRANT USAGE ON SCHEMA public TO erp_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO erp_app`);
    await q.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO erp_app`);
    await q.query(`REVOKE ALL ON "schema_migrations" FROM erp_app`);
    await q.query(`GRANT SELECT ON "schema_migrations" TO erp_app`);
    await q.query(`REVOKE ALL ON "timeline_entries" FROM erp_app`);
    await q.query(`GRANT SELECT, INSERT ON "timeline_entries" TO erp_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO erp_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO erp_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO erp_app`);
    // BullMQ's timer schema, where an earlier start already created it.
    await q.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'bullmq') THEN
        GRANT USAGE ON SCHEMA bullmq TO erp_app;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA bullmq TO erp_app;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA bullmq TO erp_app;
      END IF;
    END $$`);
    await q.query(`CREATE TRIGGER timeline_no_truncate BEFORE TRUNCATE ON "timeline_entries"
      FOR EACH STATEMENT EXECUTE FUNCTION erp_timeline_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS timeline_no_truncate ON "timeline_entries"`);
    await q.query(`ALTER DEFAULT PRIVILEGES REVOKE USAGE ON SCHEMAS FROM erp_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM erp_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES REVOKE USAGE, SELECT, UPDATE ON SEQUENCES FROM erp_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM erp_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM erp_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM erp_app`);
    await q.query(`DO $$ BEGIN
      EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM erp_app', current_database());
    END $$`);
  }
}
