import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The response loop (闭环): a task's later stages and reports, every deadline watched in `task_deadlines`
 * (the timer store mirrors the rows whose `next_at` is set), and incidents that close. Deadlines other than
 * acknowledgement were never watched before this version: those already past are recorded as stopped rather
 * than escalated all at once on upgrade.
 */
export class TaskLifecycle1764570000000 implements MigrationInterface {
  name = 'TaskLifecycle1764570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tasks"
      ADD "departed_at" TIMESTAMP WITH TIME ZONE,
      ADD "arrived_at" TIMESTAMP WITH TIME ZONE,
      ADD "completed_at" TIMESTAMP WITH TIME ZONE,
      ADD "declined_at" TIMESTAMP WITH TIME ZONE,
      ADD "decline_reason" text,
      ADD "cancelled_at" TIMESTAMP WITH TIME ZONE,
      ADD "cancel_reason" text,
      ADD "first_report_at" TIMESTAMP WITH TIME ZONE,
      ADD "time_scale" double precision NOT NULL DEFAULT 1`);
    await q.query(
      `CREATE TABLE "task_deadlines" ("task_id" uuid NOT NULL, "kind" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state" text NOT NULL, "met_at" TIMESTAMP WITH TIME ZONE, "missed_at" TIMESTAMP WITH TIME ZONE, "fired" integer NOT NULL DEFAULT 0, "next_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_task_deadlines" PRIMARY KEY ("task_id", "kind"))`,
    );
    await q.query(
      `CREATE INDEX "task_deadlines_next_at_idx" ON "task_deadlines" ("next_at") WHERE next_at IS NOT NULL`,
    );
    await q.query(`INSERT INTO task_deadlines (task_id, kind, due_at, state, met_at, missed_at, fired, next_at)
      SELECT id, 'ack', ack_deadline_at,
             CASE WHEN ack_deadline_handled_at IS NOT NULL THEN 'missed'
                  WHEN status <> 'dispatched' THEN 'met' ELSE 'watching' END,
             acknowledged_at, ack_deadline_handled_at,
             CASE WHEN ack_deadline_handled_at IS NULL THEN 0 ELSE 1 END,
             CASE WHEN status = 'dispatched' AND ack_deadline_handled_at IS NULL THEN ack_deadline_at END
        FROM tasks`);
    for (const [kind, column] of [
      ['depart', 'depart_deadline_at'],
      ['arrive', 'arrive_deadline_at'],
      ['firstReport', 'first_report_deadline_at'],
    ]) {
      await q.query(`INSERT INTO task_deadlines (task_id, kind, due_at, state, next_at)
        SELECT id, '${kind}', ${column},
               CASE WHEN ${column} > now() THEN 'watching' ELSE 'stopped' END,
               CASE WHEN ${column} > now() THEN ${column} END
          FROM tasks WHERE ${column} IS NOT NULL`);
    }
    await q.query(`ALTER TABLE "tasks"
      DROP COLUMN "ack_deadline_at", DROP COLUMN "ack_deadline_handled_at", DROP COLUMN "depart_deadline_at",
      DROP COLUMN "arrive_deadline_at", DROP COLUMN "first_report_deadline_at"`);
    await q.query(`CREATE INDEX "tasks_unit_dispatched_idx" ON "tasks" ("unit_id", "dispatched_at") `);
    await q.query(
      `CREATE TABLE "task_reports" ("id" uuid NOT NULL, "task_id" uuid NOT NULL, "incident_id" uuid NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reported_by" text NOT NULL, "text" text NOT NULL, "casualties" jsonb, "economic_loss_cny" double precision, CONSTRAINT "PK_task_reports" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "task_reports_incident_idx" ON "task_reports" ("incident_id", "reported_at") `,
    );
    await q.query(`ALTER TABLE "incidents"
      ADD "closed_at" TIMESTAMP WITH TIME ZONE,
      ADD "closed_by" text,
      ADD "outcome" text,
      ADD "close_summary" text,
      ADD "time_scale" double precision`);
    await q.query(`ALTER TABLE "alarms" ADD "time_scale" double precision`);
    await q.query(`CREATE INDEX "incidents_opened_idx" ON "incidents" ("opened_at", "id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "incidents_opened_idx"`);
    await q.query(`ALTER TABLE "alarms" DROP COLUMN "time_scale"`);
    await q.query(`ALTER TABLE "incidents" DROP COLUMN "closed_at", DROP COLUMN "closed_by",
      DROP COLUMN "outcome", DROP COLUMN "close_summary", DROP COLUMN "time_scale"`);
    await q.query(`DROP TABLE "task_reports"`);
    await q.query(`DROP INDEX "tasks_unit_dispatched_idx"`);
    await q.query(`ALTER TABLE "tasks"
      ADD "ack_deadline_at" TIMESTAMP WITH TIME ZONE, ADD "ack_deadline_handled_at" TIMESTAMP WITH TIME ZONE,
      ADD "depart_deadline_at" TIMESTAMP WITH TIME ZONE, ADD "arrive_deadline_at" TIMESTAMP WITH TIME ZONE,
      ADD "first_report_deadline_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`UPDATE tasks t SET ack_deadline_at = d.due_at, ack_deadline_handled_at = d.missed_at
      FROM task_deadlines d WHERE d.task_id = t.id AND d.kind = 'ack'`);
    await q.query(`ALTER TABLE "tasks" ALTER COLUMN "ack_deadline_at" SET NOT NULL`);
    await q.query(`DROP TABLE "task_deadlines"`);
    await q.query(`ALTER TABLE "tasks" DROP COLUMN "departed_at", DROP COLUMN "arrived_at",
      DROP COLUMN "completed_at", DROP COLUMN "declined_at", DROP COLUMN "decline_reason",
      DROP COLUMN "cancelled_at", DROP COLUMN "cancel_reason", DROP COLUMN "first_report_at",
      DROP COLUMN "time_scale"`);
  }
}
