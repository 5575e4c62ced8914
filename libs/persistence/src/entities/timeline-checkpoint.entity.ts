import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One link of the district-wide chain of incident heads: where an incident's timeline ended when it was
 * sealed, hashed with the link before (append-only, like the timeline).
 */
@Entity('timeline_checkpoints')
@Index('timeline_checkpoints_incident_idx', ['incidentId', 'seq'])
export class TimelineCheckpointEntity {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'timeline_checkpoints_pkey' })
  seq: string;

  @Column({ name: 'sealed_at', type: 'timestamptz' })
  sealedAt: Date;

  /** The last event-log position the seal covered. */
  @Column({ name: 'through_log_id', type: 'bigint' })
  throughLogId: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq: number;

  @Column({ name: 'head_hash', type: 'text' })
  headHash: string;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  @Column({ type: 'text' })
  hash: string;
}
