import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The response-time report's storage, one row per incident, task and missed deadline, kept by the audit
 * consumer from the events (rebuilt from the event log). Stage times are whole seconds from the incident's
 * first alarm, so a year's report is counts per second rather than a million rows sorted.
 */
@Entity('response_incidents')
@Index('response_incidents_alarm_at_idx', ['alarmAt'])
export class ResponseIncidentEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid', primaryKeyConstraintName: 'response_incidents_pkey' })
  incidentId: string;

  @Column({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  tier: string;

  @Column({ type: 'boolean' })
  exercise: boolean;

  /** When its first alarm was received: what every stage is timed from, and what a range selects on. */
  @Column({ name: 'alarm_at', type: 'timestamptz' })
  alarmAt: Date;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'to_close', type: 'integer', nullable: true })
  toClose: number | null;
}

@Entity('response_tasks')
@Index('response_tasks_alarm_at_idx', ['alarmAt'])
@Index('response_tasks_incident_idx', ['incidentId'])
export class ResponseTaskEntity {
  @PrimaryColumn({ name: 'task_id', type: 'uuid', primaryKeyConstraintName: 'response_tasks_pkey' })
  taskId: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId: string;

  @Column({ type: 'text' })
  role: string;

  /** A rescue team's task (it was sent with an ETA). */
  @Column({ type: 'boolean' })
  team: boolean;

  @Column({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  tier: string;

  @Column({ type: 'boolean' })
  exercise: boolean;

  @Column({ name: 'alarm_at', type: 'timestamptz' })
  alarmAt: Date;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'dispatched_at', type: 'timestamptz' })
  dispatchedAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'departed_at', type: 'timestamptz', nullable: true })
  departedAt: Date | null;

  @Column({ name: 'arrived_at', type: 'timestamptz', nullable: true })
  arrivedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'to_dispatch', type: 'integer' })
  toDispatch: number;

  @Column({ name: 'to_acknowledge', type: 'integer', nullable: true })
  toAcknowledge: number | null;

  @Column({ name: 'to_depart', type: 'integer', nullable: true })
  toDepart: number | null;

  @Column({ name: 'to_arrive', type: 'integer', nullable: true })
  toArrive: number | null;

  /** Seconds from its dispatch to its arrival: a team's travel against the 15-minute circle. */
  @Column({ name: 'travel_seconds', type: 'integer', nullable: true })
  travelSeconds: number | null;
}

@Entity('response_breaches')
@Index('response_breaches_alarm_at_idx', ['alarmAt'])
@Index('response_breaches_incident_idx', ['incidentId'])
export class ResponseBreachEntity {
  @PrimaryColumn({ name: 'task_id', type: 'uuid', primaryKeyConstraintName: 'response_breaches_pkey' })
  taskId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'response_breaches_pkey' })
  deadline: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId: string;

  @Column({ type: 'boolean' })
  team: boolean;

  @Column({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  tier: string;

  @Column({ type: 'boolean' })
  exercise: boolean;

  @Column({ name: 'alarm_at', type: 'timestamptz' })
  alarmAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'missed_at', type: 'timestamptz' })
  missedAt: Date;
}
