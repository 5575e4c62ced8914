import type { Deadline, DeadlineKind, IncidentSummary, Move, TaskStatus, TaskView } from '../api/types';

/** The moves that take a task forward, in order; the first one allowed is "the next move". */
const PROGRESS: readonly Move[] = ['acknowledge', 'depart', 'arrive', 'complete'];

const FINISHED: ReadonlySet<TaskStatus> = new Set(['completed', 'declined', 'cancelled']);

export function isOpen(status: TaskStatus): boolean {
  return !FINISHED.has(status);
}

/** The button to show large: the next step forward, if any is allowed. */
export function nextMove(allowed: readonly Move[]): Move | null {
  return PROGRESS.find((m) => allowed.includes(m)) ?? null;
}

/** The other moves allowed (report, decline), after the next one. */
export function otherMoves(allowed: readonly Move[]): Move[] {
  const next = nextMove(allowed);
  return allowed.filter((m) => m !== next);
}

/**
 * What a task may do in each state, per DESIGN §6, for servers that do not send `allowedMoves` yet
 * (before issue 10). The server still decides: a refused move comes back as 409 with what is allowed.
 */
export function movesByStatus(status: TaskStatus): Move[] {
  switch (status) {
    case 'dispatched':
      return ['acknowledge', 'decline'];
    case 'acknowledged':
      return ['depart', 'report', 'decline'];
    case 'departed':
      return ['arrive', 'report'];
    case 'arrived':
      return ['complete', 'report'];
    default:
      return [];
  }
}

/** Which deadline a task in this state is racing, before issue 10 names it. */
const NEXT_DEADLINE_BY_STATUS: Partial<Record<TaskStatus, readonly DeadlineKind[]>> = {
  dispatched: ['ack'],
  acknowledged: ['depart', 'firstReport'],
  departed: ['arrive', 'firstReport'],
  arrived: ['firstReport', 'complete'],
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * A task row as the console shows it, whichever server answered: issue 10's task view passes through;
 * today's rows (the stored task) get their deadlines, next deadline and moves derived here.
 */
export function normalizeTask(raw: Record<string, unknown>): TaskView {
  const status = raw.status as TaskStatus;
  const deadlines: Deadline[] = Array.isArray(raw.deadlines)
    ? (raw.deadlines as Deadline[])
    : (
        [
          ['ack', raw.ackDeadlineAt],
          ['depart', raw.departDeadlineAt],
          ['arrive', raw.arriveDeadlineAt],
          ['firstReport', raw.firstReportDeadlineAt],
        ] as const
      )
        .filter(([, at]) => typeof at === 'string')
        .map(([kind, at]) => ({ kind, dueAt: at as string }));
  let next: Deadline | null;
  if (raw.nextDeadline !== undefined) next = (raw.nextDeadline as Deadline | null) ?? null;
  else {
    const kinds = NEXT_DEADLINE_BY_STATUS[status] ?? [];
    next = kinds.map((k) => deadlines.find((d) => d.kind === k)).find((d) => d !== undefined) ?? null;
  }
  return {
    id: String(raw.id),
    incidentId: String(raw.incidentId),
    unitId: String(raw.unitId),
    unitName: str(raw.unitName) ?? undefined,
    role: raw.role as TaskView['role'],
    status,
    dispatchedAt: String(raw.dispatchedAt),
    acknowledgedAt: str(raw.acknowledgedAt),
    declineReason: str(raw.declineReason),
    capabilities: Array.isArray(raw.capabilities) ? (raw.capabilities as string[]) : [],
    etaSeconds: typeof raw.etaSeconds === 'number' ? raw.etaSeconds : null,
    escalationStep: typeof raw.escalationStep === 'number' ? raw.escalationStep : 0,
    deadlines,
    nextDeadline: isOpen(status) ? next : null,
    allowedMoves: Array.isArray(raw.allowedMoves) ? (raw.allowedMoves as Move[]) : movesByStatus(status),
    incident: (raw.incident as IncidentSummary | undefined) ?? undefined,
  };
}

/** Where each stage event leaves a task (the stream's facts, DESIGN §6). */
const STATUS_AFTER: Readonly<Record<string, TaskStatus>> = {
  TaskAcknowledged: 'acknowledged',
  TaskDeparted: 'departed',
  TaskArrived: 'arrived',
  TaskCompleted: 'completed',
  TaskDeclined: 'declined',
  TaskCancelled: 'cancelled',
};

const STAGE: Readonly<Record<TaskStatus, number>> = {
  dispatched: 0,
  acknowledged: 1,
  departed: 2,
  arrived: 3,
  completed: 4,
  declined: 4,
  cancelled: 4,
};

/** The task and the status a live event moved it to, or null for an event that moves no task. */
export function stageMoveOf(event: {
  type: string;
  payload: Record<string, unknown>;
}): { taskId: string; status: TaskStatus } | null {
  const status = STATUS_AFTER[event.type];
  const taskId = event.payload.taskId;
  return status && typeof taskId === 'string' ? { taskId, status } : null;
}

/**
 * The task as a live event (or a move's answer) left it, shown at once while the list reloads: only a
 * later stage wins, so a reload that is already past it is never stepped back. Its moves and next
 * deadline are derived as for an older server until the reload brings the server's own.
 */
export function advancedTo(task: TaskView, status: TaskStatus): TaskView {
  if (STAGE[status] <= STAGE[task.status]) return task;
  const kinds = NEXT_DEADLINE_BY_STATUS[status] ?? [];
  const next =
    kinds.map((k) => task.deadlines.find((d) => d.kind === k)).find((d) => d !== undefined) ?? null;
  return { ...task, status, allowedMoves: movesByStatus(status), nextDeadline: isOpen(status) ? next : null };
}

/** Newest first, by when each was dispatched. */
export function newestFirst(tasks: readonly TaskView[]): TaskView[] {
  return [...tasks].sort((a, b) => Date.parse(b.dispatchedAt) - Date.parse(a.dispatchedAt));
}
