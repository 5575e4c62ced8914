import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Relays no longer LISTEN: a NOTIFY takes a database-wide lock held through commit, so every transaction
 * that wrote the outbox waited for the previous one's WAL flush. Relays are nudged in-process and poll.
 */
export class OutboxWithoutNotify1764530000000 implements MigrationInterface {
  name = 'OutboxWithoutNotify1764530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS outbox_notify ON "outbox"`);
    await q.query(`DROP FUNCTION IF EXISTS erp_outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION erp_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('erp_outbox', ''); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON "outbox"
      FOR EACH STATEMENT EXECUTE FUNCTION erp_outbox_notify()`);
  }
}
