import { MigrationInterface, QueryRunner } from 'typeorm';

const UNIT_KINDS = `'committee', 'special_hq', 'department', 'township_office', 'rescue_team'`;
const TEAM_STATUSES = `'available', 'dispatched', 'en_route', 'on_scene', 'returning', 'out_of_service'`;

/**
 * The command structure (指挥体系) and the response plan's versions move into the database, so operators can
 * change them at run time. Units gain their contact, members, roster and responsibilities; a rescue team is a
 * unit whose own fields sit in `team` and whose live status sits in `team_status`, where one conditional
 * UPDATE can claim it. The checks hold for the rows the foundation seed wrote (a committee and township
 * offices, no team). Plans are stored whole, one row per published version, `seq` in publish order.
 */
export class CommandStructure1764540000000 implements MigrationInterface {
  name = 'CommandStructure1764540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units" ADD "parent_id" text`);
    await q.query(`ALTER TABLE "units" ADD "contact" jsonb`);
    await q.query(`ALTER TABLE "units" ADD "members" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "units" ADD "roster" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "units" ADD "responsible_for" jsonb`);
    await q.query(`ALTER TABLE "units" ADD "note" text`);
    await q.query(`ALTER TABLE "units" ADD "team" jsonb`);
    await q.query(`ALTER TABLE "units" ADD "team_status" text`);
    await q.query(`ALTER TABLE "units" ADD "revision" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "units" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE "units" ADD CONSTRAINT "units_kind_check" CHECK (kind IN (${UNIT_KINDS}))`);
    // `x IN (…)` is NULL for a NULL x, and a CHECK lets NULL through: hence the COALESCE.
    await q.query(
      `ALTER TABLE "units" ADD CONSTRAINT "units_team_status_check" CHECK (CASE WHEN kind = 'rescue_team' THEN COALESCE(team_status IN (${TEAM_STATUSES}), false) ELSE team_status IS NULL END)`,
    );
    await q.query(
      `ALTER TABLE "units" ADD CONSTRAINT "units_team_check" CHECK ((kind = 'rescue_team') = (team IS NOT NULL))`,
    );
    await q.query(
      `CREATE TABLE "response_plans" ("plan_version" text NOT NULL, "seq" integer NOT NULL, "document" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_by" text, CONSTRAINT "response_plans_seq_key" UNIQUE ("seq"), CONSTRAINT "PK_def244b53fcd93a0642909f8f04" PRIMARY KEY ("plan_version"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "response_plans"`);
    // A team's own fields and status go with their columns: what would stay is a husk that up() could not
    // take back (its checks want both), so the rows go too and the seed writes the teams again.
    await q.query(`DELETE FROM "units" WHERE kind = 'rescue_team'`);
    for (const check of ['units_team_check', 'units_team_status_check', 'units_kind_check']) {
      await q.query(`ALTER TABLE "units" DROP CONSTRAINT "${check}"`);
    }
    for (const column of [
      'updated_at',
      'revision',
      'team_status',
      'team',
      'note',
      'responsible_for',
      'roster',
      'members',
      'contact',
      'parent_id',
    ]) {
      await q.query(`ALTER TABLE "units" DROP COLUMN "${column}"`);
    }
  }
}
