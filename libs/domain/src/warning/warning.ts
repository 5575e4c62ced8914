import { DomainError } from '../shared/domain-error';
import type { HazardPointRecord, HazardResponsibleRole } from '../hazard/hazard-point';
import { WarningArea, warningAreaContains } from './warning-area';
import {
  WarningAction,
  WarningClause,
  WarningColour,
  WarningHazardType,
  WARNING_ACTION_NAMES,
} from './warning-clauses';

/**
 * 预警: a forecast or warning (a weather bureau's CAP alert), its own flow beside incidents. It is active
 * from issue until its expiry or a Cancel, and while active its clauses task the responsible persons of the
 * hazard points in its area. An Update amends it (colour, area, expiry); tasks newly owed are added, tasks
 * no longer owed (a downgrade) are stood down, and when it ends every open task is stood down.
 */
export type WarningStatus = 'active' | 'ended';
export type WarningEndReason = 'cancelled' | 'expired';

export interface WarningRecord {
  id: string;
  /** The alarm source that sent it; `sensor` for a hazard point's sensor warning. */
  source: string;
  /**
   * The CAP identifiers of the alert and each Update, so a later Update or Cancel finds it by any; for a
   * sensor warning, the readings applied (`<sensorId>@<measuredAt>`).
   */
  identifiers: string[];
  sender: string;
  event: string;
  hazardType: WarningHazardType;
  /** The colour (预警颜色); null when the alert gave only a CAP severity. */
  colour: WarningColour | null;
  headline: string | null;
  area: WarningArea;
  issuedAt: Date;
  effectiveAt: Date;
  /** Null: until a Cancel. */
  expiresAt: Date | null;
  status: WarningStatus;
  endedAt: Date | null;
  endReason: WarningEndReason | null;
  revision: number;
}

export type WarningTaskStatus = 'dispatched' | 'acknowledged' | 'completed' | 'cancelled';

export interface WarningTaskRecord {
  id: string;
  warningId: string;
  clauseId: string;
  hazardPointId: string;
  hazardPointName: string;
  townshipCode: string;
  action: WarningAction;
  assigneeRole: HazardResponsibleRole;
  assigneeUserName: string;
  assigneeName: string;
  assigneePhone: string;
  status: WarningTaskStatus;
  dispatchedAt: Date;
  acknowledgeDueAt: Date;
  completeDueAt: Date;
  acknowledgedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  /** Ladder steps taken so far, per deadline. */
  ackSteps: number;
  completeSteps: number;
  escalations: WarningEscalation[];
}

export const OPEN_WARNING_TASK_STATUSES: readonly WarningTaskStatus[] = ['dispatched', 'acknowledged'];

/** One task per hazard point, action and person: what makes a second identical task impossible. */
export function warningTaskKey(t: Pick<WarningTaskRecord, 'hazardPointId' | 'action' | 'assigneeUserName'>) {
  return `${t.hazardPointId}/${t.action}/${t.assigneeUserName}`;
}

/** Whether a colour is at least as severe as another (blue < yellow < orange < red). */
const COLOUR_RANK: Record<WarningColour, number> = { blue: 1, yellow: 2, orange: 3, red: 4 };
export function colourRank(colour: WarningColour | null): number {
  return colour ? COLOUR_RANK[colour] : 0;
}

/** The tasks an active warning owes now under its clauses, for the points in its area (not yet ids). */
export function owedWarningTasks(
  warning: Pick<WarningRecord, 'id' | 'hazardType' | 'colour' | 'area' | 'status'>,
  points: readonly HazardPointRecord[],
  clauses: readonly WarningClause[],
  now: Date,
): Omit<WarningTaskRecord, 'id'>[] {
  if (warning.status !== 'active' || !warning.colour) return [];
  const owed = new Map<string, Omit<WarningTaskRecord, 'id'>>();
  const matching = clauses.filter(
    (c) => c.hazardTypes.includes(warning.hazardType) && c.colours.includes(warning.colour!),
  );
  for (const point of points) {
    if (!warningAreaContains(warning.area, point.position, point.townshipCode)) continue;
    for (const clause of matching) {
      if (!clause.pointKinds.includes(point.kind)) continue;
      for (const task of clause.tasks) {
        for (const person of point.responsiblePersons.filter((p) => p.role === task.to)) {
          const t: Omit<WarningTaskRecord, 'id'> = {
            warningId: warning.id,
            clauseId: clause.id,
            hazardPointId: point.id,
            hazardPointName: point.name,
            townshipCode: point.townshipCode,
            action: task.action,
            assigneeRole: person.role,
            assigneeUserName: person.userName,
            assigneeName: person.name,
            assigneePhone: person.phone,
            status: 'dispatched',
            dispatchedAt: now,
            acknowledgeDueAt: new Date(now.getTime() + task.acknowledgeSeconds * 1000),
            completeDueAt: new Date(now.getTime() + task.completeSeconds * 1000),
            acknowledgedAt: null,
            completedAt: null,
            cancelledAt: null,
            cancelReason: null,
            ackSteps: 0,
            completeSteps: 0,
            escalations: [],
          };
          if (!owed.has(warningTaskKey(t))) owed.set(warningTaskKey(t), t);
        }
      }
    }
  }
  return [...owed.values()];
}

export interface WarningTaskPlan {
  /** Owed and not yet given. */
  add: Omit<WarningTaskRecord, 'id'>[];
  /** Open, and owed no more (a downgrade, a smaller area, the warning's end): stood down with the reason. */
  standDown: { taskId: string; reason: string }[];
}

/** What changes the warning's tasks: those owed now against those it has. */
export function planWarningTasks(
  warning: Pick<WarningRecord, 'id' | 'hazardType' | 'colour' | 'area' | 'status' | 'endReason'>,
  existing: readonly WarningTaskRecord[],
  points: readonly HazardPointRecord[],
  clauses: readonly WarningClause[],
  now: Date,
): WarningTaskPlan {
  const owed = owedWarningTasks(warning, points, clauses, now);
  const owedKeys = new Set(owed.map(warningTaskKey));
  const have = new Set(existing.filter((t) => t.status !== 'cancelled').map(warningTaskKey));
  const reason =
    warning.status === 'ended'
      ? warning.endReason === 'expired'
        ? '预警已过期，解除 warning expired: stood down'
        : '预警已解除 warning cancelled: stood down'
      : '预警调整，不再需要 no longer owed after the warning changed';
  return {
    add: owed.filter((t) => !have.has(warningTaskKey(t))),
    standDown: existing
      .filter((t) => OPEN_WARNING_TASK_STATUSES.includes(t.status) && !owedKeys.has(warningTaskKey(t)))
      .map((t) => ({ taskId: t.id, reason })),
  };
}

/** Ends an active warning; an ended one stays as it ended (a second Cancel or a late timer changes nothing). */
export function endWarning(warning: WarningRecord, reason: WarningEndReason, at: Date): WarningRecord | null {
  if (warning.status === 'ended') return null;
  return { ...warning, status: 'ended', endReason: reason, endedAt: at };
}

/** Whether the expiry timer should end it now. */
export function isWarningExpired(warning: WarningRecord, now: Date): boolean {
  return (
    warning.status === 'active' && warning.expiresAt !== null && warning.expiresAt.getTime() <= now.getTime()
  );
}

export type WarningTaskMove = 'acknowledge' | 'complete';

/** A responsible person's move on their warning task: dispatched → acknowledged → completed. */
export function moveWarningTask(task: WarningTaskRecord, move: WarningTaskMove, at: Date): WarningTaskRecord {
  const allowed: WarningTaskMove[] =
    task.status === 'dispatched'
      ? ['acknowledge', 'complete']
      : task.status === 'acknowledged'
        ? ['complete']
        : [];
  if (!allowed.includes(move)) {
    throw new DomainError(
      'WARNING_TASK.ILLEGAL_MOVE',
      'conflict',
      `${WARNING_ACTION_NAMES[task.action]}任务为 ${task.status}，不能 ${move} task is ${task.status}: cannot ${move}`,
      { current: task.status, allowed },
    );
  }
  return move === 'acknowledge'
    ? { ...task, status: 'acknowledged', acknowledgedAt: at }
    : { ...task, status: 'completed', acknowledgedAt: task.acknowledgedAt ?? at, completedAt: at };
}

/** The deadlines a warning task is watched on: its acknowledgement and its completion. */
export type WarningDeadline = 'ack' | 'complete';

/** One step of a warning task's escalation: whom to tell after how long past the deadline (or the step before). */
export interface WarningLadderStep {
  afterSeconds: number;
  action: 'renotify_assignee' | 'notify_person_in_charge' | 'notify_township_office';
}

/**
 * 逐级上报 for warning tasks (sample): tell the person again at once, then the point's person in charge after
 * 5 minutes, then the township office's officer on duty after 10 more. A step whose target is the assignee
 * already is still recorded: the ladder's record shows it was climbed.
 */
export const WARNING_TASK_LADDER: readonly WarningLadderStep[] = [
  { afterSeconds: 0, action: 'renotify_assignee' },
  { afterSeconds: 300, action: 'notify_person_in_charge' },
  { afterSeconds: 600, action: 'notify_township_office' },
];

export interface WarningEscalation {
  deadline: WarningDeadline;
  step: number;
  action: WarningLadderStep['action'];
  /** A user name, or the township office's unit id. */
  target: string;
  at: string;
}

/** When step `step` of a deadline's ladder falls due; null past the last step. */
export function warningLadderDueAt(
  task: Pick<WarningTaskRecord, 'acknowledgeDueAt' | 'completeDueAt'>,
  deadline: WarningDeadline,
  step: number,
  ladder: readonly WarningLadderStep[] = WARNING_TASK_LADDER,
): Date | null {
  if (step >= ladder.length) return null;
  const base = deadline === 'ack' ? task.acknowledgeDueAt : task.completeDueAt;
  const offset = ladder.slice(0, step + 1).reduce((sum, s) => sum + s.afterSeconds, 0);
  return new Date(base.getTime() + offset * 1000);
}

/** Whether the task still owes what the deadline watches (an acknowledgement, or its completion). */
export function warningDeadlineOpen(
  task: Pick<WarningTaskRecord, 'status'>,
  deadline: WarningDeadline,
): boolean {
  return deadline === 'ack' ? task.status === 'dispatched' : OPEN_WARNING_TASK_STATUSES.includes(task.status);
}
