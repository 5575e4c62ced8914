import { Query } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import { Stores } from '@erp/domain';
import { firstBrokenLink } from './hash-chain';

export interface TimelineView {
  incidentId: string;
  chainIntact: boolean;
  entries: {
    seq: number;
    eventId: string;
    type: string;
    occurredAt: string;
    recordedAt: string;
    actor: Record<string, unknown>;
    summary: string;
    payload: Record<string, unknown>;
    hash: string;
  }[];
}

/** The incident's audited timeline, if the user may see the incident (404 otherwise). */
export class IncidentTimelineQuery extends Query<TimelineView> {
  constructor(
    readonly user: SignedInUser,
    readonly incidentId: string,
  ) {
    super();
  }
}

/** Reads an incident's timeline in order and checks its hash chain on the way out. */
export async function readTimeline(stores: Stores, incidentId: string): Promise<TimelineView> {
  const rows = await stores.timeline.read(incidentId);
  // The summary is for reading; the chain covers the fields it was built from.
  const chain = rows.map(({ summary: _summary, ...chained }) => chained);
  return {
    incidentId,
    chainIntact: firstBrokenLink(chain) === -1,
    entries: rows.map((r) => ({
      seq: r.seq,
      eventId: r.eventId,
      type: r.eventType,
      occurredAt: r.occurredAt,
      recordedAt: r.recordedAt,
      actor: r.actor as Record<string, unknown>,
      summary: r.summary,
      payload: r.payload as Record<string, unknown>,
      hash: r.hash,
    })),
  };
}
