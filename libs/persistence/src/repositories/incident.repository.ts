import { EntityManager } from 'typeorm';
import { CorrelationCandidate, Incident, IncidentState } from '@erp/domain';
import { IncidentEntity } from '../entities';

export const IncidentRepository = {
  async insert(m: EntityManager, incident: Incident): Promise<void> {
    await m.insert(IncidentEntity, toRow(incident.snapshot()));
  },

  async save(m: EntityManager, incident: Incident): Promise<void> {
    const { id, ...rest } = toRow(incident.snapshot());
    await m.update(IncidentEntity, { id }, rest);
  },

  async find(m: EntityManager, id: string): Promise<IncidentState | null> {
    const r = await m.findOneBy(IncidentEntity, { id });
    return r ? toState(r) : null;
  },

  async getForUpdate(m: EntityManager, id: string): Promise<Incident | null> {
    const r = await m.findOne(IncidentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    return r ? Incident.restore(toState(r)) : null;
  },

  /** Open incidents whose anchor lies in the box: correlation candidates (exact distance is the domain's). */
  async openInBox(
    m: EntityManager,
    box: { minLat: number; maxLat: number; minLon: number; maxLon: number },
  ): Promise<CorrelationCandidate[]> {
    const rows = await m
      .createQueryBuilder(IncidentEntity, 'i')
      .where(`i.status = 'open'`)
      .andWhere('i.anchor_lat BETWEEN :minLat AND :maxLat AND i.anchor_lon BETWEEN :minLon AND :maxLon', box)
      .getMany();
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      anchor: { lat: r.anchorLat!, lon: r.anchorLon! },
      lastAlarmAt: r.lastAlarmAt,
      exercise: r.exercise,
    }));
  },
};

function toRow(s: IncidentState): IncidentEntity {
  const { location, anchor, ...rest } = s;
  return {
    ...rest,
    lat: location?.lat ?? null,
    lon: location?.lon ?? null,
    anchorLat: anchor?.lat ?? null,
    anchorLon: anchor?.lon ?? null,
  } as IncidentEntity;
}

function toState(r: IncidentEntity): IncidentState {
  const { lat, lon, anchorLat, anchorLon, ...rest } = r;
  return {
    ...rest,
    status: r.status as IncidentState['status'],
    tier: r.tier as IncidentState['tier'],
    level: r.level as IncidentState['level'],
    location: lat !== null && lon !== null ? { lat, lon } : null,
    anchor: anchorLat !== null && anchorLon !== null ? { lat: anchorLat, lon: anchorLon } : null,
    facts: r.facts as IncidentState['facts'],
    pendingDowngrade: r.pendingDowngrade as IncidentState['pendingDowngrade'],
  };
}
