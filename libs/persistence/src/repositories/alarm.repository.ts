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
    const { location, relation, ...s } = alarm.snapshot();
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(AlarmEntity)
      .values({
        ...s,
        lat: location?.lat ?? null,
        lon: location?.lon ?? null,
        relation: relation?.kind ?? null,
        relatedAlarmId: relation?.alarmId ?? null,
      })
      .orIgnore() // ON CONFLICT DO NOTHING: the unique (source, external_id) decides who was first
      .returning('id')
      .execute();
    return (result.raw as unknown[]).length > 0;
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
