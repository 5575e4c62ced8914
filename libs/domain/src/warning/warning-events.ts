import type { DomainEvent, EventPayload } from '@erp/contracts';
import {
  WARNING_TASK_LADDER,
  WarningEscalation,
  WarningRecord,
  WarningTaskPlan,
  WarningTaskRecord,
} from './warning';
import type { WarningStore } from './warning-store.port';

/** The facts a warning event carries about the warning itself (its area and tasks are read by id). */
function warningFacts(w: WarningRecord): EventPayload<'WarningAmended'> {
  return {
    warningId: w.id,
    event: w.event,
    hazardType: w.hazardType,
    colour: w.colour,
    areaDescription: w.area.description,
    expiresAt: w.expiresAt?.toISOString() ?? null,
    revision: w.revision,
  };
}

/** A new warning, and its end when it came in already expired. */
export function warningIssued(w: WarningRecord): DomainEvent[] {
  const issued: DomainEvent = {
    type: 'WarningIssued',
    payload: {
      ...warningFacts(w),
      source: w.source,
      sender: w.sender,
      effectiveAt: w.effectiveAt.toISOString(),
    },
  };
  return w.status === 'ended' ? [issued, warningEnded(w)] : [issued];
}

export function warningAmended(w: WarningRecord): DomainEvent {
  return { type: 'WarningAmended', payload: warningFacts(w) };
}

/**
 * The events of a warning written as issued, amended or ended (what a CAP alert or a sensor decided). An
 * Update to a warning already ended changes nothing to tell; one that ends it tells the end.
 */
export function warningChanged(outcome: 'issued' | 'amended' | 'ended', w: WarningRecord): DomainEvent[] {
  if (outcome === 'issued') return warningIssued(w);
  if (outcome === 'ended') return [warningEnded(w)];
  return w.status === 'active' ? [warningAmended(w)] : [];
}

/** The end of an ended warning; asking it of one still active is a bug, not a fact to record. */
export function warningEnded(w: WarningRecord): DomainEvent {
  if (w.status !== 'ended' || !w.endReason || !w.endedAt) {
    throw new Error(`预警 ${w.id} 未结束 warning ${w.id} has not ended`);
  }
  return {
    type: 'WarningEnded',
    payload: { warningId: w.id, reason: w.endReason, endedAt: w.endedAt.toISOString() },
  };
}

/** Which task an event is about, as every warning task event names it. */
type WarningTaskRef = Omit<EventPayload<'WarningTaskStoodDown'>, 'reason'>;

function taskRef(t: WarningTaskRecord): WarningTaskRef {
  return {
    warningId: t.warningId,
    taskId: t.id,
    hazardPointId: t.hazardPointId,
    hazardPointName: t.hazardPointName,
    townshipCode: t.townshipCode,
    action: t.action,
    assigneeUserName: t.assigneeUserName,
  };
}

export function warningTaskAssigned(t: WarningTaskRecord): DomainEvent {
  return {
    type: 'WarningTaskAssigned',
    payload: {
      ...taskRef(t),
      assigneeRole: t.assigneeRole,
      acknowledgeDueAt: t.acknowledgeDueAt.toISOString(),
      completeDueAt: t.completeDueAt.toISOString(),
    },
  };
}

/** What a person's move made of their task: acknowledged or completed, and whether past its deadline. */
export function warningTaskMoved(t: WarningTaskRecord): DomainEvent[] {
  if (t.status === 'acknowledged' && t.acknowledgedAt) {
    const late = t.acknowledgedAt.getTime() > t.acknowledgeDueAt.getTime();
    return [
      {
        type: 'WarningTaskAcknowledged',
        payload: { ...taskRef(t), acknowledgedAt: t.acknowledgedAt.toISOString(), late },
      },
    ];
  }
  if (t.status === 'completed' && t.completedAt) {
    const late = t.completedAt.getTime() > t.completeDueAt.getTime();
    return [
      {
        type: 'WarningTaskCompleted',
        payload: { ...taskRef(t), completedAt: t.completedAt.toISOString(), late },
      },
    ];
  }
  return [];
}

export function warningTaskEscalated(t: WarningTaskRecord, e: WarningEscalation): DomainEvent {
  return {
    type: 'WarningTaskEscalated',
    payload: {
      ...taskRef(t),
      deadline: e.deadline,
      step: e.step,
      ladderAction: e.action,
      target: e.target,
      last: e.step >= WARNING_TASK_LADDER.length - 1,
    },
  };
}

/**
 * Stands down the plan's tasks and answers the events of those it stood down: a task its person completed
 * meanwhile stays completed and gets no event.
 */
export async function standDownWarningTasks(
  store: Pick<WarningStore, 'standDown'>,
  plan: WarningTaskPlan,
  tasks: readonly WarningTaskRecord[],
  at: Date,
): Promise<DomainEvent[]> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const events: DomainEvent[] = [];
  for (const reason of new Set(plan.standDown.map((s) => s.reason))) {
    const ids = plan.standDown.filter((s) => s.reason === reason).map((s) => s.taskId);
    for (const id of await store.standDown(ids, reason, at)) {
      const task = byId.get(id);
      if (task) events.push({ type: 'WarningTaskStoodDown', payload: { ...taskRef(task), reason } });
    }
  }
  return events;
}
