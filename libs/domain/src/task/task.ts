import { AggregateRoot } from '../shared/aggregate-root';
import { DomainError } from '../shared/domain-error';
import { AlarmFacts } from '../alarm/alarm';
import { EscalationLadder, LadderStep } from '../escalation/escalation-ladder';
import {
  DEADLINE_KINDS,
  DeadlineKind,
  DeadlineSeconds,
  LATE_TOLERANCE_MS,
  meet,
  scaledMs,
  stop,
  TaskDeadline,
  watched,
} from './task-deadline';
import { allowedMoves, isOpenStatus, sendsSomeone, TaskMove, TaskRole, TaskStatus } from './task-lifecycle';

export type { TaskRole, TaskStatus } from './task-lifecycle';

export interface TaskState {
  id: string;
  incidentId: string;
  unitId: string;
  role: TaskRole;
  status: TaskStatus;
  dispatchedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  departedAt: Date | null;
  arrivedAt: Date | null;
  completedAt: Date | null;
  declinedAt: Date | null;
  declineReason: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  firstReportAt: Date | null;
  /** 0 for the first responder; n for a task created by the n-th escalation step. */
  escalationStep: number;
  escalatedFromTaskId: string | null;
  clauseId: string;
  planVersion: string;
  /** A unit's task: the rescue-team capabilities the plan requires under it; a team's: what it is sent to bring. */
  capabilities: string[];
  /** A rescue team's estimated arrival when it was sent (travel-time model); null for other units. */
  etaSeconds: number | null;
  /** Drill time: every deadline and ladder wait of this task is multiplied by it (1 in real use). */
  timeScale: number;
  /** One per promise the plan asks of the task, in DEADLINE_KINDS order. */
  deadlines: TaskDeadline[];
}

export interface TaskOrder {
  id: string;
  incidentId: string;
  unitId: string;
  role: TaskRole;
  /** Seconds from dispatch, as the plan says; depart and arrive are dropped for roles that send nobody. */
  deadlines: DeadlineSeconds;
  timeScale?: number;
  escalationStep: number;
  escalatedFromTaskId: string | null;
  clauseId: string;
  planVersion: string;
  capabilities?: readonly string[];
  etaSeconds?: number | null;
}

/** Someone acting on a task, with the units they act for (a unit's officers; a team's parent unit). */
export interface DutyOfficer {
  userId: string;
  username: string;
  unitIds: readonly string[];
  /** The commander (区应急指挥长) may move any task. */
  commander?: boolean;
}

export interface SituationReport {
  reportId: string;
  text: string;
  casualties?: AlarmFacts['casualties'];
  economicLossCny?: number;
}

/** What a ladder step did, for its TaskEscalated event: who was told or tasked, or why nobody was. */
export interface EscalationEffect {
  unitId?: string;
  userNames?: string[];
  escalationTaskId?: string;
  capabilities?: string[];
  note?: string;
}

export type DeadlineFiring =
  | { outcome: 'moved-on' }
  | { outcome: 'ladder-ended' }
  | { outcome: 'not-yet-due'; dueAt: Date }
  | { outcome: 'missed'; lateMs: number }
  | { outcome: 'escalated'; step: LadderStep; stepNo: number; lateMs: number };

/** The meeting move of each deadline kind. */
const MET_BY: Record<DeadlineKind, TaskMove> = {
  ack: 'acknowledge',
  depart: 'depart',
  arrive: 'arrive',
  firstReport: 'report',
  complete: 'complete',
};

function isoOrNull(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}

export class Task extends AggregateRoot {
  private constructor(private state: TaskState) {
    super();
  }

  static dispatch(order: TaskOrder, at: Date): Task {
    const timeScale = order.timeScale ?? 1;
    const deadlines = DEADLINE_KINDS.filter(
      (k) =>
        order.deadlines[k] !== undefined && (sendsSomeone(order.role) || (k !== 'depart' && k !== 'arrive')),
    ).map((k) => watched(k, new Date(at.getTime() + scaledMs(order.deadlines[k]!, timeScale))));
    const task = new Task({
      id: order.id,
      incidentId: order.incidentId,
      unitId: order.unitId,
      role: order.role,
      status: 'dispatched',
      dispatchedAt: at,
      acknowledgedAt: null,
      acknowledgedBy: null,
      departedAt: null,
      arrivedAt: null,
      completedAt: null,
      declinedAt: null,
      declineReason: null,
      cancelledAt: null,
      cancelReason: null,
      firstReportAt: null,
      escalationStep: order.escalationStep,
      escalatedFromTaskId: order.escalatedFromTaskId,
      clauseId: order.clauseId,
      planVersion: order.planVersion,
      capabilities: [...(order.capabilities ?? [])],
      etaSeconds: order.etaSeconds ?? null,
      timeScale,
      deadlines,
    });
    const due = (k: DeadlineKind) => isoOrNull(task.deadline(k)?.dueAt);
    task.record({
      type: 'TaskDispatched',
      payload: {
        taskId: order.id,
        incidentId: order.incidentId,
        unitId: order.unitId,
        role: order.role,
        ackDeadlineAt: due('ack')!,
        escalationStep: order.escalationStep,
        escalatedFromTaskId: order.escalatedFromTaskId,
        clauseId: order.clauseId,
        planVersion: order.planVersion,
        departDeadlineAt: due('depart'),
        arriveDeadlineAt: due('arrive'),
        firstReportDeadlineAt: due('firstReport'),
        completeDeadlineAt: due('complete'),
        capabilities: task.state.capabilities,
        etaSeconds: task.state.etaSeconds,
        timeScale,
      },
    });
    return task;
  }

  static restore(state: TaskState): Task {
    return new Task({ ...state, deadlines: state.deadlines.map((d) => ({ ...d })) });
  }

  get id(): string {
    return this.state.id;
  }

  snapshot(): TaskState {
    return { ...this.state, deadlines: this.state.deadlines.map((d) => ({ ...d })) };
  }

  deadline(kind: DeadlineKind): TaskDeadline | undefined {
    return this.state.deadlines.find((d) => d.kind === kind);
  }

  get isOpen(): boolean {
    return isOpenStatus(this.state.status);
  }

  get allowedMoves(): TaskMove[] {
    return allowedMoves(this.state.status, this.state.role);
  }

  acknowledge(officer: DutyOfficer, at: Date): void {
    this.begin('acknowledge', officer);
    this.state = {
      ...this.state,
      status: 'acknowledged',
      acknowledgedAt: at,
      acknowledgedBy: officer.userId,
    };
    this.record({
      type: 'TaskAcknowledged',
      payload: { ...this.ref(), acknowledgedAt: at.toISOString(), late: this.meet('ack', at) },
    });
  }

  depart(officer: DutyOfficer, at: Date): void {
    this.begin('depart', officer);
    this.state = { ...this.state, status: 'departed', departedAt: at };
    this.record({
      type: 'TaskDeparted',
      payload: { ...this.ref(), departedAt: at.toISOString(), late: this.meet('depart', at) },
    });
  }

  arrive(officer: DutyOfficer, at: Date): void {
    this.begin('arrive', officer);
    this.state = { ...this.state, status: 'arrived', arrivedAt: at };
    this.record({
      type: 'TaskArrived',
      payload: {
        ...this.ref(),
        arrivedAt: at.toISOString(),
        late: this.meet('arrive', at),
        secondsFromDispatch: Math.round((at.getTime() - this.state.dispatchedAt.getTime()) / 1000),
      },
    });
  }

  /** 情况报告: any time after acknowledging; the first one meets the first-report deadline. */
  report(officer: DutyOfficer, at: Date, report: SituationReport): void {
    this.begin('report', officer);
    const first = this.state.firstReportAt === null;
    if (first) this.state = { ...this.state, firstReportAt: at };
    const late = first ? this.meet('firstReport', at) : false;
    this.record({
      type: 'TaskReported',
      payload: {
        ...this.ref(),
        reportId: report.reportId,
        reportedAt: at.toISOString(),
        text: report.text,
        ...(report.casualties ? { casualties: report.casualties } : {}),
        ...(report.economicLossCny !== undefined ? { economicLossCny: report.economicLossCny } : {}),
        first,
        late,
      },
    });
  }

  complete(officer: DutyOfficer, at: Date): void {
    this.begin('complete', officer);
    this.state = { ...this.state, status: 'completed', completedAt: at };
    const late = this.meet('complete', at);
    this.stopWatching();
    this.record({ type: 'TaskCompleted', payload: { ...this.ref(), completedAt: at.toISOString(), late } });
  }

  /** 拒绝: the unit cannot take it (with a reason); a team's is sent to the next best team. */
  decline(officer: DutyOfficer, at: Date, reason: string): void {
    this.begin('decline', officer);
    const text = reason.trim();
    if (!text) {
      throw new DomainError(
        'TASK.DECLINE_REASON_REQUIRED',
        'invalid',
        '拒绝须说明理由 a decline needs a reason',
        {
          pointer: '/reason',
        },
      );
    }
    this.state = { ...this.state, status: 'declined', declinedAt: at, declineReason: text };
    this.stopWatching();
    this.record({
      type: 'TaskDeclined',
      payload: {
        ...this.ref(),
        role: this.state.role,
        declinedAt: at.toISOString(),
        reason: text,
        capabilities: [...this.state.capabilities],
      },
    });
  }

  /** The incident was cancelled or closed (or the warning ended): the task is owed no more. */
  cancel(at: Date, reason: string): void {
    if (!this.isOpen) return;
    this.state = { ...this.state, status: 'cancelled', cancelledAt: at, cancelReason: reason };
    this.stopWatching();
    this.record({ type: 'TaskCancelled', payload: { ...this.ref(), cancelledAt: at.toISOString(), reason } });
  }

  /**
   * A deadline timer fired: firing `ordinal` of `kind` (0 = the deadline itself, k = ladder step k). The task
   * was re-read under a lock, so a firing for a deadline already met, a step already taken, or one that came
   * early changes nothing. Firing 0 records the miss; firing k takes ladder step k, whose effect the caller
   * works out (`targetOf`) and this records. Either way the next step's time is set, after its wait.
   */
  fire(
    kind: DeadlineKind,
    ordinal: number,
    at: Date,
    ladder: EscalationLadder | null,
    targetOf: (step: LadderStep) => EscalationEffect,
  ): DeadlineFiring {
    const d = this.deadline(kind);
    if (!d || !d.nextAt || d.fired !== ordinal || !this.isOpen) return { outcome: 'moved-on' };
    if (at.getTime() < d.nextAt.getTime()) return { outcome: 'not-yet-due', dueAt: d.nextAt };
    const lateMs = at.getTime() - d.nextAt.getTime();
    const late = lateMs > LATE_TOLERANCE_MS;
    const step = ordinal === 0 ? null : ladder?.step(ordinal);
    if (ordinal > 0 && !step) {
      // Past the ladder's top (it cannot grow for a published plan version): nothing more to watch.
      this.replaceDeadline({ ...d, nextAt: null });
      return { outcome: 'ladder-ended' };
    }
    const following = ladder?.step(ordinal + 1) ?? null;
    const nextAt = following
      ? new Date(at.getTime() + scaledMs(following.afterSeconds, this.state.timeScale))
      : null;
    const base = { ...this.ref(), deadline: kind, deadlineAt: d.dueAt.toISOString(), lateMs, late };
    if (!step) {
      this.replaceDeadline({ ...d, state: 'missed', missedAt: at, fired: 1, nextAt });
      this.record({
        type: 'TaskDeadlineMissed',
        payload: { ...base, ladderSteps: ladder?.length ?? 0 },
      });
      return { outcome: 'missed', lateMs };
    }
    this.replaceDeadline({ ...d, fired: ordinal + 1, nextAt });
    this.record({
      type: 'TaskEscalated',
      payload: { ...base, step: ordinal, action: step.action, target: targetOf(step), last: !following },
    });
    return { outcome: 'escalated', step, stepNo: ordinal, lateMs };
  }

  /** Checks who acts and that the state allows the move; throws the stable error otherwise. */
  private begin(move: TaskMove, officer: DutyOfficer): void {
    if (!officer.commander && !officer.unitIds.includes(this.state.unitId)) {
      throw new DomainError(
        'TASK.NOT_YOUR_UNIT',
        'forbidden',
        `不是本单位的任务 task ${this.state.id} belongs to another unit`,
      );
    }
    const allowed = this.allowedMoves;
    if (!allowed.includes(move)) {
      throw new DomainError(
        'TASK.ILLEGAL_MOVE',
        'conflict',
        `任务当前为 ${this.state.status}，不能 ${move} task ${this.state.id} is ${this.state.status}: cannot ${move}`,
        { current: this.state.status, allowed },
      );
    }
  }

  /** Meets the deadline of `kind` if watched; answers whether it was late. */
  private meet(kind: DeadlineKind, at: Date): boolean {
    const d = this.deadline(kind);
    if (!d) return false;
    this.replaceDeadline(meet(d, at));
    return at.getTime() > d.dueAt.getTime();
  }

  private stopWatching(): void {
    this.state = { ...this.state, deadlines: this.state.deadlines.map(stop) };
  }

  private replaceDeadline(next: TaskDeadline): void {
    this.state = {
      ...this.state,
      deadlines: this.state.deadlines.map((d) => (d.kind === next.kind ? next : d)),
    };
  }

  private ref(): { taskId: string; incidentId: string; unitId: string } {
    return { taskId: this.state.id, incidentId: this.state.incidentId, unitId: this.state.unitId };
  }
}

/** Which move meets a deadline kind (for views and reports). */
export function movedPastBy(kind: DeadlineKind): TaskMove {
  return MET_BY[kind];
}
