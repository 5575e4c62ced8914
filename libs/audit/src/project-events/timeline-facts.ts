import { createHash } from 'node:crypto';
import type { Actor, Envelope, EventType } from '@erp/contracts';

/** An event as the audit consumes it (decoded and validated) or reads it back from its log. */
export type AuditedEvent = Envelope & { type: EventType };

/** What one timeline entry records, before it is numbered and chained. */
export interface TimelineFact {
  incidentId: string;
  eventId: string;
  eventType: EventType;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  payload: Record<string, unknown>;
}

/**
 * The timeline an event belongs to: its incident's, or, for a team's status change (which travels keyed by
 * team on the command-structure topic), the incident the change names; a warning's facts and the notices
 * of them make the warning's own timeline, stored like an incident's under the warning's id.
 */
export function timelineOf(event: AuditedEvent): string | null {
  if (event.incidentId) return event.incidentId;
  const { incidentId, warningId } = event.payload;
  if (event.type === 'RescueTeamStatusChanged') return typeof incidentId === 'string' ? incidentId : null;
  return typeof warningId === 'string' ? warningId : null;
}

/** The exact ISO instant, in the one form that is stored and read back (milliseconds, UTC). */
export const instant = (iso: string): string => new Date(iso).toISOString();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The entries an event makes, in order: none without an incident; for an alarm placed into an incident
 * (opened or joined), first the alarm's receipt — an AlarmReceived has no incident yet, so its receipt is
 * recorded here, when it happened (received) and from the placement's own account of it — then the event.
 */
export function timelineFacts(event: AuditedEvent): TimelineFact[] {
  const incidentId = timelineOf(event);
  if (!incidentId) return [];
  const own: TimelineFact = {
    incidentId,
    eventId: event.eventId,
    eventType: event.type,
    occurredAt: instant(event.occurredAt),
    recordedAt: instant(event.recordedAt),
    actor: event.actor,
    payload: event.payload,
  };
  if (event.type !== 'IncidentOpened' && event.type !== 'AlarmJoinedIncident') return [own];
  const p = event.payload as {
    alarmId: string;
    alarmSource: string;
    alarmReceivedAt: string;
    alarmExternalId?: string;
    type: string;
  };
  const receivedAt = instant(p.alarmReceivedAt);
  const receipt: TimelineFact = {
    incidentId,
    eventId: receiptEventId(event),
    eventType: 'AlarmReceived',
    occurredAt: receivedAt,
    recordedAt: receivedAt,
    actor: { kind: 'source', id: p.alarmSource },
    payload: {
      alarmId: p.alarmId,
      source: p.alarmSource,
      type: p.type,
      receivedAt,
      ...(p.alarmExternalId !== undefined ? { externalId: p.alarmExternalId } : {}),
    },
  };
  return [receipt, own];
}

/**
 * The receipt's id: the AlarmReceived event's own (the placement was caused by it), or, for a placement
 * that names no such cause, one derived from the placement's id, so a replay gives the same.
 */
function receiptEventId(event: AuditedEvent): string {
  if (event.causationId && UUID.test(event.causationId)) return event.causationId.toLowerCase();
  const h = createHash('sha256').update(`receipt:${event.eventId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The units an event names (a task's unit, a team, an escalation's target): those its summary names. */
export function mentionedUnits(event: AuditedEvent): string[] {
  const p = event.payload as { unitId?: unknown; teamId?: unknown; target?: unknown };
  // A warning task's rung names its target as a string (a user name or the township office's id).
  const target =
    typeof p.target === 'string' ? p.target : (p.target as { unitId?: unknown } | undefined)?.unitId;
  return [p.unitId, p.teamId, target].filter((id): id is string => typeof id === 'string');
}
