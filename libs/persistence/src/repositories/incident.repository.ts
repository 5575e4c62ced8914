import { EntityManager } from 'typeorm';
import { Incident, IncidentState } from '@erp/domain';
import { IncidentEntity } from '../entities';

export const IncidentRepository = {
  async insert(m: EntityManager, incident: Incident): Promise<void> {
    const s = incident.snapshot();
    await m.insert(IncidentEntity, {
      id: s.id,
      status: s.status,
      type: s.type,
      tier: s.tier,
      level: s.level,
      reasons: s.reasons,
      ruleSetVersion: s.ruleSetVersion,
      townshipCode: s.townshipCode,
      lat: s.location?.lat ?? null,
      lon: s.location?.lon ?? null,
      description: s.description,
      openedAt: s.openedAt,
      exercise: s.exercise,
    });
  },

  async find(m: EntityManager, id: string): Promise<IncidentState | null> {
    const r = await m.findOneBy(IncidentEntity, { id });
    if (!r) return null;
    return {
      id: r.id,
      status: r.status as IncidentState['status'],
      type: r.type,
      tier: r.tier as IncidentState['tier'],
      level: r.level as IncidentState['level'],
      reasons: r.reasons,
      ruleSetVersion: r.ruleSetVersion,
      townshipCode: r.townshipCode,
      location: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
      description: r.description,
      openedAt: r.openedAt,
      exercise: r.exercise,
    };
  },
};
