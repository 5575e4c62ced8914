import { Client } from 'pg';
import { HandledHow } from './pipeline-observer';

/** One alarm's way through the services, from the timestamps they left in PostgreSQL (ms, wall clock). */
export interface ServerRow {
  alarmId: string;
  status: string;
  receivedAt: number;
  arCreated: number | null;
  arPublished: number | null;
  dispatchStart: number | null;
  /** incidents.opened_at, for the alarm that opened it. */
  openedAt: number | null;
  classifiedCreated: number | null;
  classifiedPublished: number | null;
  joinedCreated: number | null;
  joinedPublished: number | null;
  /** recordedAt of the dispatcher's IncidentOpened / AlarmJoinedIncident: its events, just before COMMIT. */
  dispatcherRecorded: number | null;
  how: HandledHow | null;
}

export interface ServerTimestamps {
  rows: Map<string, ServerRow>;
  /** Per source of work (intake, each consumer's inbox, relay): rows per wall-clock second. */
  perSecond: Record<string, number[]>;
  statuses: Record<string, number>;
  incidents: number;
  outboxUnpublished: number;
  dispatcherTransactions: number;
}

interface OutboxMark {
  created: number;
  published: number | null;
}

/** Reads, after the drain, what the run's database says of each of the run's alarms. */
export async function readServerTimestamps(databaseUrl: string, runId: string): Promise<ServerTimestamps> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-report' });
  await client.connect();
  try {
    const epochMs = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;
    const ours = `bench-${runId}-%`;
    const alarms = await client.query<{ id: string; status: string; received: number }>(
      `SELECT id, status, ${epochMs('received_at')} AS received FROM alarms WHERE external_id LIKE $1`,
      [ours],
    );
    const outbox = await client.query<{
      event_id: string;
      type: string;
      alarm_id: string | null;
      incident_id: string | null;
      created: number;
      published: number | null;
      recorded: number;
    }>(
      `SELECT event_id, envelope->>'type' AS type, envelope->'payload'->>'alarmId' AS alarm_id,
              envelope->>'incidentId' AS incident_id, ${epochMs('created_at')} AS created, ${epochMs('published_at')} AS published,
              ${epochMs("(envelope->>'recordedAt')::timestamptz")} AS recorded
         FROM outbox WHERE envelope->>'type' IN ('AlarmReceived', 'IncidentOpened', 'IncidentClassified', 'AlarmJoinedIncident')`,
    );
    const inbox = await client.query<{ event_id: string; at: number }>(
      `SELECT event_id, ${epochMs('processed_at')} AS at FROM processed_events WHERE consumer = 'dispatcher'`,
    );
    const incidents = await client.query<{ id: string; opened: number }>(
      `SELECT id, ${epochMs('opened_at')} AS opened FROM incidents`,
    );
    const unpublished = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
    );
    const perSecondRows = await client.query<{ what: string; sec: number; n: number }>(
      `SELECT 'intake' AS what, floor(extract(epoch from received_at))::float8 AS sec, count(*)::int AS n
         FROM alarms WHERE external_id LIKE $1 GROUP BY 2
       UNION ALL
       SELECT consumer, floor(extract(epoch from processed_at))::float8, count(*)::int FROM processed_events GROUP BY 1, 2
       UNION ALL
       SELECT 'relay', floor(extract(epoch from published_at))::float8, count(*)::int FROM outbox
         WHERE published_at IS NOT NULL GROUP BY 2`,
      [ours],
    );
    const perSecond: Record<string, number[]> = {};
    for (const row of perSecondRows.rows) (perSecond[row.what] ??= []).push(row.n);

    const takenAt = new Map(inbox.rows.map((row) => [row.event_id, row.at]));
    const openedAt = new Map(incidents.rows.map((row) => [row.id, row.opened]));
    const received = new Map<string, OutboxMark & { start: number | null }>();
    const opened = new Map<string, { incidentId: string; recorded: number }>();
    const classified = new Map<string, OutboxMark>();
    const joined = new Map<string, OutboxMark & { recorded: number }>();
    for (const row of outbox.rows) {
      const mark = { created: row.created, published: row.published };
      if (row.type === 'AlarmReceived' && row.alarm_id)
        received.set(row.alarm_id, { ...mark, start: takenAt.get(row.event_id) ?? null });
      else if (row.type === 'IncidentOpened' && row.alarm_id && row.incident_id)
        opened.set(row.alarm_id, { incidentId: row.incident_id, recorded: row.recorded });
      else if (row.type === 'IncidentClassified' && row.incident_id && !classified.has(row.incident_id))
        classified.set(row.incident_id, mark);
      else if (row.type === 'AlarmJoinedIncident' && row.alarm_id)
        joined.set(row.alarm_id, { ...mark, recorded: row.recorded });
    }

    const rows = new Map<string, ServerRow>();
    const statuses: Record<string, number> = {};
    for (const alarm of alarms.rows) {
      statuses[alarm.status] = (statuses[alarm.status] ?? 0) + 1;
      const receivedMark = received.get(alarm.id);
      const opener = opened.get(alarm.id);
      const incidentId = opener?.incidentId;
      const classifiedMark = incidentId ? classified.get(incidentId) : undefined;
      const joinedMark = joined.get(alarm.id);
      rows.set(alarm.id, {
        alarmId: alarm.id,
        status: alarm.status,
        receivedAt: alarm.received,
        arCreated: receivedMark?.created ?? null,
        arPublished: receivedMark?.published ?? null,
        dispatchStart: receivedMark?.start ?? null,
        openedAt: incidentId ? (openedAt.get(incidentId) ?? null) : null,
        classifiedCreated: classifiedMark?.created ?? null,
        classifiedPublished: classifiedMark?.published ?? null,
        joinedCreated: joinedMark?.created ?? null,
        joinedPublished: joinedMark?.published ?? null,
        dispatcherRecorded: opener?.recorded ?? joinedMark?.recorded ?? null,
        how: incidentId ? 'opened' : joinedMark ? 'joined' : null,
      });
    }
    return {
      rows,
      perSecond,
      // A transaction's inbox marks share its start time (now()): one distinct time per transaction.
      dispatcherTransactions: new Set(inbox.rows.map((row) => row.at)).size,
      statuses,
      incidents: incidents.rowCount ?? 0,
      outboxUnpublished: unpublished.rows[0].n,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
