import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications out and monitoring readings in: registered webhooks (SMS and voice gateways) and their
 * deliveries, which are also the delivery queue (so none is lost across a restart); monitoring sensors keyed
 * to a hazard point by a plain id, and their readings.
 */
export class NotificationsAndSensors1764640000000 implements MigrationInterface {
  name = 'NotificationsAndSensors1764640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "webhooks" ("id" uuid NOT NULL, "url" text NOT NULL, "events" text array NOT NULL, "secret" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" text NOT NULL, "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_webhooks" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "webhook_id" uuid NOT NULL, "event_id" uuid NOT NULL, "event" text NOT NULL, "incident_id" uuid, "body" text NOT NULL, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT 0, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "last_status_code" integer, "last_error" text, "attempt_log" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "webhook_deliveries_webhook_event_key" ON "webhook_deliveries" ("webhook_id", "event_id") `,
    );
    await q.query(
      `CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" ("next_attempt_at") WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX "webhook_deliveries_webhook_created_idx" ON "webhook_deliveries" ("webhook_id", "created_at") `,
    );
    await q.query(
      `CREATE TABLE "sensors" ("id" text NOT NULL, "kind" text NOT NULL, "hazard_point_id" text NOT NULL, "threshold" double precision NOT NULL, "name" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_sensors" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "sensors_hazard_point_idx" ON "sensors" ("hazard_point_id") `);
    await q.query(
      `CREATE TABLE "sensor_readings" ("sensor_id" text NOT NULL, "measured_at" TIMESTAMP WITH TIME ZONE NOT NULL, "value" double precision NOT NULL, "exceeded" boolean NOT NULL, "source" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_sensor_readings" PRIMARY KEY ("sensor_id", "measured_at"))`,
    );
    // The app's role, as for the other tables (the owner's default privileges give the same on a fresh database).
    await q.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'erp_app') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON "webhooks", "webhook_deliveries", "sensors", "sensor_readings" TO erp_app;
      END IF;
    END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sensor_readings"`);
    await q.query(`DROP TABLE "sensors"`);
    await q.query(`DROP TABLE "webhook_deliveries"`);
    await q.query(`DROP TABLE "webhooks"`);
  }
}
