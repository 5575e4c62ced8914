import { Client } from 'pg';

export const OWNER_ROLE = 'erp_owner';
export const APP_ROLE = 'erp_app';

/**
 * On the embedded server, as its superuser: the owner role (owns database `database` and its schema, runs
 * the migrations) and the app role (what the product connects as; its privileges come from the migrations),
 * each with its kept password, set again at every start so the kept files are the truth. Idempotent.
 */
export async function ensureRoles(
  superuser: Client,
  database: string,
  passwords: { owner: string; app: string },
): Promise<void> {
  for (const role of [OWNER_ROLE, APP_ROLE]) {
    await superuser.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
      END IF;
    END $$`);
  }
  await superuser.query(`ALTER ROLE ${OWNER_ROLE} PASSWORD ${superuser.escapeLiteral(passwords.owner)}`);
  await superuser.query(`ALTER ROLE ${APP_ROLE} PASSWORD ${superuser.escapeLiteral(passwords.app)}`);
  const { rowCount } = await superuser.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (!rowCount) await superuser.query(`CREATE DATABASE ${database} OWNER ${OWNER_ROLE}`);
  else await superuser.query(`ALTER DATABASE ${database} OWNER TO ${OWNER_ROLE}`);
}

/**
 * A data directory from before the owner role has its tables, functions and BullMQ's schema owned by the
 * superuser (REASSIGN OWNED cannot move the bootstrap superuser's objects): hands each to the owner, once.
 * Run inside the product's database, as the superuser.
 */
export async function handOverToOwner(superuser: Client): Promise<number> {
  const { rows } = await superuser.query<{ moved: number }>(`
    WITH user_schemas AS (
      SELECT oid, nspname FROM pg_namespace
       WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
    ), su AS (SELECT oid FROM pg_roles WHERE rolname = current_user)
    SELECT count(*)::int AS moved FROM (
      SELECT 1 FROM pg_class c JOIN user_schemas n ON n.oid = c.relnamespace
       WHERE c.relowner = (SELECT oid FROM su)
      UNION ALL SELECT 1 FROM pg_proc p JOIN user_schemas n ON n.oid = p.pronamespace
       WHERE p.proowner = (SELECT oid FROM su)
      UNION ALL SELECT 1 FROM user_schemas n JOIN pg_namespace x ON x.oid = n.oid
       WHERE x.nspowner = (SELECT oid FROM su) AND n.nspname <> 'public'
    ) owned`);
  if (!rows[0].moved) return 0;
  await superuser.query(`DO $$
  DECLARE
    r record;
    me oid := (SELECT oid FROM pg_roles WHERE rolname = current_user);
  BEGIN
    FOR r IN SELECT nspname FROM pg_namespace
              WHERE nspowner = me AND nspname NOT IN ('public', 'pg_catalog', 'information_schema')
                AND nspname NOT LIKE 'pg\\_%' LOOP
      EXECUTE format('ALTER SCHEMA %I OWNER TO ${OWNER_ROLE}', r.nspname);
    END LOOP;
    FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relowner = me AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                -- a serial's sequence follows its table
                AND NOT (c.relkind = 'S' AND EXISTS (
                  SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass
                     AND d.deptype IN ('a', 'i'))) LOOP
      EXECUTE format('ALTER %s %s OWNER TO ${OWNER_ROLE}',
        CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                       ELSE 'TABLE' END, r.name);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS name, p.prokind FROM pg_proc p
               JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE p.proowner = me AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND n.nspname NOT LIKE 'pg\\_%' LOOP
      EXECUTE format('ALTER %s %s OWNER TO ${OWNER_ROLE}',
        CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.name);
    END LOOP;
    FOR r IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t
               JOIN pg_namespace n ON n.oid = t.typnamespace
              WHERE t.typowner = me AND t.typtype IN ('e', 'd') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND n.nspname NOT LIKE 'pg\\_%' LOOP
      EXECUTE format('ALTER %s %s OWNER TO ${OWNER_ROLE}', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
    END LOOP;
  END $$`);
  return rows[0].moved;
}
