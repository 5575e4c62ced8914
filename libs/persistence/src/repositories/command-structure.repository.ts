import { EntityManager } from 'typeorm';
import {
  CommandUnit,
  DomainError,
  GeoPoint,
  RescueTeam,
  rescueTeamUnit,
  TeamStatus,
  UNIT_KINDS,
  UnitKind,
  UnitRecord,
  UnitRegistry,
} from '@erp/domain';
import { StoredTeamFields, UnitEntity } from '../entities';

/** A unit's columns as written: the one domain → row mapping, shared with the seed. */
export interface UnitColumns {
  id: string;
  kind: UnitKind;
  name: string;
  township_code: string | null;
  parent_id: string | null;
  contact: CommandUnit['contact'];
  members: CommandUnit['members'];
  roster: CommandUnit['roster'];
  responsible_for: CommandUnit['responsibleFor'] | null;
  note: string | null;
  team: StoredTeamFields | null;
}

/**
 * The columns for a unit and, for a rescue team, its own fields. Only the fields the domain defines are kept:
 * the team's id, name, township and contact are the unit's, and its status lives in `team_status`.
 */
export function unitColumns(unit: CommandUnit, team: Omit<RescueTeam, 'status'> | null): UnitColumns {
  return {
    id: unit.id,
    kind: unit.kind,
    name: unit.name,
    township_code: unit.townshipCode ?? null,
    parent_id: unit.parentId ?? null,
    contact: { name: unit.contact.name, phone: unit.contact.phone },
    members: unit.members,
    roster: unit.roster,
    responsible_for: unit.responsibleFor ?? null,
    note: unit.note ?? null,
    team: team && {
      level: team.level,
      kind: team.kind,
      base: { lat: team.base.lat, lon: team.base.lon },
      vehicleClass: team.vehicleClass,
      capabilities: [...team.capabilities],
      equipment: [...team.equipment],
      members: team.members,
    },
  };
}

/** The one row → domain mapping. */
function toRecord(row: UnitEntity): UnitRecord {
  // A row the foundation seed wrote and nothing has filled yet has no contact: the unit goes out without
  // one, so the registry names it as invalid rather than this code inventing a phone number.
  const unit = {
    id: row.id,
    kind: row.kind as UnitKind,
    name: row.name,
    ...(row.townshipCode !== null ? { townshipCode: row.townshipCode } : {}),
    ...(row.parentId !== null ? { parentId: row.parentId } : {}),
    ...(row.contact !== null ? { contact: row.contact } : {}),
    members: row.members,
    roster: row.roster,
    ...(row.responsibleFor !== null ? { responsibleFor: row.responsibleFor } : {}),
    ...(row.note !== null ? { note: row.note } : {}),
  } as CommandUnit;
  const base = {
    unit,
    team: null,
    revision: row.revision,
    updatedAt: row.updatedAt,
    retiredAt: row.retiredAt ?? null,
  };
  if (row.kind !== 'rescue_team' || row.team === null) return base;
  const team: RescueTeam = {
    ...row.team,
    id: row.id,
    name: row.name,
    ...(row.townshipCode !== null ? { townshipCode: row.townshipCode } : {}),
    status: row.teamStatus as TeamStatus,
    contact: unit.contact,
  };
  const { members, roster, parentId, responsibleFor, note } = unit;
  return {
    ...base,
    unit: {
      ...rescueTeamUnit(team, { parentId, members, roster }),
      ...(responsibleFor !== undefined ? { responsibleFor } : {}),
      ...(note !== undefined ? { note } : {}),
    },
    team,
  };
}

/**
 * Runs an UPDATE … RETURNING. Through TypeORM's Postgres driver a raw UPDATE answers `[rows, rowCount]`
 * rather than the rows alone, unlike a SELECT or an INSERT.
 */
async function updateReturning<R>(m: EntityManager, sql: string, parameters: unknown[]): Promise<R[]> {
  const [rows] = (await m.query(sql, parameters)) as [R[], number];
  return rows;
}

/** jsonb parameters go as JSON text: node-postgres would send a JS array as a Postgres array. */
function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

const KIND_ORDER = `array_position(ARRAY[${UNIT_KINDS.map((k) => `'${k}'`).join(', ')}]::text[], u.kind)`;

async function list(
  m: EntityManager,
  filter: { kind?: UnitKind; townshipCode?: string } = {},
): Promise<UnitRecord[]> {
  const query = m.createQueryBuilder(UnitEntity, 'u');
  if (filter.kind !== undefined) query.andWhere('u.kind = :kind', { kind: filter.kind });
  if (filter.townshipCode !== undefined) {
    query.andWhere('u.township_code = :townshipCode', { townshipCode: filter.townshipCode });
  }
  const rows = await query.orderBy(KIND_ORDER, 'ASC').addOrderBy('u.id', 'ASC').getMany();
  return rows.map(toRecord);
}

export const CommandStructureRepository = {
  /** Every unit, teams included, as a validated registry, plus the teams with their live status. */
  async load(m: EntityManager): Promise<{ registry: UnitRegistry; teams: RescueTeam[] }> {
    const records = await list(m);
    return {
      registry: new UnitRegistry(records.map((r) => r.unit)),
      teams: records.flatMap((r) => (r.team && r.retiredAt === null ? [r.team] : [])),
    };
  },

  /**
   * What changes when a unit's content changes (added, removed, edited: each edit bumps its revision), and
   * not when a team's status does: the key for what is costly to rebuild, while statuses are read afresh.
   */
  async contentFingerprint(m: EntityManager): Promise<string> {
    const [row]: { n: number; revisions: string; points: string }[] = await m.query(
      `SELECT count(*)::int AS n, coalesce(sum(revision), 0)::text AS revisions,
              (SELECT count(*) || '.' || coalesce(sum(revision), 0) FROM township_points) AS points
         FROM units`,
    );
    return `${row.n}.${row.revisions}.${row.points}`;
  },

  /** Ordered by kind (committee, special_hq, department, township_office, rescue_team), then id. */
  list,

  async get(m: EntityManager, id: string, options: { forUpdate?: boolean } = {}): Promise<UnitRecord | null> {
    const query = m.createQueryBuilder(UnitEntity, 'u').where('u.id = :id', { id });
    if (options.forUpdate) query.setLock('pessimistic_write');
    const row = await query.getOne();
    return row ? toRecord(row) : null;
  },

  /**
   * Replaces a unit's fields (not its id or kind, not the team status); bumps revision and updated_at. The
   * caller has validated the structure with this unit in it. `team` defaults to the unit's `.team` when it
   * has one (the `rescueTeamUnit` shape); when neither is given the stored team fields stay as they are.
   */
  async update(m: EntityManager, unit: CommandUnit, team?: Omit<RescueTeam, 'status'> | null): Promise<void> {
    const given = team !== undefined ? team : (unit as { team?: Omit<RescueTeam, 'status'> }).team;
    if (given === null && unit.kind === 'rescue_team') {
      throw new DomainError(
        'COMMAND.TEAM_REQUIRED',
        'invalid',
        `rescue team ${unit.id} needs its team fields`,
        {
          unitId: unit.id,
        },
      );
    }
    if (given && unit.kind !== 'rescue_team') {
      throw new DomainError(
        'COMMAND.NOT_A_TEAM',
        'invalid',
        `unit ${unit.id} is a ${unit.kind}, not a team`,
        {
          unitId: unit.id,
        },
      );
    }
    const c = unitColumns(unit, given ?? null);
    const updated = await updateReturning(
      m,
      `UPDATE units
          SET name = $3, township_code = $4, parent_id = $5, contact = $6::jsonb, members = $7::jsonb,
              roster = $8::jsonb, responsible_for = $9::jsonb, note = $10,
              team = CASE WHEN $11::boolean THEN $12::jsonb ELSE team END,
              revision = revision + 1, updated_at = now()
        WHERE id = $1 AND kind = $2
      RETURNING id`,
      [
        c.id,
        c.kind,
        c.name,
        c.township_code,
        c.parent_id,
        json(c.contact),
        json(c.members),
        json(c.roster),
        json(c.responsible_for),
        c.note,
        given !== undefined,
        json(c.team),
      ],
    );
    if (updated.length > 0) return;
    // Nothing matched: say which of the two reasons it was.
    const [existing]: { kind: string }[] = await m.query(`SELECT kind FROM units WHERE id = $1`, [unit.id]);
    if (!existing) {
      throw new DomainError('COMMAND.UNKNOWN_UNIT', 'not_found', `unknown unit ${unit.id}`, {
        unitId: unit.id,
      });
    }
    throw new DomainError(
      'COMMAND.KIND_CHANGE',
      'conflict',
      `unit ${unit.id} is a ${existing.kind}; its kind cannot change to ${unit.kind}`,
      { unitId: unit.id, kind: existing.kind, requested: unit.kind },
    );
  },

  create,
  retire,

  async townshipPoints(m: EntityManager): Promise<Map<string, GeoPoint>> {
    const rows: { code: string; lat: number; lon: number }[] = await m.query(
      `SELECT code, lat, lon FROM township_points`,
    );
    return new Map(rows.map((r) => [r.code, { lat: r.lat, lon: r.lon }]));
  },

  async correctTownshipPoint(m: EntityManager, code: string, point: GeoPoint): Promise<void> {
    await m.query(
      `INSERT INTO township_points AS t (code, lat, lon) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE
          SET lat = EXCLUDED.lat, lon = EXCLUDED.lon, revision = t.revision + 1, updated_at = now()`,
      [code, point.lat, point.lon],
    );
  },
};

/** Adds units in one statement; a team starts `available`. An id already taken is refused, nothing written. */
async function create(
  m: EntityManager,
  units: readonly { unit: CommandUnit; team: Omit<RescueTeam, 'status'> | null }[],
): Promise<void> {
  if (units.length === 0) return;
  const rows = units.map(({ unit, team }) => ({
    ...unitColumns(unit, team),
    team_status: unit.kind === 'rescue_team' ? 'available' : null,
  }));
  const ids = rows.map((r) => r.id);
  const taken: { id: string }[] = await m.query(`SELECT id FROM units WHERE id = ANY($1::text[])`, [ids]);
  if (taken.length > 0) {
    throw new DomainError(
      'UNIT.ID_TAKEN',
      'conflict',
      `unit id already taken: ${taken.map((t) => t.id).join(', ')}`,
      {
        unitIds: taken.map((t) => t.id),
      },
    );
  }
  await m.query(
    `INSERT INTO units (id, kind, name, township_code, parent_id, contact, members, roster, responsible_for,
                        note, team, team_status)
     SELECT r.id, r.kind, r.name, r.township_code, r.parent_id, r.contact, r.members, r.roster,
            r.responsible_for, r.note, r.team, r.team_status
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, name text, township_code text,
            parent_id text, contact jsonb, members jsonb, roster jsonb, responsible_for jsonb, note text,
            team jsonb, team_status text)`,
    [JSON.stringify(rows)],
  );
}

/** Retired units keep their rows and names; what would task them (responsibilities, roster, a team's status) goes. */
async function retire(m: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await m.query(
    `UPDATE units
        SET retired_at = now(), responsible_for = NULL, roster = '[]'::jsonb,
            team_status = CASE WHEN kind = 'rescue_team' THEN 'out_of_service' ELSE NULL END,
            revision = revision + 1, updated_at = now()
      WHERE id = ANY($1::text[]) AND retired_at IS NULL`,
    [[...ids]],
  );
}

export const RescueTeamRepository = {
  async statuses(m: EntityManager): Promise<Map<string, TeamStatus>> {
    const rows: { id: string; team_status: TeamStatus }[] = await m.query(
      `SELECT id, team_status FROM units WHERE kind = 'rescue_team'`,
    );
    return new Map(rows.map((r) => [r.id, r.team_status]));
  },

  async statusOf(m: EntityManager, teamId: string): Promise<TeamStatus | null> {
    const [row]: { team_status: TeamStatus }[] = await m.query(
      `SELECT team_status FROM units WHERE id = $1 AND kind = 'rescue_team'`,
      [teamId],
    );
    return row?.team_status ?? null;
  },

  /**
   * Sets `to` only where the status is still `from`; true when it did. A second caller with the same `from`
   * waits on the row lock, then finds the status changed and gets false: two dispatchers never take one
   * team. Whether `from → to` is a legal move is the domain's call (`transitionTeam`), not checked here.
   */
  async setStatus(m: EntityManager, teamId: string, from: TeamStatus, to: TeamStatus): Promise<boolean> {
    const rows = await updateReturning(
      m,
      `UPDATE units SET team_status = $3, updated_at = now()
        WHERE id = $1 AND kind = 'rescue_team' AND team_status = $2 AND retired_at IS NULL
      RETURNING id`,
      [teamId, from, to],
    );
    return rows.length > 0;
  },

  /** Marks as dispatched those of the teams that are available; returns the ids claimed, in the order asked. */
  async claim(m: EntityManager, teamIds: readonly string[]): Promise<string[]> {
    if (teamIds.length === 0) return [];
    const rows = await updateReturning<{ id: string }>(
      m,
      `UPDATE units SET team_status = 'dispatched', updated_at = now()
        WHERE id = ANY($1::text[]) AND kind = 'rescue_team' AND team_status = 'available'
          AND retired_at IS NULL
      RETURNING id`,
      [[...teamIds]],
    );
    const claimed = new Set(rows.map((r) => r.id));
    return [...new Set(teamIds)].filter((id) => claimed.has(id));
  },
};
