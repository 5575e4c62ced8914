import { EntityManager } from 'typeorm';
import type { HazardKind, HazardPointDraft, HazardPointRecord, RiskGrade } from '@erp/domain';
import { HazardPointEntity } from '../entities';
import { preparedQuery } from '../prepared-query';
import { readRows } from './rows-in-one-statement';

function recordOf(row: HazardPointEntity): HazardPointRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as HazardKind,
    townshipCode: row.townshipCode,
    position: { lat: row.lat, lon: row.lon },
    riskGrade: row.riskGrade as RiskGrade,
    threatenedPersons: row.threatenedPersons,
    threatenedHouseholds: row.threatenedHouseholds,
    responsiblePersons: row.responsiblePersons,
    sample: row.sample,
    revision: row.revision,
  };
}

const columnsOf = (p: HazardPointDraft) => [
  p.id,
  p.name,
  p.kind,
  p.townshipCode,
  p.position.lat,
  p.position.lon,
  p.riskGrade,
  p.threatenedPersons,
  p.threatenedHouseholds,
  JSON.stringify(p.responsiblePersons),
];

export const HazardPointRepository = {
  async list(
    manager: EntityManager,
    filter: { townshipCode?: string; kind?: HazardKind } = {},
  ): Promise<HazardPointRecord[]> {
    const rows = await readRows(
      manager,
      HazardPointEntity,
      '($1::text IS NULL OR township_code = $1) AND ($2::text IS NULL OR kind = $2)',
      [filter.townshipCode ?? null, filter.kind ?? null],
      { orderBy: ['townshipCode', 'id'] },
    );
    return rows.map(recordOf);
  },

  async get(
    manager: EntityManager,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<HazardPointRecord | null> {
    const [row] = await readRows(manager, HazardPointEntity, 'id = $1', [id], options);
    return row ? recordOf(row) : null;
  },

  async insert(
    manager: EntityManager,
    point: HazardPointDraft,
    options: { sample?: boolean } = {},
  ): Promise<boolean> {
    const rows = await preparedQuery<{ id: string }>(
      manager,
      `INSERT INTO hazard_points (id, name, kind, township_code, lat, lon, risk_grade, threatened_persons,
                                  threatened_households, responsible_persons, sample)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [...columnsOf(point), options.sample ?? false],
    );
    return rows.length === 1;
  },

  async update(
    manager: EntityManager,
    point: HazardPointDraft,
    expectedRevision: number,
  ): Promise<HazardPointRecord | null> {
    const rows = await preparedQuery<{ id: string }>(
      manager,
      `UPDATE hazard_points
          SET name = $2, kind = $3, township_code = $4, lat = $5, lon = $6, risk_grade = $7,
              threatened_persons = $8, threatened_households = $9, responsible_persons = $10::jsonb,
              revision = revision + 1, updated_at = now()
        WHERE id = $1 AND revision = $11
       RETURNING id`,
      [...columnsOf(point), expectedRevision],
    );
    return rows.length === 1 ? HazardPointRepository.get(manager, point.id) : null;
  },

  async remove(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await preparedQuery<{ id: string }>(
      manager,
      `DELETE FROM hazard_points WHERE id = $1 RETURNING id`,
      [id],
    );
    return rows.length === 1;
  },
};
