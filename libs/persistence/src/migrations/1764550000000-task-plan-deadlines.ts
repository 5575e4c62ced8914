import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task carries what the plan set for it besides acknowledgement: the depart, arrive and first-report
 * deadlines, the rescue-team capabilities it asks for (a unit's) or brings (a team's), and a team's ETA.
 * Capabilities are kept so a reclassification asks teams only for what no task asked before.
 */
export class TaskPlanDeadlines1764550000000 implements MigrationInterface {
  name = 'TaskPlanDeadlines1764550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tasks"
      ADD "depart_deadline_at" TIMESTAMP WITH TIME ZONE,
      ADD "arrive_deadline_at" TIMESTAMP WITH TIME ZONE,
      ADD "first_report_deadline_at" TIMESTAMP WITH TIME ZONE,
      ADD "capabilities" text[] NOT NULL DEFAULT '{}',
      ADD "eta_seconds" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tasks"
      DROP COLUMN "depart_deadline_at", DROP COLUMN "arrive_deadline_at", DROP COLUMN "first_report_deadline_at",
      DROP COLUMN "capabilities", DROP COLUMN "eta_seconds"`);
  }
}
