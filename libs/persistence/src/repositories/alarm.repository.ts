import { EntityManager } from 'typeorm';
import { Alarm, alarmKey, AlarmState } from '@erp/domain';
import { AlarmEntity } from '../entities';
import { preparedQuery } from '../prepared-query';
import { readRows, writeRows } from './rows-in-one-statement';

export const AlarmRepository = {
  /** The alarms an incident was opened or fed by, in the order received. */
  async listByIncident(manager: EntityManager, incidentId: string): Promise<AlarmState[]> {
    const rows = await readRows(manager, AlarmEntity, 'incident_id = $1', [incidentId], {
      orderBy: ['received_at', 'id'],
    });
    return rows.map(toState);
  },

  /** Several alarms by id in one query, keyed by the ids as given. */
  async find(manager: EntityManager, id: string): Promise<AlarmState | null> {
    const [row] = await readRows(manager, AlarmEntity, 'id = $1', [id]);
    return row ? toState(row) : null;
  },

  async latestByExternalIds(
    manager: EntityManager,
    source: string,
    externalIds: readonly string[],
  ): Promise<AlarmState | null> {
    if (!externalIds.length) return null;
    const [row] = await readRows(
      manager,
      AlarmEntity,
      'source = $1 AND external_id = ANY($2::text[])',
      [source, [...externalIds]],
      { orderBy: ['received_at'], newestFirst: true, limit: 1 },
    );
    return row ? toState(row) : null;
  },

  async getAll(manager: EntityManager, ids: readonly string[]): Promise<Map<string, Alarm>> {
    if (!ids.length) return new Map();
    const rows = await readRows(manager, AlarmEntity, 'id = ANY($1::uuid[])', [[...ids]]);
    const byLower = new Map(rows.map((row) => [row.id.toLowerCase(), row]));
    const found = new Map<string, Alarm>();
    for (const id of ids) {
      const row = byLower.get(id.toLowerCase());
      if (row) found.set(id, Alarm.restore(toState(row)));
    }
    return found;
  },

  /**
   * Inserts in one statement every alarm whose (source, external id) is new, in key order (a copy another
   * transaction is inserting makes this wait for it); answers the ids inserted. Give each key once.
   */
  async insertAllIfNew(manager: EntityManager, alarms: readonly Alarm[]): Promise<Set<string>> {
    const inserted = await writeRows(manager, AlarmEntity, alarms.map(toRow), {
      conflict: { on: ['source', 'external_id'], then: 'nothing' },
      orderBy: ['source', 'external_id'],
      returning: ['id'],
    });
    return new Set(inserted.map((row) => row.id as string));
  },

  /** The stored alarm ids by `alarmKey`, in one query; keys with no alarm are left out. */
  async idsByKey(
    manager: EntityManager,
    keys: readonly { source: string; externalId: string }[],
  ): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (!keys.length) return ids;
    const rows = await preparedQuery<{ id: string; source: string; external_id: string }>(
      manager,
      `SELECT id, source, external_id FROM alarms
       WHERE (source, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((key) => key.source), keys.map((key) => key.externalId)],
    );
    for (const row of rows) ids.set(alarmKey(row.source, row.external_id), row.id);
    return ids;
  },

  /** The status and incident of several alarms, in one statement. */
  async saveAll(manager: EntityManager, alarms: readonly Alarm[]): Promise<void> {
    if (!alarms.length) return;
    const states = alarms.map((alarm) => alarm.snapshot());
    await preparedQuery(
      manager,
      `UPDATE alarms a SET status = u.status, incident_id = u.incident_id
         FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS u(id, status, incident_id)
        WHERE a.id = u.id`,
      [
        states.map((state) => state.id),
        states.map((state) => state.status),
        states.map((state) => state.incidentId),
      ],
    );
  },
};

function toRow(alarm: Alarm): Partial<AlarmEntity> {
  const { location, relation, ...state } = alarm.snapshot();
  return {
    ...state,
    lat: location?.lat ?? null,
    lon: location?.lon ?? null,
    relation: relation?.kind ?? null,
    relatedAlarmId: relation?.alarmId ?? null,
  };
}

function toState(row: AlarmEntity): AlarmState {
  return {
    id: row.id,
    source: row.source,
    externalId: row.externalId,
    type: row.type,
    occurredAt: row.occurredAt,
    receivedAt: row.receivedAt,
    townshipCode: row.townshipCode,
    location: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    description: row.description,
    category: row.category,
    facts: row.facts as AlarmState['facts'],
    hazardPointId: row.hazardPointId,
    reporter: row.reporter as AlarmState['reporter'],
    exercise: row.exercise,
    timeScale: row.timeScale,
    relation:
      row.relation && row.relatedAlarmId
        ? { kind: row.relation as 'amends' | 'cancels', alarmId: row.relatedAlarmId }
        : null,
    cap: row.cap,
    status: row.status as AlarmState['status'],
    notDispatchedReason: row.notDispatchedReason,
    incidentId: row.incidentId,
  };
}
