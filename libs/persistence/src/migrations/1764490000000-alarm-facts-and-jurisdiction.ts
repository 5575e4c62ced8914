import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alarms carry what they say about the harm (facts, for the classifier), who reported them, whether they
 * are a drill, and, for places outside the district, why they were kept but not dispatched.
 */
export class AlarmFactsAndJurisdiction1764490000000 implements MigrationInterface {
  name = 'AlarmFactsAndJurisdiction1764490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alarms" ALTER COLUMN "township_code" DROP NOT NULL`);
    await q.query(`ALTER TABLE "alarms" ADD "category" text`);
    await q.query(`ALTER TABLE "alarms" ADD "facts" jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "alarms" ADD "hazard_point_id" text`);
    await q.query(`ALTER TABLE "alarms" ADD "reporter" jsonb`);
    await q.query(`ALTER TABLE "alarms" ADD "exercise" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "alarms" ADD "outside_reason" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['outside_reason', 'exercise', 'reporter', 'hazard_point_id', 'facts', 'category']) {
      await q.query(`ALTER TABLE "alarms" DROP COLUMN "${column}"`);
    }
    await q.query(`ALTER TABLE "alarms" ALTER COLUMN "township_code" SET NOT NULL`);
  }
}
