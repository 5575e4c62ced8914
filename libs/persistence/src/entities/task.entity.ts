import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One task per incident, unit and role: the unique index is what makes a duplicate dispatch impossible. */
@Entity('tasks')
@Index('tasks_incident_unit_role_key', ['incidentId', 'unitId', 'role'], { unique: true })
export class TaskEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId: string;

  @Column({ type: 'text' })
  role: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'dispatched_at', type: 'timestamptz' })
  dispatchedAt: Date;

  @Column({ name: 'ack_deadline_at', type: 'timestamptz' })
  ackDeadlineAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @Column({ name: 'escalation_step', type: 'integer' })
  escalationStep: number;

  @Column({ name: 'escalated_from_task_id', type: 'uuid', nullable: true })
  escalatedFromTaskId: string | null;

  @Column({ name: 'ack_deadline_handled_at', type: 'timestamptz', nullable: true })
  ackDeadlineHandledAt: Date | null;

  @Column({ name: 'clause_id', type: 'text' })
  clauseId: string;

  @Column({ name: 'plan_version', type: 'text' })
  planVersion: string;

  @Column({ name: 'depart_deadline_at', type: 'timestamptz', nullable: true })
  departDeadlineAt: Date | null;

  @Column({ name: 'arrive_deadline_at', type: 'timestamptz', nullable: true })
  arriveDeadlineAt: Date | null;

  @Column({ name: 'first_report_deadline_at', type: 'timestamptz', nullable: true })
  firstReportDeadlineAt: Date | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  capabilities: string[];

  @Column({ name: 'eta_seconds', type: 'integer', nullable: true })
  etaSeconds: number | null;
}
