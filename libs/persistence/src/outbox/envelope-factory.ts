import { randomUUID } from 'node:crypto';
import { DomainEvent, Envelope, EventPayloads, TopicName, topicOf } from '@erp/contracts';
import type { Causation } from '@erp/domain';

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
    'key' in spec
      ? String(payload[spec.key])
      : (incidentId ?? String(payload.alarmId ?? payload.taskId ?? payload.notificationId));
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
