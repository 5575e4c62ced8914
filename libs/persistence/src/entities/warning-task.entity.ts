import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { WarningEscalation } from '@erp/domain';

/**
 * A warning's task for one responsible person of one hazard point (巡查, 值守, 转移避险). The unique index
 * makes a second task for the same point, action and person impossible.
 */
@Entity('warning_tasks')
@Check('warning_tasks_status_check', `status IN ('dispatched', 'acknowledged', 'completed', 'cancelled')`)
@Check('warning_tasks_action_check', `action IN ('patrol', 'standby', 'evacuate')`)
@Index('UQ_warning_tasks_point_action_person', ['warningId', 'hazardPointId', 'action', 'assigneeUserName'], {
  unique: true,
})
@Index('IDX_warning_tasks_assignee', ['assigneeUserName', 'status'])
export class WarningTaskEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'warning_id', type: 'uuid' })
  warningId: string;

  @Column({ name: 'clause_id', type: 'text' })
  clauseId: string;

  @Column({ name: 'hazard_point_id', type: 'text' })
  hazardPointId: string;

  @Column({ name: 'hazard_point_name', type: 'text' })
  hazardPointName: string;

  @Column({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'assignee_role', type: 'text' })
  assigneeRole: string;

  @Column({ name: 'assignee_user_name', type: 'text' })
  assigneeUserName: string;

  @Column({ name: 'assignee_name', type: 'text' })
  assigneeName: string;

  @Column({ name: 'assignee_phone', type: 'text' })
  assigneePhone: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'dispatched_at', type: 'timestamptz' })
  dispatchedAt: Date;

  @Column({ name: 'acknowledge_due_at', type: 'timestamptz' })
  acknowledgeDueAt: Date;

  @Column({ name: 'complete_due_at', type: 'timestamptz' })
  completeDueAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ name: 'ack_steps', type: 'integer', default: 0 })
  ackSteps: number;

  @Column({ name: 'complete_steps', type: 'integer', default: 0 })
  completeSteps: number;

  /** Each ladder step taken (逐级上报), in order. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  escalations: WarningEscalation[];
}
