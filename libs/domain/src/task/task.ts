import { AggregateRoot } from '../shared/aggregate-root';
import { DomainError } from '../shared/domain-error';
import { EscalationLadder, EscalationRung } from '../escalation/escalation-ladder';

export type TaskRole = 'lead' | 'support' | 'notify' | 'supervise';
export type TaskStatus = 'dispatched' | 'acknowledged';

export interface TaskState {
  id: string;
  incidentId: string;
  unitId: string;
  role: TaskRole;
  status: TaskStatus;
  dispatchedAt: Date;
  ackDeadlineAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  /** 0 for the first responder; n for a task created by the n-th escalation. */
  escalationStep: number;
  escalatedFromTaskId: string | null;
  /** When this task's ack deadline was handled (escalated or recorded missed); null while it is watched. */
  ackDeadlineHandledAt: Date | null;
  clauseId: string;
  planVersion: string;
  /** The plan's later deadlines for the role, as instants; null where the plan sets none. */
  departDeadlineAt: Date | null;
  arriveDeadlineAt: Date | null;
  firstReportDeadlineAt: Date | null;
  /** A unit's task: the rescue-team capabilities the plan requires under it; a team's: what it is sent to bring. */
  capabilities: string[];
  /** A rescue team's estimated arrival when it was sent (travel-time model); null for other units. */
  etaSeconds: number | null;
}

export interface TaskOrder {
  id: string;
  incidentId: string;
  unitId: string;
  role: TaskRole;
  ackWithinSeconds: number;
  escalationStep: number;
  escalatedFromTaskId: string | null;
  clauseId: string;
  planVersion: string;
  /** Seconds from dispatch, as the plan's role deadlines say; absent where it sets none. */
  departWithinSeconds?: number;
  arriveWithinSeconds?: number;
  firstReportWithinSeconds?: number;
  capabilities?: readonly string[];
  etaSeconds?: number | null;
}

/** An instant `seconds` after `at`, or null when there is no such deadline. */
function later(at: Date, seconds: number | undefined): Date | null {
  return seconds === undefined ? null : new Date(at.getTime() + seconds * 1000);
}

/** A duty officer acting on a task, with the units they belong to (每个用户只看本单位). */
export interface DutyOfficer {
  userId: string;
  username: string;
  unitIds: readonly string[];
}

export class Task extends AggregateRoot {
  private constructor(private state: TaskState) {
    super();
  }

  static dispatch(order: TaskOrder, at: Date): Task {
    const ackDeadlineAt = new Date(at.getTime() + order.ackWithinSeconds * 1000);
    const task = new Task({
      id: order.id,
      incidentId: order.incidentId,
      unitId: order.unitId,
      role: order.role,
      status: 'dispatched',
      dispatchedAt: at,
      ackDeadlineAt,
      acknowledgedAt: null,
      acknowledgedBy: null,
      escalationStep: order.escalationStep,
      escalatedFromTaskId: order.escalatedFromTaskId,
      ackDeadlineHandledAt: null,
      clauseId: order.clauseId,
      planVersion: order.planVersion,
      departDeadlineAt: later(at, order.departWithinSeconds),
      arriveDeadlineAt: later(at, order.arriveWithinSeconds),
      firstReportDeadlineAt: later(at, order.firstReportWithinSeconds),
      capabilities: [...(order.capabilities ?? [])],
      etaSeconds: order.etaSeconds ?? null,
    });
    const s = task.state;
    task.record({
      type: 'TaskDispatched',
      payload: {
        taskId: order.id,
        incidentId: order.incidentId,
        unitId: order.unitId,
        role: order.role,
        ackDeadlineAt: ackDeadlineAt.toISOString(),
        escalationStep: order.escalationStep,
        escalatedFromTaskId: order.escalatedFromTaskId,
        clauseId: order.clauseId,
        planVersion: order.planVersion,
        departDeadlineAt: s.departDeadlineAt?.toISOString() ?? null,
        arriveDeadlineAt: s.arriveDeadlineAt?.toISOString() ?? null,
        firstReportDeadlineAt: s.firstReportDeadlineAt?.toISOString() ?? null,
        capabilities: s.capabilities,
        etaSeconds: s.etaSeconds,
      },
    });
    return task;
  }

  static restore(state: TaskState): Task {
    return new Task({ ...state });
  }

  get id(): string {
    return this.state.id;
  }

  snapshot(): TaskState {
    return { ...this.state };
  }

  /** True while the acknowledgement deadline still needs watching. */
  get awaitsAcknowledgement(): boolean {
    return this.state.status === 'dispatched' && this.state.ackDeadlineHandledAt === null;
  }

  acknowledge(officer: DutyOfficer, at: Date): void {
    if (!officer.unitIds.includes(this.state.unitId)) {
      throw new DomainError(
        'TASK.NOT_YOUR_UNIT',
        'forbidden',
        `task ${this.state.id} belongs to another unit`,
      );
    }
    if (this.state.status !== 'dispatched') {
      throw new DomainError(
        'TASK.ALREADY_ACKNOWLEDGED',
        'conflict',
        `task ${this.state.id} is ${this.state.status}`,
      );
    }
    this.state = {
      ...this.state,
      status: 'acknowledged',
      acknowledgedAt: at,
      acknowledgedBy: officer.userId,
    };
    this.record({
      type: 'TaskAcknowledged',
      payload: {
        taskId: this.state.id,
        incidentId: this.state.incidentId,
        unitId: this.state.unitId,
        acknowledgedAt: at.toISOString(),
        late: at.getTime() > this.state.ackDeadlineAt.getTime(),
      },
    });
  }

  /**
   * The acknowledgement deadline timer fired. The task is re-read first, so a timer that fires after the
   * task moved on, early, or a second time changes nothing. Returns the rung to task, if any.
   */
  ackDeadlinePassed(at: Date, ladder: EscalationLadder, escalationTaskId: string): EscalationRung | null {
    if (!this.awaitsAcknowledgement || at.getTime() < this.state.ackDeadlineAt.getTime()) return null;
    this.state = { ...this.state, ackDeadlineHandledAt: at };
    const breach = {
      taskId: this.state.id,
      incidentId: this.state.incidentId,
      unitId: this.state.unitId,
      deadline: 'ack' as const,
      deadlineAt: this.state.ackDeadlineAt.toISOString(),
    };
    const rung = ladder.next(this.state.escalationStep);
    if (!rung) {
      this.record({
        type: 'TaskDeadlineMissed',
        payload: { ...breach, reason: 'escalation ladder exhausted (已至最高一级)' },
      });
      return null;
    }
    this.record({
      type: 'TaskEscalated',
      payload: { ...breach, step: rung.step, escalatedToUnitId: rung.unitId, escalationTaskId },
    });
    return rung;
  }
}
