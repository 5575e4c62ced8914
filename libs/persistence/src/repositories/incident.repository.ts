import { EntityManager } from 'typeorm';
import {
  CorrelationCandidate,
  GeoBoxBounds,
  Incident,
  IncidentCursor,
  IncidentFilter,
  IncidentListItem,
  IncidentState,
} from '@erp/domain';
import { IncidentEntity } from '../entities';
import { preparedQuery } from '../prepared-query';
import { readRows, writeRows } from './rows-in-one-statement';

export const IncidentRepository = {
  /** A page of incidents, newest first, and the cursor of the next page (null on the last). */
  async list(
    manager: EntityManager,
    filter: IncidentFilter,
    after: IncidentCursor | null,
    limit: number,
  ): Promise<{ items: IncidentListItem[]; next: IncidentCursor | null }> {
    const rows = await preparedQuery<IncidentListItem>(
      manager,
      `SELECT i.id, i.type, i.category, i.tier, i.level, i.status, i.township_code AS "townshipCode",
              i.description, i.exercise, i.opened_at AS "openedAt", i.closed_at AS "closedAt", i.outcome,
              (SELECT count(*)::int FROM tasks t WHERE t.incident_id = i.id
                  AND t.status NOT IN ('completed', 'declined', 'cancelled')) AS "openTasks",
              (SELECT count(*)::int FROM tasks t JOIN task_deadlines d ON d.task_id = t.id
                WHERE t.incident_id = i.id AND d.state = 'missed') AS breaches
         FROM incidents i
        WHERE ($1::text IS NULL OR i.status = $1)
          AND ($2::text IS NULL OR i.tier = $2)
          AND ($3::text IS NULL OR i.township_code = $3)
          AND ($4::timestamptz IS NULL OR i.opened_at >= $4)
          AND ($5::timestamptz IS NULL OR i.opened_at < $5)
          AND ($6::boolean IS NULL OR i.exercise = $6)
          AND ($7::text[] IS NULL OR EXISTS (
                SELECT 1 FROM tasks t WHERE t.incident_id = i.id AND t.unit_id = ANY($7::text[])))
          AND ($8::timestamptz IS NULL OR (i.opened_at, i.id) < ($8::timestamptz, $9::uuid))
        ORDER BY i.opened_at DESC, i.id DESC
        LIMIT $10`,
      [
        filter.status ?? null,
        filter.tier ?? null,
        filter.townshipCode ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.exercise ?? null,
        filter.withTaskForUnits ? [...filter.withTaskForUnits] : null,
        after?.openedAt ?? null,
        after?.id ?? null,
        limit + 1,
      ],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last ? { openedAt: last.openedAt, id: last.id } : null };
  },

  async save(manager: EntityManager, incident: Incident): Promise<void> {
    const { id, ...rest } = toRow(incident.snapshot());
    await manager.update(IncidentEntity, { id }, rest);
  },

  async find(manager: EntityManager, id: string): Promise<IncidentState | null> {
    const row = await manager.findOneBy(IncidentEntity, { id });
    return row ? toState(row) : null;
  },

  async findAll(manager: EntityManager, ids: readonly string[]): Promise<Map<string, IncidentState>> {
    if (!ids.length) return new Map();
    const rows = await readRows(manager, IncidentEntity, 'id = ANY($1::uuid[])', [[...new Set(ids)]]);
    return new Map(rows.map((row) => [row.id, toState(row)]));
  },

  async getForUpdate(manager: EntityManager, id: string): Promise<Incident | null> {
    const row = await manager.findOne(IncidentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    return row ? Incident.restore(toState(row)) : null;
  },

  /**
   * What correlation sees of the open incidents anchored in any of the boxes and heard of since `since`:
   * a few columns, no lock (the caller holds the correlation cells; it locks only the incidents it then
   * changes, `lockAll`).
   */
  async openCandidatesNear(
    manager: EntityManager,
    boxes: readonly GeoBoxBounds[],
    since: Date,
  ): Promise<CorrelationCandidate[]> {
    if (!boxes.length) return [];
    const rows: {
      id: string;
      type: string;
      anchor_lat: number;
      anchor_lon: number;
      last_alarm_at: Date;
      exercise: boolean;
    }[] = await preparedQuery(
      manager,
      // One index range scan per box: OFFSET 0 stops the planner joining every open incident with every
      // box (docs/decisions/2026-11-30-correlation-candidates-offset-0-fence.md).
      `SELECT DISTINCT o.id, o.type, o.anchor_lat, o.anchor_lon, o.last_alarm_at, o.exercise
         FROM unnest($1::float8[], $2::float8[], $3::float8[], $4::float8[]) AS b(min_lat, max_lat, min_lon, max_lon)
         CROSS JOIN LATERAL (
           SELECT o.id, o.type, o.anchor_lat, o.anchor_lon, o.last_alarm_at, o.exercise FROM incidents o
            WHERE o.status = 'open' AND o.last_alarm_at >= $5
              AND o.anchor_lat BETWEEN b.min_lat AND b.max_lat AND o.anchor_lon BETWEEN b.min_lon AND b.max_lon
           OFFSET 0) o`,
      [
        boxes.map((box) => box.minLat),
        boxes.map((box) => box.maxLat),
        boxes.map((box) => box.minLon),
        boxes.map((box) => box.maxLon),
        since,
      ],
    );
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      anchor: { lat: row.anchor_lat, lon: row.anchor_lon },
      lastAlarmAt: row.last_alarm_at,
      exercise: row.exercise,
    }));
  },

  /** Locks (FOR UPDATE) and loads incidents by id, in id order: two callers sharing some wait, never deadlock. */
  async lockAll(manager: EntityManager, ids: readonly string[]): Promise<Map<string, Incident>> {
    if (!ids.length) return new Map();
    const rows = await readRows(manager, IncidentEntity, 'id = ANY($1::uuid[])', [[...ids]], {
      orderBy: ['id'],
      forUpdate: true,
    });
    return new Map(rows.map((row) => [row.id, Incident.restore(toState(row))]));
  },

  /** Writes new and changed incidents in one statement (insert, or update every column of an existing id). */
  async upsertAll(manager: EntityManager, incidents: readonly Incident[]): Promise<void> {
    await writeRows(
      manager,
      IncidentEntity,
      incidents.map((i) => toRow(i.snapshot())),
      { conflict: { on: ['id'], then: 'update' } },
    );
  },
};

function toRow(state: IncidentState): IncidentEntity {
  const { location, anchor, ...rest } = state;
  return {
    ...rest,
    lat: location?.lat ?? null,
    lon: location?.lon ?? null,
    anchorLat: anchor?.lat ?? null,
    anchorLon: anchor?.lon ?? null,
  } as IncidentEntity;
}

function toState(row: IncidentEntity): IncidentState {
  const { lat, lon, anchorLat, anchorLon, ...rest } = row;
  return {
    ...rest,
    status: row.status as IncidentState['status'],
    tier: row.tier as IncidentState['tier'],
    level: row.level as IncidentState['level'],
    location: lat !== null && lon !== null ? { lat, lon } : null,
    anchor: anchorLat !== null && anchorLon !== null ? { lat: anchorLat, lon: anchorLon } : null,
    facts: row.facts as IncidentState['facts'],
    pendingDowngrade: row.pendingDowngrade as IncidentState['pendingDowngrade'],
  };
}
