import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incidents remember what correlation and re-classification need: where alarms are measured from
 * (anchor), when the last alarm came, what all alarms say together (facts), the category, a nearby hazard
 * point, and a downgrade awaiting a duty officer's confirmation.
 */
export class IncidentCorrelation1764500000000 implements MigrationInterface {
  name = 'IncidentCorrelation1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "incidents" ADD "category" text`);
    await q.query(`ALTER TABLE "incidents" ADD "anchor_lat" double precision`);
    await q.query(`ALTER TABLE "incidents" ADD "anchor_lon" double precision`);
    await q.query(`ALTER TABLE "incidents" ADD "last_alarm_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`UPDATE "incidents" SET "last_alarm_at" = "opened_at"`);
    await q.query(`ALTER TABLE "incidents" ALTER COLUMN "last_alarm_at" SET NOT NULL`);
    await q.query(`ALTER TABLE "incidents" ADD "facts" jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "incidents" ADD "hazard_point_id" text`);
    await q.query(`ALTER TABLE "incidents" ADD "pending_downgrade" jsonb`);
    await q.query(
      `CREATE INDEX "incidents_open_anchor_idx" ON "incidents" ("anchor_lat", "anchor_lon") WHERE status = 'open'`,
    );
    await q.query(`CREATE INDEX "alarms_incident_id_idx" ON "alarms" ("incident_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "alarms_incident_id_idx"`);
    await q.query(`DROP INDEX "incidents_open_anchor_idx"`);
    for (const column of [
      'pending_downgrade',
      'hazard_point_id',
      'facts',
      'last_alarm_at',
      'anchor_lon',
      'anchor_lat',
      'category',
    ]) {
      await q.query(`ALTER TABLE "incidents" DROP COLUMN "${column}"`);
    }
  }
}
