import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Warnings (预警) as their own flow: a forecast CAP alert opens, amends or ends a warning instead of an
 * incident, and its clauses task the responsible persons of the hazard points in its area.
 */
export class Warnings1764610010000 implements MigrationInterface {
  name = 'Warnings1764610010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "warnings" ("id" uuid NOT NULL, "source" text NOT NULL, "identifiers" text array NOT NULL, "sender" text NOT NULL, "event" text NOT NULL, "hazard_type" text NOT NULL, "colour" text, "headline" text, "area" jsonb NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "end_reason" text, "revision" integer NOT NULL DEFAULT '0', "cap" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "warnings_end_check" CHECK ((status = 'ended') = (ended_at IS NOT NULL AND end_reason IN ('cancelled', 'expired'))), CONSTRAINT "warnings_status_check" CHECK (status IN ('active', 'ended')), CONSTRAINT "PK_90d86ac75b7dcd1e29e9755e78e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_warnings_active" ON "warnings" ("status", "expires_at")`);
    await q.query(`CREATE INDEX "IDX_warnings_source" ON "warnings" ("source")`);
    await q.query(
      `CREATE TABLE "warning_tasks" ("id" uuid NOT NULL, "warning_id" uuid NOT NULL, "clause_id" text NOT NULL, "hazard_point_id" text NOT NULL, "hazard_point_name" text NOT NULL, "township_code" text NOT NULL, "action" text NOT NULL, "assignee_role" text NOT NULL, "assignee_user_name" text NOT NULL, "assignee_name" text NOT NULL, "assignee_phone" text NOT NULL, "status" text NOT NULL, "dispatched_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledge_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "complete_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "ack_steps" integer NOT NULL DEFAULT '0', "complete_steps" integer NOT NULL DEFAULT '0', "escalations" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "warning_tasks_action_check" CHECK (action IN ('patrol', 'standby', 'evacuate')), CONSTRAINT "warning_tasks_status_check" CHECK (status IN ('dispatched', 'acknowledged', 'completed', 'cancelled')), CONSTRAINT "PK_f668036431bb4ce045ff9f01f0e" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_warning_tasks_assignee" ON "warning_tasks" ("assignee_user_name", "status")`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_warning_tasks_point_action_person" ON "warning_tasks" ("warning_id", "hazard_point_id", "action", "assignee_user_name")`,
    );
    await q.query(`GRANT SELECT, INSERT, UPDATE ON "warnings", "warning_tasks" TO erp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "warning_tasks"`);
    await q.query(`DROP TABLE "warnings"`);
  }
}
