import type { StoredTimeline } from './timeline.read-model.port';
import { TimelineVerification, verifyTimeline } from './timeline-verification';

/** An incident's timeline as the console and the auditor read it: every entry, and whether it all holds. */
export interface TimelineView {
  incidentId: string;
  /** The chain and the checkpoints that sealed it both hold (the verification below, in one word). */
  chainIntact: boolean;
  verification: TimelineVerification;
  entries: {
    seq: number;
    eventId: string;
    type: string;
    occurredAt: string;
    recordedAt: string;
    actor: Record<string, unknown>;
    summary: string;
    payload: Record<string, unknown>;
    prevHash: string;
    hash: string;
  }[];
}

export function timelineView(stored: StoredTimeline): TimelineView {
  const verification = verifyTimeline(stored.entries, stored.sealed);
  return {
    incidentId: stored.incidentId,
    chainIntact: verification.intact,
    verification,
    entries: stored.entries.map((e) => ({
      seq: e.seq,
      eventId: e.eventId,
      type: e.eventType,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      actor: JSON.parse(e.actorJson) as Record<string, unknown>,
      summary: e.summary,
      payload: JSON.parse(e.payloadJson) as Record<string, unknown>,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
  };
}
