import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every event the audit consumed, on every topic, in the order it was taken (append-only, refused UPDATE,
 * DELETE and TRUNCATE by trigger): what the timeline and the response-time tables are rebuilt from.
 */
@Entity('event_log')
@Index('event_log_event_id_key', ['eventId'], { unique: true })
export class EventLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'event_log_pkey' })
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  topic: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  /** The incident whose timeline the event went into (a team's status change names it in its payload). */
  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId: string | null;

  /** The envelope as decoded and validated: what the projections took. */
  @Column({ type: 'jsonb' })
  envelope: Record<string, unknown>;

  /** The names of the units the event mentions, as the command structure had them when it was logged. */
  @Column({ name: 'unit_names', type: 'jsonb', nullable: true })
  unitNames: Record<string, string> | null;

  @CreateDateColumn({ name: 'logged_at', type: 'timestamptz' })
  loggedAt: Date;
}
