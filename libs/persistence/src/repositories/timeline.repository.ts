import { EntityManager } from 'typeorm';
import { TimelineRow } from '@erp/domain';
import { preparedQuery } from '../prepared-query';

export const TimelineRepository = {
  async heads(
    manager: EntityManager,
    incidentIds: readonly string[],
  ): Promise<Map<string, { seq: number; hash: string }>> {
    if (!incidentIds.length) return new Map();
    const rows = await preparedQuery<{ incident_id: string; seq: number; hash: string }>(
      manager,
      // Keyed by the ids as given (text), not as PostgreSQL would print the uuid back.
      `SELECT u.id AS incident_id, last.seq, last.hash
         FROM unnest($1::text[]) AS u(id)
         CROSS JOIN LATERAL (
           SELECT seq, hash FROM timeline_entries WHERE incident_id = u.id::uuid ORDER BY seq DESC LIMIT 1
         ) AS last`,
      [incidentIds],
    );
    return new Map(rows.map((row) => [row.incident_id, { seq: row.seq, hash: row.hash }]));
  },

  async append(manager: EntityManager, rows: readonly TimelineRow[]): Promise<void> {
    if (!rows.length) return;
    await preparedQuery(
      manager,
      `INSERT INTO timeline_entries (incident_id, seq, event_id, event_type, occurred_at, recorded_at, actor,
         summary, payload, prev_hash, hash)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::timestamptz[],
         $6::timestamptz[], $7::jsonb[], $8::text[], $9::jsonb[], $10::text[], $11::text[])`,
      [
        rows.map((row) => row.incidentId),
        rows.map((row) => row.seq),
        rows.map((row) => row.eventId),
        rows.map((row) => row.eventType),
        rows.map((row) => row.occurredAt),
        rows.map((row) => row.recordedAt),
        rows.map((row) => JSON.stringify(row.actor)),
        rows.map((row) => row.summary),
        rows.map((row) => JSON.stringify(row.payload)),
        rows.map((row) => row.prevHash),
        rows.map((row) => row.hash),
      ],
    );
  },

  async read(manager: EntityManager, incidentId: string): Promise<TimelineRow[]> {
    // Timestamps as the exact ISO strings that were hashed (to_char keeps the milliseconds hashed).
    const rows = await preparedQuery<Record<string, unknown>>(
      manager,
      `SELECT incident_id, seq, event_id, event_type, actor, summary, payload, prev_hash, hash,
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
              to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at
         FROM timeline_entries WHERE incident_id = $1 ORDER BY seq`,
      [incidentId],
    );
    return rows.map((row) => ({
      incidentId: row.incident_id as string,
      seq: row.seq as number,
      eventId: row.event_id as string,
      eventType: row.event_type as string,
      occurredAt: row.occurred_at as string,
      recordedAt: row.recorded_at as string,
      actor: row.actor,
      summary: row.summary as string,
      payload: row.payload,
      prevHash: row.prev_hash as string,
      hash: row.hash as string,
    }));
  },
};
