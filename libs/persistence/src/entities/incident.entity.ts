import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('incidents')
export class IncidentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  tier: string;

  @Column({ type: 'text', nullable: true })
  level: string | null;

  @Column({ type: 'jsonb' })
  reasons: string[];

  @Column({ name: 'rule_set_version', type: 'text' })
  ruleSetVersion: string;

  @Column({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon: number | null;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ type: 'boolean', default: false })
  exercise: boolean;
}
