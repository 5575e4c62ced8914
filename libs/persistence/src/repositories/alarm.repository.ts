import { EntityManager } from 'typeorm';
import { Alarm, AlarmState } from '@erp/domain';
import { AlarmEntity } from '../entities';
import { preparedQuery } from '../prepared-query';
import { readRows, writeRows } from './rows-in-one-statement';

export const AlarmRepository = {
  /** Several alarms by id in one query, keyed by the ids as given. */
  /** The alarms an incident was opened or fed by, in the order received. */
  async listByIncident(m: EntityManager, incidentId: string): Promise<AlarmState[]> {
    const rows = await readRows(m, AlarmEntity, 'incident_id = $1', [incidentId], {
      orderBy: ['received_at', 'id'],
    });
    return rows.map(toState);
  },

  async getAll(m: EntityManager, ids: readonly string[]): Promise<Map<string, Alarm>> {
    if (!ids.length) return new Map();
    const rows = await readRows(m, AlarmEntity, 'id = ANY($1::uuid[])', [[...ids]]);
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
    const inserted = await writeRows(m, AlarmEntity, alarms.map(toRow), {
      conflict: { on: ['source', 'external_id'], then: 'nothing' },
      orderBy: ['source', 'external_id'],
      returning: ['id'],
    });
    return new Set(inserted.map((r) => r.id as string));
  },

  /** The stored alarm ids by `alarmKey`, in one query; keys with no alarm are left out. */
  async idsByKey(
    m: EntityManager,
    keys: readonly { source: string; externalId: string }[],
  ): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (!keys.length) return ids;
    const rows = await preparedQuery<{ id: string; source: string; external_id: string }>(
      m,
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
    await preparedQuery(
      m,
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

function toRow(alarm: Alarm): Partial<AlarmEntity> {
  const { location, relation, ...s } = alarm.snapshot();
  return {
    ...s,
    lat: location?.lat ?? null,
    lon: location?.lon ?? null,
    relation: relation?.kind ?? null,
    relatedAlarmId: relation?.alarmId ?? null,
  };
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
    timeScale: r.timeScale,
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
