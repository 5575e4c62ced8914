import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { WarningArea } from '@erp/domain';

/**
 * A warning (预警) from a forecast CAP alert or a hazard point's sensors: active until its expiry or a
 * Cancel. `identifiers` holds the CAP identifiers of the alert and its Updates, so any of them finds it (a
 * sensor warning's: the readings applied); `cap` the last alert whole.
 */
@Entity('warnings')
@Check('warnings_status_check', `status IN ('active', 'ended')`)
@Check(
  'warnings_end_check',
  `(status = 'ended') = (ended_at IS NOT NULL AND end_reason IN ('cancelled', 'expired'))`,
)
@Index('IDX_warnings_source', ['source'])
@Index('IDX_warnings_active', ['status', 'expiresAt'])
export class WarningEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text', array: true })
  identifiers: string[];

  @Column({ type: 'text' })
  sender: string;

  @Column({ type: 'text' })
  event: string;

  @Column({ name: 'hazard_type', type: 'text' })
  hazardType: string;

  @Column({ type: 'text', nullable: true })
  colour: string | null;

  @Column({ type: 'text', nullable: true })
  headline: string | null;

  @Column({ type: 'jsonb' })
  area: WarningArea;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Column({ name: 'effective_at', type: 'timestamptz' })
  effectiveAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason: string | null;

  @Column({ type: 'integer', default: 0 })
  revision: number;

  @Column({ type: 'jsonb', nullable: true })
  cap: object | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
