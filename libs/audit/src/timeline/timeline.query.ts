import { DataSource } from 'typeorm';
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

interface Row {
  incident_id: string;
  seq: number;
  event_id: string;
  event_type: string;
  occurred_at: string;
  recorded_at: string;
  actor: Record<string, unknown>;
  summary: string;
  payload: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** Reads an incident's timeline in order and checks its hash chain on the way out. */
export async function readTimeline(dataSource: DataSource, incidentId: string): Promise<TimelineView> {
  // Timestamps as the exact ISO strings that were hashed (to_json keeps microseconds; Date would not).
  const rows: Row[] = await dataSource.query(
    `SELECT incident_id, seq, event_id, event_type, actor, summary, payload, prev_hash, hash,
            to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
            to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at
       FROM timeline_entries WHERE incident_id = $1 ORDER BY seq`,
    [incidentId],
  );
  const chain = rows.map((r) => ({
    incidentId: r.incident_id,
    seq: r.seq,
    eventId: r.event_id,
    eventType: r.event_type,
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
    actor: r.actor,
    payload: r.payload,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
  return {
    incidentId,
    chainIntact: firstBrokenLink(chain) === -1,
    entries: rows.map((r) => ({
      seq: r.seq,
      eventId: r.event_id,
      type: r.event_type,
      occurredAt: r.occurred_at,
      recordedAt: r.recorded_at,
      actor: r.actor,
      summary: r.summary,
      payload: r.payload,
      hash: r.hash,
    })),
  };
}
