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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
