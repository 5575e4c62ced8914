import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An alarm may amend or cancel an earlier one (CAP Update / Cancel), keeps the parsed CAP alert it came
 * in, and may be kept without dispatch for reasons other than place (a CAP Test or Draft).
 */
export class AlarmRelationsAndCap1764510000000 implements MigrationInterface {
  name = 'AlarmRelationsAndCap1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alarms" RENAME COLUMN "outside_reason" TO "not_dispatched_reason"`);
    await q.query(`ALTER TABLE "alarms" ADD "relation" text`);
    await q.query(`ALTER TABLE "alarms" ADD "related_alarm_id" uuid`);
    await q.query(`ALTER TABLE "alarms" ADD "cap" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alarms" DROP COLUMN "cap"`);
    await q.query(`ALTER TABLE "alarms" DROP COLUMN "related_alarm_id"`);
    await q.query(`ALTER TABLE "alarms" DROP COLUMN "relation"`);
    await q.query(`ALTER TABLE "alarms" RENAME COLUMN "not_dispatched_reason" TO "outside_reason"`);
  }
}
