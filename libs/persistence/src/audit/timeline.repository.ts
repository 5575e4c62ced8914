import { EntityManager } from 'typeorm';
import type { StoredTimelineRow, TimelineRow } from '@erp/domain';
import { preparedQuery } from '../prepared-query';

/** A fixed two-key advisory lock: the sealer takes it alone, writers of the timeline share it. */
const SEAL_LOCK: [number, number] = [0x65727002, 1];

export const TimelineRepository = {
  /**
   * Held (shared) by every transaction that appends to the timeline or the event log, until it ends: the
   * sealer's exclusive hold then waits for them, so whatever it reads of the log is committed and whole.
   */
  async holdAppendLock(m: EntityManager): Promise<void> {
    await preparedQuery(m, 'SELECT pg_advisory_xact_lock_shared($1, $2)', SEAL_LOCK);
  },

  async holdSealLock(m: EntityManager): Promise<void> {
    await preparedQuery(m, 'SELECT pg_advisory_xact_lock($1, $2)', SEAL_LOCK);
  },

  /** Each incident's last (seq, hash), read after its lock is held (so a committed predecessor is seen). */
  async lastEntries(
    m: EntityManager,
    incidentIds: readonly string[],
  ): Promise<Map<string, { seq: number; hash: string; chainVersion: number }>> {
    if (!incidentIds.length) return new Map();
    const rows = await preparedQuery<{
      incident_id: string;
      seq: number;
      hash: string;
      chain_version: number;
    }>(
      m,
      // Keyed by the ids as given (text), not as Postgres would print the uuid back.
      `SELECT u.id AS incident_id, last.seq, last.hash, last.chain_version
         FROM unnest($1::text[]) AS u(id)
         CROSS JOIN LATERAL (
           SELECT seq, hash, chain_version FROM timeline_entries WHERE incident_id = u.id::uuid
            ORDER BY seq DESC LIMIT 1
         ) AS last`,
      [incidentIds],
    );
    return new Map(
      rows.map((r) => [r.incident_id, { seq: r.seq, hash: r.hash, chainVersion: r.chain_version }]),
    );
  },

  async insert(m: EntityManager, rows: readonly TimelineRow[]): Promise<void> {
    if (!rows.length) return;
    await preparedQuery(
      m,
      `INSERT INTO timeline_entries (incident_id, seq, event_id, event_type, occurred_at, recorded_at, actor,
         summary, payload, chain_version, prev_hash, hash)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::timestamptz[],
         $6::timestamptz[], $7::json[], $8::text[], $9::json[], $10::smallint[], $11::text[], $12::text[])`,
      [
        rows.map((r) => r.incidentId),
        rows.map((r) => r.seq),
        rows.map((r) => r.eventId),
        rows.map((r) => r.eventType),
        rows.map((r) => r.occurredAt),
        rows.map((r) => r.recordedAt),
        rows.map((r) => r.actorJson),
        rows.map((r) => r.summary),
        rows.map((r) => r.payloadJson),
        rows.map((r) => r.chainVersion),
        rows.map((r) => r.prevHash),
        rows.map((r) => r.hash),
      ],
    );
  },

  /**
   * An incident's entries in order, as stored: timestamps in the exact ISO form that was hashed
   * (millisecond instants), actor and payload as their JSON text, verbatim (parsed by whoever shows them).
   */
  async entries(m: EntityManager, incidentId: string): Promise<StoredTimelineRow[]> {
    return preparedQuery<StoredTimelineRow>(
      m,
      `SELECT incident_id AS "incidentId", seq, event_id AS "eventId", event_type AS "eventType",
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
              to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt",
              actor::text AS "actorJson", summary, payload::text AS "payloadJson",
              chain_version AS "chainVersion", prev_hash AS "prevHash", hash
         FROM timeline_entries WHERE incident_id = $1 ORDER BY seq`,
      [incidentId],
    );
  },

  /** The last entry of each incident whose first entry is from before chain version 2 (a rebuild starts there). */
  async legacyHeads(m: EntityManager): Promise<Map<string, { seq: number; hash: string }>> {
    const rows = await preparedQuery<{ incident_id: string; seq: number; hash: string }>(
      m,
      `SELECT DISTINCT ON (incident_id) incident_id, seq, hash FROM timeline_entries
        WHERE chain_version = 1 ORDER BY incident_id, seq DESC`,
    );
    return new Map(rows.map((r) => [r.incident_id, { seq: r.seq, hash: r.hash }]));
  },
};
