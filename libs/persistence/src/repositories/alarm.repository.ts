import { EntityManager } from 'typeorm';
import { Alarm, AlarmState } from '@erp/domain';
import { AlarmEntity } from '../entities';

export const AlarmRepository = {
  async findBySourceAndExternalId(
    m: EntityManager,
    source: string,
    externalId: string,
  ): Promise<AlarmState | null> {
    const row = await m.findOneBy(AlarmEntity, { source, externalId });
    return row ? toState(row) : null;
  },

  async get(m: EntityManager, id: string, lock = false): Promise<Alarm | null> {
    const row = await m.findOne(AlarmEntity, {
      where: { id },
      lock: lock ? { mode: 'pessimistic_write' } : undefined,
    });
    return row ? Alarm.restore(toState(row)) : null;
  },

  /** Inserts unless the same source already sent this external id; returns whether it inserted. */
  async insertIfNew(m: EntityManager, alarm: Alarm): Promise<boolean> {
    const s = alarm.snapshot();
    const rows: unknown[] = await m.query(
      `INSERT INTO alarms (id, source, external_id, type, occurred_at, received_at, township_code, lat, lon,
         description, status, incident_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
       ON CONFLICT (source, external_id) DO NOTHING RETURNING id`,
      [
        s.id,
        s.source,
        s.externalId,
        s.type,
        s.occurredAt,
        s.receivedAt,
        s.townshipCode,
        s.location?.lat ?? null,
        s.location?.lon ?? null,
        s.description,
        s.status,
        s.incidentId,
      ],
    );
    return rows.length > 0;
  },

  async save(m: EntityManager, alarm: Alarm): Promise<void> {
    const s = alarm.snapshot();
    await m.update(AlarmEntity, { id: s.id }, { status: s.status, incidentId: s.incidentId });
  },
};

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
    status: r.status as AlarmState['status'],
    incidentId: r.incidentId,
  };
}
