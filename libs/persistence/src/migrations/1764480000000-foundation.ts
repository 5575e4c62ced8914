import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation schema: alarms, incidents, tasks, units and users; the outbox and inbox; the audit timeline.
 * The outbox trigger wakes relays at once (LISTEN erp_outbox) instead of waiting for their next poll; the
 * timeline trigger makes the audit trail append-only in the database itself, whatever the code does.
 */
export class Foundation1764480000000 implements MigrationInterface {
  name = 'Foundation1764480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "alarm_sources" ("id" text NOT NULL, "name" text NOT NULL, "key_digest" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_eface9bb83624176b82d113c13d" UNIQUE ("key_digest"), CONSTRAINT "PK_365d6992ac04aca4c1c1d0e82cb" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "alarms" ("id" uuid NOT NULL, "source" text NOT NULL, "external_id" text NOT NULL, "type" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "township_code" text NOT NULL, "lat" double precision, "lon" double precision, "description" text NOT NULL, "status" text NOT NULL, "incident_id" uuid, CONSTRAINT "PK_b776da486fb19d38b4f7777a6da" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "alarms_source_external_id_key" ON "alarms" ("source", "external_id") `,
    );
    await q.query(
      `CREATE TABLE "incidents" ("id" uuid NOT NULL, "status" text NOT NULL, "type" text NOT NULL, "tier" text NOT NULL, "level" text, "reasons" jsonb NOT NULL, "rule_set_version" text NOT NULL, "township_code" text NOT NULL, "lat" double precision, "lon" double precision, "description" text NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "exercise" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_ccb34c01719889017e2246469f9" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "topic" text NOT NULL, "partition_key" text NOT NULL, "envelope" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_cc0c9e40998e45ecfc5e313429d" UNIQUE ("event_id"), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "outbox_unpublished_idx" ON "outbox" ("id") WHERE published_at IS NULL`);
    await q.query(
      `CREATE TABLE "processed_events" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_270df9e0013dff41bb91d555db4" PRIMARY KEY ("consumer", "event_id"))`,
    );
    await q.query(
      `CREATE TABLE "tasks" ("id" uuid NOT NULL, "incident_id" uuid NOT NULL, "unit_id" text NOT NULL, "role" text NOT NULL, "status" text NOT NULL, "dispatched_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ack_deadline_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" uuid, "escalation_step" integer NOT NULL, "escalated_from_task_id" uuid, "ack_deadline_handled_at" TIMESTAMP WITH TIME ZONE, "clause_id" text NOT NULL, "plan_version" text NOT NULL, CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "tasks_incident_unit_role_key" ON "tasks" ("incident_id", "unit_id", "role") `,
    );
    await q.query(
      `CREATE TABLE "timeline_entries" ("incident_id" uuid NOT NULL, "seq" integer NOT NULL, "event_id" uuid NOT NULL, "event_type" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" jsonb NOT NULL, "summary" text NOT NULL, "payload" jsonb NOT NULL, "prev_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "UQ_2a35e10bad0cfa49b11678139b9" UNIQUE ("event_id"), CONSTRAINT "PK_4a46283e6b3aa38847f7c66d3dd" PRIMARY KEY ("incident_id", "seq"))`,
    );
    await q.query(
      `CREATE TABLE "units" ("id" text NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "township_code" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5a8f2f064919b587d93936cb223" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL, "username" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL, "unit_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE FUNCTION erp_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('erp_outbox', ''); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON "outbox"
      FOR EACH STATEMENT EXECUTE FUNCTION erp_outbox_notify()`);
    await q.query(`CREATE FUNCTION erp_timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'timeline_entries is append-only'; END $$`);
    await q.query(`CREATE TRIGGER timeline_append_only BEFORE UPDATE OR DELETE ON "timeline_entries"
      FOR EACH ROW EXECUTE FUNCTION erp_timeline_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'timeline_entries',
      'processed_events',
      'outbox',
      'tasks',
      'incidents',
      'alarms',
      'alarm_sources',
      'users',
      'units',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${table}"`);
    }
    await q.query(`DROP FUNCTION IF EXISTS erp_outbox_notify()`);
    await q.query(`DROP FUNCTION IF EXISTS erp_timeline_append_only()`);
  }
}
