import { EntityManager } from 'typeorm';
import type { Checkpoint, IncidentHead } from '@erp/domain';
import { preparedQuery } from '../prepared-query';

interface CheckpointRecord {
  seq: string;
  sealed_at: string;
  through_log_id: string;
  incident_id: string;
  last_seq: number;
  head_hash: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS = `seq, to_char(sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sealed_at,
  through_log_id, incident_id, last_seq, head_hash, prev_hash, hash`;

function toCheckpoint(r: CheckpointRecord): Checkpoint {
  return {
    seq: Number(r.seq),
    sealedAt: r.sealed_at,
    throughLogId: Number(r.through_log_id),
    incidentId: r.incident_id,
    lastSeq: r.last_seq,
    headHash: r.head_hash,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export const CheckpointRepository = {
  /** The district chain's last link, or null before the first seal. */
  async latest(m: EntityManager): Promise<Checkpoint | null> {
    const [row] = await preparedQuery<CheckpointRecord>(
      m,
      `SELECT ${COLUMNS} FROM timeline_checkpoints ORDER BY seq DESC LIMIT 1`,
    );
    return row ? toCheckpoint(row) : null;
  },

  /** The last event-log position (0 when the log is empty). */
  async lastLogId(m: EntityManager): Promise<number> {
    const [row] = await preparedQuery<{ id: string | null }>(m, 'SELECT max(id) AS id FROM event_log');
    return Number(row.id ?? 0);
  },

  /** The heads of the incidents whose events were logged in (after, through]: what a seal covers. */
  async headsLoggedBetween(m: EntityManager, after: number, through: number): Promise<IncidentHead[]> {
    return preparedQuery<IncidentHead>(
      m,
      `SELECT l.incident_id AS "incidentId", last.seq AS "lastSeq", last.hash AS "headHash"
         FROM (SELECT DISTINCT incident_id FROM event_log
                WHERE id > $1 AND id <= $2 AND incident_id IS NOT NULL) l
         CROSS JOIN LATERAL (
           SELECT seq, hash FROM timeline_entries WHERE incident_id = l.incident_id ORDER BY seq DESC LIMIT 1
         ) last`,
      [after, through],
    );
  },

  async append(m: EntityManager, links: readonly Checkpoint[]): Promise<void> {
    if (!links.length) return;
    await preparedQuery(
      m,
      `INSERT INTO timeline_checkpoints (seq, sealed_at, through_log_id, incident_id, last_seq, head_hash,
         prev_hash, hash)
       SELECT * FROM unnest($1::int8[], $2::timestamptz[], $3::int8[], $4::uuid[], $5::int[], $6::text[],
         $7::text[], $8::text[])`,
      [
        links.map((l) => l.seq),
        links.map((l) => l.sealedAt),
        links.map((l) => l.throughLogId),
        links.map((l) => l.incidentId),
        links.map((l) => l.lastSeq),
        links.map((l) => l.headHash),
        links.map((l) => l.prevHash),
        links.map((l) => l.hash),
      ],
    );
  },

  /** Every link that sealed an incident, oldest first, and the district links around the latest of them. */
  async ofIncident(
    m: EntityManager,
    incidentId: string,
  ): Promise<{ links: Checkpoint[]; before: Checkpoint | null; after: Checkpoint | null }> {
    const rows = await preparedQuery<CheckpointRecord & { role: string }>(
      m,
      `WITH mine AS (SELECT ${COLUMNS} FROM timeline_checkpoints WHERE incident_id = $1),
            latest AS (SELECT max(seq) AS seq FROM mine)
       SELECT 'mine' AS role, * FROM mine
       UNION ALL
       SELECT 'near', ${COLUMNS} FROM timeline_checkpoints
        WHERE seq IN ((SELECT seq FROM latest) - 1, (SELECT seq FROM latest) + 1)`,
      [incidentId],
    );
    const links = rows
      .filter((r) => r.role === 'mine')
      .map(toCheckpoint)
      .sort((a, b) => a.seq - b.seq);
    const latest = links[links.length - 1];
    const near = rows.filter((r) => r.role === 'near').map(toCheckpoint);
    return {
      links,
      before: latest ? (near.find((l) => l.seq === latest.seq - 1) ?? null) : null,
      after: latest ? (near.find((l) => l.seq === latest.seq + 1) ?? null) : null,
    };
  },

  /** Up to `limit` links after `afterSeq`, in order: the district chain, a page at a time. */
  async linksAfter(m: EntityManager, afterSeq: number, limit: number): Promise<Checkpoint[]> {
    const rows = await preparedQuery<CheckpointRecord>(
      m,
      `SELECT ${COLUMNS} FROM timeline_checkpoints WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map(toCheckpoint);
  },

  /**
   * Incidents whose latest sealed head is not in the timeline as sealed: entries removed (a cut tail, a
   * whole incident gone) or rewritten. Answers the sealed head and what is stored now.
   */
  async headsNotStored(
    m: EntityManager,
    limit: number,
  ): Promise<{ incidentId: string; lastSeq: number; headHash: string; storedEntries: number }[]> {
    return preparedQuery(
      m,
      `SELECT c.incident_id AS "incidentId", c.last_seq AS "lastSeq", c.head_hash AS "headHash",
              (SELECT count(*)::int FROM timeline_entries t WHERE t.incident_id = c.incident_id) AS "storedEntries"
         FROM (SELECT DISTINCT ON (incident_id) incident_id, last_seq, head_hash FROM timeline_checkpoints
                ORDER BY incident_id, seq DESC) c
         LEFT JOIN timeline_entries e ON e.incident_id = c.incident_id AND e.seq = c.last_seq
        WHERE e.hash IS DISTINCT FROM c.head_hash
        ORDER BY c.incident_id
        LIMIT $1`,
      [limit],
    );
  },

  /** Seconds since the oldest incident event logged after the last seal's position was logged; null if none. */
  async unsealedSeconds(m: EntityManager): Promise<number | null> {
    const [row] = await preparedQuery<{ seconds: number | null }>(
      m,
      `SELECT extract(epoch FROM now() - min(logged_at))::float8 AS seconds FROM event_log
        WHERE incident_id IS NOT NULL
          AND id > COALESCE((SELECT through_log_id FROM timeline_checkpoints ORDER BY seq DESC LIMIT 1), 0)`,
    );
    return row.seconds;
  },
};
