import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One line of an incident's audit timeline; `hash` chains it to the line before (append-only). */
@Entity('timeline_entries')
export class TimelineEntryEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ name: 'event_id', type: 'uuid', unique: true })
  eventId: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  /** `json`, not `jsonb`: the text is kept as written, the canonical JSON that was hashed (chain version 2). */
  @Column({ type: 'json' })
  actor: Record<string, unknown>;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'json' })
  payload: Record<string, unknown>;

  /** How the hash was made: 1 covered the event alone, 2 also the summary (CHAIN_VERSION). */
  @Column({ name: 'chain_version', type: 'smallint', default: 1 })
  chainVersion: number;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  @Column({ type: 'text' })
  hash: string;
}
