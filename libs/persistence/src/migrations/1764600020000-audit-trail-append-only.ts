import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail's other append-only tables are the app role's to read and add to only, like the timeline:
 * the role grants of the least-privilege migration came after the audit trail's tables and gave it all.
 */
export class AuditTrailAppendOnly1764600020000 implements MigrationInterface {
  name = 'AuditTrailAppendOnly1764600020000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['event_log', 'timeline_checkpoints']) {
      await q.query(`REVOKE ALL ON "${table}" FROM erp_app`);
      await q.query(`GRANT SELECT, INSERT ON "${table}" TO erp_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['event_log', 'timeline_checkpoints']) {
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "${table}" TO erp_app`);
    }
  }
}
