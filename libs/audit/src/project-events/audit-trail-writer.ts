import { Stores } from '@erp/domain';
import { responseChanges } from './response-changes';
import { chainFacts } from './timeline-chain';
import { AuditedEvent, timelineOf, timelineFacts } from './timeline-facts';

/** An event as it goes into the log: with its topic and the unit names its summary reads. */
export interface LoggedEvent {
  event: AuditedEvent;
  topic: string;
  unitNames: Record<string, string> | null;
}

/**
 * Writes a run of first-seen events into the audit trail in one transaction: the event log, the timeline
 * entries they make, the response-time tables. Holds the append lock, so a seal sees all of it or none,
 * and its incidents' locks from before its log rows are numbered, so that for every incident the log's
 * order is the timeline's order: a rebuild replaying the log in order gives the same chain.
 */
export async function appendToAuditTrail(stores: Stores, events: readonly LoggedEvent[]): Promise<void> {
  if (!events.length) return;
  await stores.auditTimeline.holdAppendLock();
  const facts = events.flatMap(({ event, unitNames }) =>
    timelineFacts(event).map((fact) => ({ fact, unitNames })),
  );
  const incidentIds = [...new Set(facts.map((f) => f.fact.incidentId))];
  // Serialises appends per incident, even with several projector instances (same key as ever: the id).
  await stores.lockKeys(incidentIds);
  await stores.eventLog.append(
    events.map(({ event, topic, unitNames }) => ({
      eventId: event.eventId,
      topic,
      eventType: event.type,
      incidentId: timelineOf(event),
      envelope: event as unknown as Record<string, unknown>,
      unitNames,
    })),
  );
  if (facts.length) {
    const heads = await stores.auditTimeline.lastEntries(incidentIds);
    await stores.auditTimeline.insert(chainFacts(facts, heads));
  }
  await stores.responseTimes.apply(responseChanges(events.map((e) => e.event)));
}
