import { EntityManager, In } from 'typeorm';
import { Alarm, AlarmState } from '@erp/domain';
import { AlarmEntity } from '../entities';

export const AlarmRepository = {
  /** Several alarms by id in one query, keyed by the ids as given. */
  async getAll(m: EntityManager, ids: readonly string[]): Promise<Map<string, Alarm>> {
    if (!ids.length) return new Map();
    const rows = await m.find(AlarmEntity, { where: { id: In([...ids]) } });
    const byLower = new Map(rows.map((r) => [r.id.toLowerCase(), r]));
    const found = new Map<string, Alarm>();
    for (const id of ids) {
      const row = byLower.get(id.toLowerCase());
      if (row) found.set(id, Alarm.restore(toState(row)));
    }
    return found;
  },

  /**
   * Inserts, in one statement, every alarm whose source has not already sent its external id; returns the
   * ids of those it inserted. The unique (source, external_id) decides who was first (ON CONFLICT DO
   * NOTHING); a copy still in flight in another transaction makes this one wait for its outcome. Rows go
   * in key order, so two concurrent batches sharing keys wait for each other instead of deadlocking. Give
   * each key at most once: a second copy in the same call is skipped, which one is not defined.
   */
  async insertAllIfNew(m: EntityManager, alarms: readonly Alarm[]): Promise<Set<string>> {
    if (!alarms.length) return new Set();
    const rows = alarms.map((a) => a.snapshot());
    const column = <T>(value: (s: AlarmState) => T) => rows.map(value);
    const json = (value: object | null) => (value === null ? null : JSON.stringify(value));
    // unnest: one parameter per column whatever the batch size, and no per-value work in TypeORM.
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO alarms (id, source, external_id, type, occurred_at, received_at, township_code, lat, lon,
         description, category, facts, hazard_point_id, reporter, exercise, relation, related_alarm_id, cap,
         status, not_dispatched_reason, incident_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[],
         $6::timestamptz[], $7::text[], $8::float8[], $9::float8[], $10::text[], $11::text[], $12::jsonb[],
         $13::text[], $14::jsonb[], $15::boolean[], $16::text[], $17::uuid[], $18::jsonb[], $19::text[],
         $20::text[], $21::uuid[])
       ORDER BY 2, 3
       ON CONFLICT (source, external_id) DO NOTHING
       RETURNING id`,
      [
        column((s) => s.id),
        column((s) => s.source),
        column((s) => s.externalId),
        column((s) => s.type),
        column((s) => s.occurredAt.toISOString()),
        column((s) => s.receivedAt.toISOString()),
        column((s) => s.townshipCode),
        column((s) => s.location?.lat ?? null),
        column((s) => s.location?.lon ?? null),
        column((s) => s.description),
        column((s) => s.category),
        column((s) => json(s.facts)),
        column((s) => s.hazardPointId),
        column((s) => json(s.reporter)),
        column((s) => s.exercise),
        column((s) => s.relation?.kind ?? null),
        column((s) => s.relation?.alarmId ?? null),
        column((s) => json(s.cap)),
        column((s) => s.status),
        column((s) => s.notDispatchedReason),
        column((s) => s.incidentId),
      ],
    );
    return new Set(inserted.map((r) => r.id));
  },

  /** The stored alarm ids by `alarmKey`, in one query; keys with no alarm are left out. */
  async idsByKey(
    m: EntityManager,
    keys: readonly { source: string; externalId: string }[],
  ): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (!keys.length) return ids;
    const rows: { id: string; source: string; external_id: string }[] = await m.query(
      `SELECT id, source, external_id FROM alarms
       WHERE (source, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((k) => k.source), keys.map((k) => k.externalId)],
    );
    for (const r of rows) ids.set(alarmKey(r.source, r.external_id), r.id);
    return ids;
  },

  /** The status and incident of several alarms, in one statement. */
  async saveAll(m: EntityManager, alarms: readonly Alarm[]): Promise<void> {
    if (!alarms.length) return;
    const states = alarms.map((a) => a.snapshot());
    await m.query(
      `UPDATE alarms a SET status = u.status, incident_id = u.incident_id
         FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS u(id, status, incident_id)
        WHERE a.id = u.id`,
      [states.map((s) => s.id), states.map((s) => s.status), states.map((s) => s.incidentId)],
    );
  },
};

/** The key a source gives an alarm, (source, external id), as one string for maps and sets. */
export function alarmKey(source: string, externalId: string): string {
  return JSON.stringify([source, externalId]);
}

function toState(r: AlarmEntity): AlarmState {
  return {
    id: r.id,
    source: r.source,
    externalId: r.externalId,
    type: r.type,
    occurredAt: r.occurredAt,
    receivedAt: r.receivedAt,
    townshipCode: r.townshipCode,
    location: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
    description: r.description,
    category: r.category,
    facts: r.facts as AlarmState['facts'],
    hazardPointId: r.hazardPointId,
    reporter: r.reporter as AlarmState['reporter'],
    exercise: r.exercise,
    relation:
      r.relation && r.relatedAlarmId
        ? { kind: r.relation as 'amends' | 'cancels', alarmId: r.relatedAlarmId }
        : null,
    cap: r.cap,
    status: r.status as AlarmState['status'],
    notDispatchedReason: r.notDispatchedReason,
    incidentId: r.incidentId,
  };
}
