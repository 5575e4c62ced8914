import { MigrationInterface, QueryRunner } from 'typeorm';

/** When the tiered plan first required the incident to be reported up to the city (上报市级): once only. */
export class CityReport1764560000000 implements MigrationInterface {
  name = 'CityReport1764560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "incidents" ADD "reported_up_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "incidents" DROP COLUMN "reported_up_at"`);
  }
}
