import { randomUUID } from 'node:crypto';
import { Actor, DomainEvent, Envelope, EventPayloads, topicOf, TopicName } from '@erp/contracts';

/** Why and by whom events are being recorded: the audit timeline hangs on these. */
export interface Causation {
  actor: Actor;
  correlationId: string;
  /** The event (or request) this work answers; null for the first fact of a chain. */
  causationId: string | null;
}

export interface OutgoingEvent {
  topic: TopicName;
  envelope: Envelope;
}

/** The one place an envelope is built. */
export function envelopeFor(
  event: DomainEvent,
  causation: Causation,
  occurredAt: Date,
  recordedAt: Date,
): OutgoingEvent {
  const payload = event.payload as Record<string, unknown>;
  const incidentId = typeof payload.incidentId === 'string' ? payload.incidentId : null;
  // Incident facts stay in order per incident; command-structure facts per unit or plan (their `key`).
  const spec = EventPayloads[event.type];
  const key =
    'key' in spec ? String(payload[spec.key]) : (incidentId ?? String(payload.alarmId ?? payload.taskId));
  return {
    topic: topicOf(event.type),
    envelope: {
      eventId: randomUUID(),
      type: event.type,
      version: EventPayloads[event.type].version,
      key,
      incidentId,
      occurredAt: occurredAt.toISOString(),
      recordedAt: recordedAt.toISOString(),
      correlationId: causation.correlationId,
      causationId: causation.causationId,
      actor: causation.actor,
      payload,
    },
  };
}
