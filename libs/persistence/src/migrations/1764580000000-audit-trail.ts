import { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['event_log', 'timeline_checkpoints'];

/**
 * The audit trail made whole (issue 13): every consumed event in an append-only `event_log` (what the
 * projections are rebuilt from); `timeline_checkpoints`, the district-wide chain of incident heads that
 * makes a cut tail or a removed incident detectable; timeline entries hashed with their summary from
 * chain version 2 on (rows before keep version 1), their actor and payload kept as `json` (the text as
 * written); and the response-time report's storage.
 *
 * Triggers refuse UPDATE, DELETE and TRUNCATE on the audit tables whatever the role (the app role's own
 * grants are another migration's); only disabling the triggers, which a superuser can, gets past them,
 * and that is what the checkpoints and the verification are for. The response tables are projections,
 * rewritten by a rebuild, so they have no such trigger.
 */
export class AuditTrail1764580000000 implements MigrationInterface {
  name = 'AuditTrail1764580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "event_log" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" text NOT NULL, "event_type" text NOT NULL, "incident_id" uuid, "envelope" jsonb NOT NULL, "unit_names" jsonb, "logged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "event_log_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "event_log_event_id_key" ON "event_log" ("event_id") `);
    await q.query(
      `CREATE TABLE "timeline_checkpoints" ("seq" bigint NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "through_log_id" bigint NOT NULL, "incident_id" uuid NOT NULL, "last_seq" integer NOT NULL, "head_hash" text NOT NULL, "prev_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "timeline_checkpoints_pkey" PRIMARY KEY ("seq"))`,
    );
    await q.query(
      `CREATE INDEX "timeline_checkpoints_incident_idx" ON "timeline_checkpoints" ("incident_id", "seq") `,
    );
    await q.query(`ALTER TABLE "timeline_entries" ADD "chain_version" smallint NOT NULL DEFAULT '1'`);
    // Text kept as written: a reader hashes the very JSON the writer hashed, with nothing re-serialised.
    await q.query(`ALTER TABLE "timeline_entries" ALTER COLUMN "actor" TYPE json USING "actor"::json,
      ALTER COLUMN "payload" TYPE json USING "payload"::json`);
    await q.query(
      `CREATE TABLE "response_incidents" ("incident_id" uuid NOT NULL, "township_code" text NOT NULL, "type" text NOT NULL, "tier" text NOT NULL, "exercise" boolean NOT NULL, "alarm_at" TIMESTAMP WITH TIME ZONE NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "to_close" integer, CONSTRAINT "response_incidents_pkey" PRIMARY KEY ("incident_id"))`,
    );
    await q.query(`CREATE INDEX "response_incidents_alarm_at_idx" ON "response_incidents" ("alarm_at") `);
    await q.query(
      `CREATE TABLE "response_tasks" ("task_id" uuid NOT NULL, "incident_id" uuid NOT NULL, "unit_id" text NOT NULL, "role" text NOT NULL, "team" boolean NOT NULL, "township_code" text NOT NULL, "type" text NOT NULL, "tier" text NOT NULL, "exercise" boolean NOT NULL, "alarm_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL, "dispatched_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "departed_at" TIMESTAMP WITH TIME ZONE, "arrived_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "to_dispatch" integer NOT NULL, "to_acknowledge" integer, "to_depart" integer, "to_arrive" integer, "travel_seconds" integer, CONSTRAINT "response_tasks_pkey" PRIMARY KEY ("task_id"))`,
    );
    await q.query(`CREATE INDEX "response_tasks_incident_idx" ON "response_tasks" ("incident_id") `);
    await q.query(`CREATE INDEX "response_tasks_alarm_at_idx" ON "response_tasks" ("alarm_at") `);
    await q.query(
      `CREATE TABLE "response_breaches" ("task_id" uuid NOT NULL, "deadline" text NOT NULL, "incident_id" uuid NOT NULL, "unit_id" text NOT NULL, "team" boolean NOT NULL, "township_code" text NOT NULL, "type" text NOT NULL, "tier" text NOT NULL, "exercise" boolean NOT NULL, "alarm_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "missed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "response_breaches_pkey" PRIMARY KEY ("task_id", "deadline"))`,
    );
    await q.query(`CREATE INDEX "response_breaches_incident_idx" ON "response_breaches" ("incident_id") `);
    await q.query(`CREATE INDEX "response_breaches_alarm_at_idx" ON "response_breaches" ("alarm_at") `);

    await q.query(`CREATE FUNCTION erp_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$`);
    for (const table of APPEND_ONLY) {
      await q.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
        FOR EACH ROW EXECUTE FUNCTION erp_audit_append_only()`);
    }
    for (const table of [...APPEND_ONLY, 'timeline_entries']) {
      await q.query(`CREATE TRIGGER "${table}_refuse_truncate" BEFORE TRUNCATE ON "${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION erp_audit_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS "timeline_entries_refuse_truncate" ON "timeline_entries"`);
    for (const table of ['response_breaches', 'response_tasks', 'response_incidents', ...APPEND_ONLY]) {
      await q.query(`DROP TABLE IF EXISTS "${table}"`);
    }
    await q.query(`DROP FUNCTION IF EXISTS erp_audit_append_only()`);
    await q.query(`ALTER TABLE "timeline_entries" DROP COLUMN "chain_version"`);
    await q.query(`ALTER TABLE "timeline_entries" ALTER COLUMN "actor" TYPE jsonb USING "actor"::jsonb,
      ALTER COLUMN "payload" TYPE jsonb USING "payload"::jsonb`);
  }
}
