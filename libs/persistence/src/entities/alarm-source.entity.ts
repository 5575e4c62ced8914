import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A sender of alarms; its API key is kept only as a SHA-256 digest. */
@Entity('alarm_sources')
export class AlarmSourceEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'key_digest', type: 'text', unique: true })
  keyDigest: string;

  /** Alarms (requests) a minute this source may send; beyond it, 429. */
  @Column({ name: 'rate_per_minute', type: 'integer', default: 6000 })
  ratePerMinute: number;

  /** Largest request body this source may send, in bytes (never above MAX_BODY_BYTES); beyond it, 413. */
  @Column({ name: 'max_body_bytes', type: 'integer', default: 1048576 })
  maxBodyBytes: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
