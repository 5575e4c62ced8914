import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('incidents')
@Index('incidents_open_anchor_idx', ['anchorLat', 'anchorLon'], { where: `status = 'open'` })
@Index('incidents_opened_idx', ['openedAt', 'id'])
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

  @Column({ type: 'text', nullable: true })
  category: string | null;

  @Column({ name: 'anchor_lat', type: 'double precision', nullable: true })
  anchorLat: number | null;

  @Column({ name: 'anchor_lon', type: 'double precision', nullable: true })
  anchorLon: number | null;

  @Column({ name: 'last_alarm_at', type: 'timestamptz' })
  lastAlarmAt: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  facts: object;

  @Column({ name: 'hazard_point_id', type: 'text', nullable: true })
  hazardPointId: string | null;

  @Column({ name: 'pending_downgrade', type: 'jsonb', nullable: true })
  pendingDowngrade: object | null;

  @Column({ name: 'reported_up_at', type: 'timestamptz', nullable: true })
  reportedUpAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** The user who closed it, by name. */
  @Column({ name: 'closed_by', type: 'text', nullable: true })
  closedBy: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ name: 'close_summary', type: 'text', nullable: true })
  closeSummary: string | null;

  /** An exercise's own drill time (multiplies its tasks' deadlines); null: the configured DEADLINE_SCALE. */
  @Column({ name: 'time_scale', type: 'double precision', nullable: true })
  timeScale: number | null;
}
