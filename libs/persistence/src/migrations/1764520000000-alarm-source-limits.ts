import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each alarm source has its own rate limit and payload size limit. */
export class AlarmSourceLimits1764520000000 implements MigrationInterface {
  name = 'AlarmSourceLimits1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alarm_sources" ADD "rate_per_minute" integer NOT NULL DEFAULT 6000`);
    await q.query(`ALTER TABLE "alarm_sources" ADD "max_body_bytes" integer NOT NULL DEFAULT 1048576`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alarm_sources" DROP COLUMN "max_body_bytes"`);
    await q.query(`ALTER TABLE "alarm_sources" DROP COLUMN "rate_per_minute"`);
  }
}
