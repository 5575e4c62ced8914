import { DeadlineKind, DeadlineState, IncidentState, TaskMove, TaskState, allowedMoves } from '@erp/domain';

export interface DeadlineView {
  kind: DeadlineKind;
  dueAt: Date;
  state: DeadlineState;
  metAt: Date | null;
  missedAt: Date | null;
}

/** What a console shows of a task's incident beside the task. */
export interface IncidentBrief {
  id: string;
  type: string;
  tier: IncidentState['tier'];
  level: IncidentState['level'];
  townshipCode: string;
  description: string;
  status: IncidentState['status'];
  exercise: boolean;
  openedAt: Date;
}

export interface TaskView extends Omit<TaskState, 'deadlines'> {
  unitName: string | null;
  deadlines: DeadlineView[];
  /** The earliest promise still owed (a countdown), `breached` once it passed; null when nothing is owed. */
  nextDeadline: { kind: DeadlineKind; dueAt: Date; breached: boolean } | null;
  allowedMoves: TaskMove[];
  incident?: IncidentBrief;
}

export function incidentBrief(i: IncidentState): IncidentBrief {
  return {
    id: i.id,
    type: i.type,
    tier: i.tier,
    level: i.level,
    townshipCode: i.townshipCode,
    description: i.description,
    status: i.status,
    exercise: i.exercise,
    openedAt: i.openedAt,
  };
}

export function taskView(task: TaskState, unitName: string | null, incident?: IncidentState): TaskView {
  const { deadlines, ...rest } = task;
  const owed = deadlines
    .filter((d) => d.state === 'watching' || (d.state === 'missed' && d.metAt === null))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const next = owed[0];
  return {
    ...rest,
    unitName,
    deadlines: deadlines.map(({ kind, dueAt, state, metAt, missedAt }) => ({
      kind,
      dueAt,
      state,
      metAt,
      missedAt,
    })),
    nextDeadline:
      next && allowedMoves(task.status, task.role).length > 0
        ? { kind: next.kind, dueAt: next.dueAt, breached: next.state === 'missed' }
        : null,
    allowedMoves: allowedMoves(task.status, task.role),
    ...(incident ? { incident: incidentBrief(incident) } : {}),
  };
}
