import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One task per incident, unit and role: the unique index is what makes a duplicate dispatch impossible. */
@Entity('tasks')
@Index('tasks_incident_unit_role_key', ['incidentId', 'unitId', 'role'], { unique: true })
@Index('tasks_unit_dispatched_idx', ['unitId', 'dispatchedAt'])
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

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @Column({ name: 'escalation_step', type: 'integer' })
  escalationStep: number;

  @Column({ name: 'escalated_from_task_id', type: 'uuid', nullable: true })
  escalatedFromTaskId: string | null;

  @Column({ name: 'clause_id', type: 'text' })
  clauseId: string;

  @Column({ name: 'plan_version', type: 'text' })
  planVersion: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  capabilities: string[];

  @Column({ name: 'eta_seconds', type: 'integer', nullable: true })
  etaSeconds: number | null;

  @Column({ name: 'departed_at', type: 'timestamptz', nullable: true })
  departedAt: Date | null;

  @Column({ name: 'arrived_at', type: 'timestamptz', nullable: true })
  arrivedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'declined_at', type: 'timestamptz', nullable: true })
  declinedAt: Date | null;

  @Column({ name: 'decline_reason', type: 'text', nullable: true })
  declineReason: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ name: 'first_report_at', type: 'timestamptz', nullable: true })
  firstReportAt: Date | null;

  @Column({ name: 'time_scale', type: 'double precision', default: 1 })
  timeScale: number;
}

/**
 * One watched deadline of a task: the source of truth for its timer, which the timer store mirrors (the
 * reconciler keeps a timer for every row whose `next_at` is set, and none for any other).
 */
@Entity('task_deadlines')
@Index('task_deadlines_next_at_idx', ['nextAt'], { where: 'next_at IS NOT NULL' })
export class TaskDeadlineEntity {
  @PrimaryColumn({ name: 'task_id', type: 'uuid', primaryKeyConstraintName: 'PK_task_deadlines' })
  taskId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_task_deadlines' })
  kind: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'text' })
  state: string;

  @Column({ name: 'met_at', type: 'timestamptz', nullable: true })
  metAt: Date | null;

  @Column({ name: 'missed_at', type: 'timestamptz', nullable: true })
  missedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  fired: number;

  @Column({ name: 'next_at', type: 'timestamptz', nullable: true })
  nextAt: Date | null;
}

/** A situation report (情况报告) sent on a task; its figures also went to re-classification. */
@Entity('task_reports')
@Index('task_reports_incident_idx', ['incidentId', 'reportedAt'])
export class TaskReportEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_task_reports' })
  id: string;

  @Column({ name: 'task_id', type: 'uuid' })
  taskId: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt: Date;

  /** Who sent it: the user's name as signed in. */
  @Column({ name: 'reported_by', type: 'text' })
  reportedBy: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'jsonb', nullable: true })
  casualties: object | null;

  @Column({ name: 'economic_loss_cny', type: 'double precision', nullable: true })
  economicLossCny: number | null;
}
