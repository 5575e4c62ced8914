import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retiring keeps history (issue 17): a retired unit or team keeps its row, so past tasks keep its name, and
 * a retired user keeps theirs, so the timeline's actors stay resolvable. Neither is ever deleted.
 */
export class Retirement1764620000000 implements MigrationInterface {
  name = 'Retirement1764620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units" ADD "retired_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "users" ADD "retired_at" TIMESTAMP WITH TIME ZONE`);
    // A retired team is never dispatched: whatever the code does, it cannot be marked anything but out of service.
    await q.query(
      `ALTER TABLE "units" ADD CONSTRAINT "units_retired_team_check" CHECK (retired_at IS NULL OR kind <> 'rescue_team' OR team_status = 'out_of_service')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "units" DROP CONSTRAINT "units_retired_team_check"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "retired_at"`);
    await q.query(`ALTER TABLE "units" DROP COLUMN "retired_at"`);
  }
}
