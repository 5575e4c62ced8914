import { instant, AuditedEvent } from './timeline-facts';

/** What a run of events changes in the response-time tables (see ResponseTimesRepository.apply). */
export interface ResponseChanges {
  opened: {
    incidentId: string;
    townshipCode: string;
    type: string;
    tier: string;
    exercise: boolean;
    alarmAt: string;
    openedAt: string;
  }[];
  tiers: { incidentId: string; tier: string }[];
  closed: { incidentId: string; closedAt: string }[];
  cancelled: string[];
  dispatched: {
    taskId: string;
    incidentId: string;
    unitId: string;
    role: string;
    team: boolean;
    dispatchedAt: string;
  }[];
  moves: {
    taskId: string;
    status: string | null;
    acknowledgedAt: string | null;
    departedAt: string | null;
    arrivedAt: string | null;
    completedAt: string | null;
  }[];
  breaches: { taskId: string; deadline: string; dueAt: string; missedAt: string }[];
}

type Move = ResponseChanges['moves'][number];

/**
 * Folds events, in order, into the changes they make to the report's storage: the last word on a tier, a
 * task's status or a stage time wins, so applying the fold equals applying the events one by one.
 */
export function responseChanges(events: readonly AuditedEvent[]): ResponseChanges {
  const changes: ResponseChanges = {
    opened: [],
    tiers: [],
    closed: [],
    cancelled: [],
    dispatched: [],
    moves: [],
    breaches: [],
  };
  const tiers = new Map<string, string>();
  const moves = new Map<string, Move>();
  const move = (taskId: string, patch: Partial<Move>) => {
    const current = moves.get(taskId) ?? {
      taskId,
      status: null,
      acknowledgedAt: null,
      departedAt: null,
      arrivedAt: null,
      completedAt: null,
    };
    moves.set(taskId, { ...current, ...patch });
  };

  for (const event of events) {
    const p = event.payload as Record<string, unknown> & { incidentId: string; taskId: string };
    switch (event.type) {
      case 'IncidentOpened':
        changes.opened.push({
          incidentId: p.incidentId,
          townshipCode: String(p.townshipCode),
          type: String(p.type),
          tier: 'T1_MINOR', // until its classification, which the same transaction records next
          exercise: p.exercise === true,
          alarmAt: instant(String(p.alarmReceivedAt)),
          openedAt: instant(event.occurredAt),
        });
        break;
      case 'IncidentClassified':
        tiers.set(p.incidentId, String(p.tier));
        break;
      case 'IncidentReclassified':
        tiers.set(p.incidentId, String((p.to as { tier: string }).tier));
        break;
      case 'IncidentClosed':
        changes.closed.push({ incidentId: p.incidentId, closedAt: instant(String(p.closedAt)) });
        break;
      case 'IncidentCancelled':
        changes.cancelled.push(p.incidentId);
        break;
      case 'TaskDispatched':
        changes.dispatched.push({
          taskId: p.taskId,
          incidentId: p.incidentId,
          unitId: String(p.unitId),
          role: String(p.role),
          // Only a rescue team is sent with an estimated arrival.
          team: typeof p.etaSeconds === 'number',
          dispatchedAt: instant(event.occurredAt),
        });
        break;
      case 'TaskAcknowledged':
        move(p.taskId, { status: 'acknowledged', acknowledgedAt: instant(String(p.acknowledgedAt)) });
        break;
      case 'TaskDeparted':
        move(p.taskId, { status: 'departed', departedAt: instant(String(p.departedAt)) });
        break;
      case 'TaskArrived':
        move(p.taskId, { status: 'arrived', arrivedAt: instant(String(p.arrivedAt)) });
        break;
      case 'TaskCompleted':
        move(p.taskId, { status: 'completed', completedAt: instant(String(p.completedAt)) });
        break;
      case 'TaskDeclined':
        move(p.taskId, { status: 'declined' });
        break;
      case 'TaskCancelled':
        move(p.taskId, { status: 'cancelled' });
        break;
      case 'TaskDeadlineMissed':
        changes.breaches.push({
          taskId: p.taskId,
          deadline: String(p.deadline),
          dueAt: instant(String(p.deadlineAt)),
          missedAt: instant(event.occurredAt),
        });
        break;
      default:
        break;
    }
  }
  changes.tiers = [...tiers].map(([incidentId, tier]) => ({ incidentId, tier }));
  changes.moves = [...moves.values()];
  return changes;
}
