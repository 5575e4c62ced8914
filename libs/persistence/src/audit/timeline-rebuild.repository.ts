import { EntityManager } from 'typeorm';
import type { RebuiltComparison, TimelineRow } from '@erp/domain';
import { lockKeys } from '../advisory-locks';
import { TimelineRepository } from './timeline.repository';

const COLUMNS = `incident_id, seq, event_id, event_type, occurred_at, recorded_at, actor, summary, payload,
  chain_version, prev_hash, hash`;

/**
 * A rebuild's scratch copy of the timeline, a temporary table of the session (so every call must come
 * through one connection's manager), compared with the stored timeline in SQL.
 */
export const TimelineRebuildRepository = {
  async createScratch(m: EntityManager): Promise<void> {
    await m.query(`DROP TABLE IF EXISTS rebuilt_timeline`);
    await m.query(
      `CREATE TEMPORARY TABLE rebuilt_timeline (LIKE timeline_entries INCLUDING DEFAULTS, PRIMARY KEY (incident_id, seq))`,
    );
  },

  async insertScratch(m: EntityManager, rows: readonly TimelineRow[]): Promise<void> {
    if (!rows.length) return;
    await m.query(
      `INSERT INTO rebuilt_timeline (${COLUMNS})
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[],
         $7::json[], $8::text[], $9::json[], $10::smallint[], $11::text[], $12::text[])`,
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
   * Every incident the rebuild made entries for, and every incident with version-2 entries the log has no
   * event for: how many were rebuilt, where each side ends, and the first entry that differs (a column, a
   * hole in the stored numbers, or a stored entry the log cannot account for).
   */
  async compare(m: EntityManager): Promise<RebuiltComparison[]> {
    return m.query(
      `WITH r AS (SELECT incident_id, min(seq) AS lo, max(seq) AS hi, count(*)::int AS n FROM rebuilt_timeline GROUP BY incident_id),
            unlogged AS (SELECT DISTINCT t.incident_id FROM timeline_entries t
                          WHERE t.chain_version >= 2 AND NOT EXISTS (SELECT 1 FROM r WHERE r.incident_id = t.incident_id)),
            ids AS (SELECT incident_id FROM r UNION SELECT incident_id FROM unlogged)
       SELECT ids.incident_id AS "incidentId", COALESCE(r.n, 0) AS rebuilt,
              COALESCE((SELECT max(seq) FROM timeline_entries t WHERE t.incident_id = ids.incident_id), 0) AS "storedLastSeq",
              COALESCE(r.hi, 0) AS "rebuiltLastSeq",
              (SELECT min(seq) FROM (
                 SELECT b.seq FROM rebuilt_timeline b JOIN timeline_entries t USING (incident_id, seq)
                  WHERE b.incident_id = ids.incident_id
                    AND (b.event_id, b.event_type, b.occurred_at, b.recorded_at, b.actor::text, b.summary,
                         b.payload::text, b.chain_version, b.prev_hash, b.hash)
                        IS DISTINCT FROM
                        (t.event_id, t.event_type, t.occurred_at, t.recorded_at, t.actor::text, t.summary,
                         t.payload::text, t.chain_version, t.prev_hash, t.hash)
                 UNION ALL
                 -- a stored number missing below the stored end: removed from the middle
                 SELECT b.seq FROM rebuilt_timeline b
                  WHERE b.incident_id = ids.incident_id
                    AND b.seq < (SELECT max(seq) FROM timeline_entries t WHERE t.incident_id = ids.incident_id)
                    AND NOT EXISTS (SELECT 1 FROM timeline_entries t WHERE t.incident_id = b.incident_id AND t.seq = b.seq)
                 UNION ALL
                 -- stored entries beyond what the log accounts for
                 SELECT t.seq FROM timeline_entries t
                  WHERE t.incident_id = ids.incident_id AND t.seq > COALESCE(r.hi, 0) AND t.chain_version >= 2
               ) d) AS "firstDifferentSeq"
         FROM ids LEFT JOIN r USING (incident_id)
        ORDER BY ids.incident_id`,
    );
  },

  /**
   * Appends the rebuilt entries after `storedLastSeq` to an incident whose stored timeline is a prefix of
   * the rebuilt one, if it still ends there (the projector may have moved on): true when appended.
   */
  async appendMissing(m: EntityManager, incidentId: string, storedLastSeq: number): Promise<boolean> {
    await TimelineRepository.holdAppendLock(m);
    await lockKeys(m, [incidentId]);
    const [last] = await TimelineRepository.lastEntries(m, [incidentId]).then((heads) => [...heads.values()]);
    if ((last?.seq ?? 0) !== storedLastSeq) return false;
    await m.query(
      `INSERT INTO timeline_entries (${COLUMNS})
       SELECT ${COLUMNS} FROM rebuilt_timeline WHERE incident_id = $1 AND seq > $2 ORDER BY seq`,
      [incidentId, storedLastSeq],
    );
    return true;
  },
};
