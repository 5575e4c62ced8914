import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('alarms')
@Index('alarms_source_external_id_key', ['source', 'externalId'], { unique: true })
@Index('alarms_incident_id_idx', ['incidentId'])
export class AlarmEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'township_code', type: 'text', nullable: true })
  townshipCode: string | null;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon: number | null;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', nullable: true })
  category: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  facts: object;

  @Column({ name: 'hazard_point_id', type: 'text', nullable: true })
  hazardPointId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  reporter: object | null;

  @Column({ type: 'boolean', default: false })
  exercise: boolean;

  @Column({ name: 'time_scale', type: 'double precision', nullable: true })
  timeScale: number | null;

  /** 'amends' or 'cancels' the alarm `related_alarm_id` names (CAP Update / Cancel). */
  @Column({ type: 'text', nullable: true })
  relation: string | null;

  @Column({ name: 'related_alarm_id', type: 'uuid', nullable: true })
  relatedAlarmId: string | null;

  /** The parsed CAP alert, every field, for alarms that came as CAP. */
  @Column({ type: 'jsonb', nullable: true })
  cap: object | null;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'not_dispatched_reason', type: 'text', nullable: true })
  notDispatchedReason: string | null;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId: string | null;
}
