import {
  EventLogRepository,
  lockKeys,
  ResponseTimesRepository,
  TimelineRepository,
  Transaction,
} from '@erp/persistence';
import { responseChanges } from './response-changes';
import { chainFacts } from './timeline-chain';
import { AuditedEvent, incidentOf, timelineFacts } from './timeline-facts';

type Manager = Transaction['manager'];

/** An event as it goes into the log: with its topic and the unit names its summary reads. */
export interface LoggedEvent {
  event: AuditedEvent;
  topic: string;
  unitNames: Record<string, string> | null;
}

/**
 * Writes a run of first-seen events into the audit trail in one transaction: the event log, the timeline
 * entries they make, the response-time tables. Holds the append lock, so a seal sees all of it or none.
 */
export async function appendToAuditTrail(m: Manager, events: readonly LoggedEvent[]): Promise<void> {
  if (!events.length) return;
  await TimelineRepository.holdAppendLock(m);
  await EventLogRepository.append(
    m,
    events.map(({ event, topic, unitNames }) => ({
      eventId: event.eventId,
      topic,
      eventType: event.type,
      incidentId: incidentOf(event),
      envelope: event as unknown as Record<string, unknown>,
      unitNames,
    })),
  );
  await appendTimeline(m, events);
  await ResponseTimesRepository.apply(m, responseChanges(events.map((e) => e.event)));
}

/** The timeline entries of a run: its incidents locked (one appender each at a time), chained on their heads. */
export async function appendTimeline(m: Manager, events: readonly LoggedEvent[]): Promise<void> {
  const facts = events.flatMap(({ event, unitNames }) =>
    timelineFacts(event).map((fact) => ({ fact, unitNames })),
  );
  if (!facts.length) return;
  const incidentIds = [...new Set(facts.map((f) => f.fact.incidentId))];
  // Serialises appends per incident, even with several projector instances (same key as ever: the id).
  await lockKeys(m, incidentIds);
  const heads = await TimelineRepository.lastEntries(m, incidentIds);
  await TimelineRepository.insert(m, chainFacts(facts, heads));
}
