import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hazard register (隐患点) moves from a static file into PostgreSQL, managed through the API. The 12
 * fictional sample points go in with the demo seed (marked `sample`), not here: a real deployment starts
 * with the bureau's own register.
 */
export class HazardPoints1764610000000 implements MigrationInterface {
  name = 'HazardPoints1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "hazard_points" ("id" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "township_code" text NOT NULL, "lat" double precision NOT NULL, "lon" double precision NOT NULL, "risk_grade" text NOT NULL, "threatened_persons" integer NOT NULL, "threatened_households" integer NOT NULL, "responsible_persons" jsonb NOT NULL, "sample" boolean NOT NULL DEFAULT false, "revision" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "hazard_points_threatened_check" CHECK (threatened_persons >= 0 AND threatened_households >= 0), CONSTRAINT "hazard_points_risk_grade_check" CHECK (risk_grade IN ('major', 'high', 'general', 'low')), CONSTRAINT "hazard_points_kind_check" CHECK (kind IN ('landslide', 'collapse', 'debris_flow', 'ground_subsidence', 'flood_point', 'hazmat_site', 'gas_facility', 'forest_area')), CONSTRAINT "PK_e301612961326d8c6bd2be24f0a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_hazard_points_township" ON "hazard_points" ("township_code")`);
    // The app role edits the register (the default privileges would give this too; said here as for the rest).
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "hazard_points" TO erp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "hazard_points"`);
  }
}
