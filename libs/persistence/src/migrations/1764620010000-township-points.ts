import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The commander's corrections of townships' points (the shipped ones are placed by hand, approximately):
 * one row per corrected township; a township without one keeps the shipped point.
 */
export class TownshipPoints1764620010000 implements MigrationInterface {
  name = 'TownshipPoints1764620010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "township_points" ("code" text NOT NULL, "lat" double precision NOT NULL, "lon" double precision NOT NULL, "revision" integer NOT NULL DEFAULT 1, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_township_points_code" PRIMARY KEY ("code"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "township_points"`);
  }
}
