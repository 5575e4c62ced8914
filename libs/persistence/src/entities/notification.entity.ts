import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An outbound webhook (SMS or voice gateway); removed ones stay, so their deliveries keep their record. */
@Entity('webhooks')
export class WebhookEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_webhooks' })
  id: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', array: true })
  events: string[];

  /** Signs every delivery (HMAC-SHA256); kept as given, since signing needs it. */
  @Column({ type: 'text' })
  secret: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;
}

/** One notification for one webhook: its record and its place in the delivery queue. */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_webhook_event_key', ['webhookId', 'eventId'], { unique: true })
@Index('webhook_deliveries_due_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
@Index('webhook_deliveries_webhook_created_idx', ['webhookId', 'createdAt'])
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_webhook_deliveries' })
  id: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  webhookId: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  event: string;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId: string | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'attempt_log', type: 'jsonb', default: () => `'[]'` })
  attemptLog: object[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}

/** A monitoring sensor at a hazard point (by the point's id, a plain string). */
@Entity('sensors')
@Index('sensors_hazard_point_idx', ['hazardPointId'])
export class SensorEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_sensors' })
  id: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'hazard_point_id', type: 'text' })
  hazardPointId: string;

  @Column({ type: 'double precision' })
  threshold: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A reading taken in: one per sensor and instant, with whether it was over the threshold then. */
@Entity('sensor_readings')
export class SensorReadingEntity {
  @PrimaryColumn({ name: 'sensor_id', type: 'text', primaryKeyConstraintName: 'PK_sensor_readings' })
  sensorId: string;

  @PrimaryColumn({ name: 'measured_at', type: 'timestamptz', primaryKeyConstraintName: 'PK_sensor_readings' })
  measuredAt: Date;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ type: 'boolean' })
  exceeded: boolean;

  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
