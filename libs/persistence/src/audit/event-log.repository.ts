import { EntityManager } from 'typeorm';
import type { LoggedEventRow } from '@erp/domain';
import { preparedQuery } from '../prepared-query';

export const EventLogRepository = {
  /** Appends events in the order given (ids follow that order); an event logged before is left as it was. */
  async append(m: EntityManager, rows: readonly LoggedEventRow[]): Promise<void> {
    if (!rows.length) return;
    await preparedQuery(
      m,
      `INSERT INTO event_log (event_id, topic, event_type, incident_id, envelope, unit_names)
       SELECT a, b, c, d, e, f
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::jsonb[], $6::jsonb[])
              WITH ORDINALITY AS u(a, b, c, d, e, f, n)
        ORDER BY n
       ON CONFLICT (event_id) DO NOTHING`,
      [
        rows.map((r) => r.eventId),
        rows.map((r) => r.topic),
        rows.map((r) => r.eventType),
        rows.map((r) => r.incidentId),
        rows.map((r) => JSON.stringify(r.envelope)),
        rows.map((r) => (r.unitNames ? JSON.stringify(r.unitNames) : null)),
      ],
    );
  },

  /** Up to `limit` logged events after position `afterId`, in log order: what a rebuild replays. */
  async readAfter(m: EntityManager, afterId: number, limit: number): Promise<Required<LoggedEventRow>[]> {
    const rows = await preparedQuery<{
      id: string;
      event_id: string;
      topic: string;
      event_type: string;
      incident_id: string | null;
      envelope: Record<string, unknown>;
      unit_names: Record<string, string> | null;
    }>(
      m,
      `SELECT id, event_id, topic, event_type, incident_id, envelope, unit_names
         FROM event_log WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      eventId: r.event_id,
      topic: r.topic,
      eventType: r.event_type,
      incidentId: r.incident_id,
      envelope: r.envelope,
      unitNames: r.unit_names,
    }));
  },
};
