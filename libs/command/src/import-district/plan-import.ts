import { isDeepStrictEqual } from 'node:util';
import {
  BAZHOU,
  bazhouOutline,
  changedUnitFields,
  checkTeamFields,
  CommandUnit,
  HazardPointRecord,
  IncidentCategory,
  IncidentTypeCode,
  INCIDENT_CATEGORIES,
  isCapability,
  isIncidentType,
  isMainlandMobile,
  isMainlandPhone,
  isUserName,
  RosterWindow,
  TeamFields,
  TieredResponsePlan,
  UnitIds,
  UnitMember,
  UnitRecord,
  unknownCapability,
} from '@erp/domain';
import { randomUUID } from 'node:crypto';
import { checkStructureChange, StructureChange } from '../structure-change/structure-change';
import { HazardChange, planHazards } from './hazard-sheet';
import { notMainland, unitFieldErrors } from '../structure-change/unit-input';
import {
  codeOf,
  DistrictSheets,
  ImportKind,
  LEVEL_LABELS,
  listOf,
  ROLE_LABELS,
  SheetRow,
  SHEETS,
  TEAM_KIND_LABELS,
  UNIT_KIND_LABELS,
  VEHICLE_LABELS,
} from './district-sheets';

/** One thing wrong in the workbook, at its cell. */
export interface ImportError {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export type KindCounts = Record<ImportKind, number>;

export interface ImportPlan {
  change: StructureChange;
  hazards: HazardChange;
  created: KindCounts;
  changed: KindCounts;
  retired: KindCounts;
  errors: ImportError[];
}

const zero = (): KindCounts => ({ units: 0, people: 0, rosters: 0, teams: 0, 'hazard-points': 0 });

/** Where a unit came from in the workbook, for errors found on the whole structure. */
interface Origin {
  kind: 'units' | 'teams';
  row: number;
}

/**
 * What the workbook would change, and every error in it with its cell. Each sheet present is the whole list
 * of its kind: a unit or team not in its sheet is retired, a member not in 人员 leaves the unit, a unit not
 * in 值班表 has no roster. Units and teams are matched by name; 上级单位 and 所属单位 name a unit.
 */
export function planImport(
  sheets: DistrictSheets,
  records: readonly UnitRecord[],
  plan: TieredResponsePlan | null,
  register: { points: readonly HazardPointRecord[]; users: ReadonlySet<string> } = {
    points: [],
    users: new Set(),
  },
): ImportPlan {
  const errors: ImportError[] = [];
  const created = zero();
  const changed = zero();
  const retired = zero();
  const err = (kind: ImportKind, row: number, column: string, message: string) =>
    errors.push({ sheet: SHEETS[kind].name, row, column, message });

  const live = records.filter((r) => !r.retiredAt);
  const storedByName = new Map(live.map((r) => [r.unit.name, r]));
  // The units as they will be, by id; new ones get ids here.
  const next = new Map<string, { unit: CommandUnit; team: TeamFields | null; isNew: boolean }>();
  for (const r of live) next.set(r.unit.id, { unit: r.unit, team: null, isNew: false });
  const origin = new Map<string, Origin>();
  const parentNames = new Map<string, { kind: 'units' | 'teams'; row: number; name: string }>();
  const retire = new Set<string>();

  const readUnits = (kind: 'units' | 'teams', rows: SheetRow[]) => {
    const nameColumn = kind === 'units' ? '单位名称' : '队伍名称';
    const seen = new Map<string, number>();
    for (const { row, cells } of rows) {
      const name = cells[nameColumn];
      if (!name) {
        err(kind, row, nameColumn, '名称为空 a name is required');
        continue;
      }
      const first = seen.get(name);
      if (first !== undefined) {
        err(kind, row, nameColumn, `名称重复 duplicate name "${name}" (first at row ${first})`);
        continue;
      }
      seen.set(name, row);
      const stored = storedByName.get(name);
      if (stored && (kind === 'teams') !== (stored.unit.kind === 'rescue_team')) {
        err(kind, row, nameColumn, `名称重复 "${name}" is already the name of a ${stored.unit.kind}`);
        continue;
      }
      const township = cells['所属乡镇'] ?? '';
      if (township && !BAZHOU.township(township)) {
        err(kind, row, '所属乡镇', `未知乡镇 unknown township code "${township}"`);
      }
      const phone = cells['值班电话'] ?? '';
      if (!isMainlandPhone(phone)) err(kind, row, '值班电话', notMainland(phone));
      let unitKind: CommandUnit['kind'] = 'rescue_team';
      if (kind === 'units') {
        const k = codeOf(UNIT_KIND_LABELS, cells['单位类型'] ?? '');
        if (!k) {
          err(
            kind,
            row,
            '单位类型',
            `未知单位类型 expected one of ${Object.values(UNIT_KIND_LABELS).join('、')}`,
          );
          continue;
        }
        unitKind = k;
      }
      const id =
        stored?.unit.id ??
        (unitKind === 'township_office' && township
          ? UnitIds.townshipOffice(township)
          : `${kind === 'teams' ? 'team' : 'unit'}-${randomUUID().slice(0, 8)}`);
      const base: CommandUnit = stored
        ? { ...stored.unit }
        : { id, kind: unitKind, name, contact: { name: '', phone: '' }, members: [], roster: [] };
      const unit: CommandUnit = {
        ...base,
        kind: unitKind,
        name,
        contact: { name: cells['联系人'] ?? '', phone },
      };
      if (township) unit.townshipCode = township;
      else delete unit.townshipCode;
      // Optional columns a sheet may leave out: then the stored value stays.
      if (kind === 'units' && '备注' in cells) {
        if (cells['备注']) unit.note = cells['备注'];
        else delete unit.note;
      }
      if (kind === 'units' && ('负责事件类型' in cells || '负责类别' in cells)) {
        const responsibleFor = readResponsibilities(row, cells);
        if (responsibleFor) unit.responsibleFor = responsibleFor;
        else delete unit.responsibleFor;
      }
      let team: TeamFields | null = null;
      if (kind === 'teams') team = readTeam(row, cells, township, stored?.team ?? null);
      next.set(id, { unit, team, isNew: !stored });
      origin.set(id, { kind, row });
      if (cells['上级单位']) parentNames.set(id, { kind, row, name: cells['上级单位'] });
      else delete unit.parentId;
    }
    // Not listed: retired.
    for (const r of live) {
      if ((r.unit.kind === 'rescue_team') === (kind === 'teams') && !seen.has(r.unit.name))
        retire.add(r.unit.id);
    }
  };

  /** 负责事件类型 and 负责类别: incident type and category codes; both empty: none. */
  const readResponsibilities = (
    row: number,
    cells: Record<string, string>,
  ): CommandUnit['responsibleFor'] => {
    const types = listOf(cells['负责事件类型'] ?? '');
    const categories = listOf(cells['负责类别'] ?? '');
    for (const t of types)
      if (!isIncidentType(t)) err('units', row, '负责事件类型', `未知事件类型 unknown incident type "${t}"`);
    for (const c of categories)
      if (!(c in INCIDENT_CATEGORIES))
        err('units', row, '负责类别', `未知类别 unknown incident category "${c}"`);
    if (types.length === 0 && categories.length === 0) return undefined;
    return {
      ...(types.length ? { types: types as IncidentTypeCode[] } : {}),
      ...(categories.length ? { categories: categories as IncidentCategory[] } : {}),
    };
  };

  /** A team's fields; 级别, 队伍类型 and 人数 left empty keep what is stored (or a default for a new team). */
  const readTeam = (
    row: number,
    cells: Record<string, string>,
    township: string,
    stored: UnitRecord['team'],
  ): TeamFields | null => {
    const bad = (column: string, message: string) => {
      err('teams', row, column, message);
      return null;
    };
    const lat = Number(cells['基地纬度']);
    const lon = Number(cells['基地经度']);
    if (!cells['基地纬度'] || !Number.isFinite(lat))
      return bad('基地纬度', '纬度无效 expected a latitude in degrees');
    if (!cells['基地经度'] || !Number.isFinite(lon))
      return bad('基地经度', '经度无效 expected a longitude in degrees');
    const vehicleClass = codeOf(VEHICLE_LABELS, cells['车辆类型'] ?? '');
    if (!vehicleClass)
      return bad('车辆类型', `未知车辆类型 expected one of ${Object.values(VEHICLE_LABELS).join('、')}`);
    const capabilities: string[] = [];
    let ok = true;
    for (const c of listOf(cells['能力'] ?? '')) {
      if (!isCapability(c)) {
        err('teams', row, '能力', unknownCapability(c));
        ok = false;
      } else capabilities.push(c);
    }
    const level = cells['级别']
      ? codeOf(LEVEL_LABELS, cells['级别'])
      : (stored?.level ?? (township ? 'township' : 'district'));
    if (!level) return bad('级别', `未知级别 expected one of ${Object.values(LEVEL_LABELS).join('、')}`);
    const teamKind = cells['队伍类型']
      ? codeOf(TEAM_KIND_LABELS, cells['队伍类型'])
      : (stored?.kind ?? 'professional');
    if (!teamKind)
      return bad('队伍类型', `未知队伍类型 expected one of ${Object.values(TEAM_KIND_LABELS).join('、')}`);
    const members = cells['人数'] ? Number(cells['人数']) : (stored?.members ?? 1);
    if (!Number.isInteger(members) || members < 1) return bad('人数', '人数无效 a positive whole number');
    const checked = checkTeamFields(
      {
        level,
        kind: teamKind,
        base: { lat, lon },
        vehicleClass,
        capabilities,
        equipment: listOf(cells['装备'] ?? ''),
        members,
      },
      bazhouOutline(),
      '',
    );
    if (!checked.ok) {
      for (const e of checked.errors) {
        const column = e.pointer.startsWith('/base')
          ? '基地纬度'
          : e.pointer.startsWith('/capabilities')
            ? '能力'
            : '装备';
        err(
          'teams',
          row,
          column,
          e.pointer.startsWith('/base') ? `队伍驻地不在辖区内 ${e.message}` : e.message,
        );
      }
      return null;
    }
    return ok ? checked.team : null;
  };

  if (sheets.units) readUnits('units', sheets.units);
  if (sheets.teams) readUnits('teams', sheets.teams);

  // Names as they will be: listed units, and stored ones not being retired.
  const idByName = new Map<string, string>();
  for (const [id, n] of next) if (!retire.has(id)) idByName.set(n.unit.name, id);
  for (const [id, p] of parentNames) {
    const parentId = idByName.get(p.name);
    if (!parentId) err(p.kind, p.row, '上级单位', `未知上级单位 no unit named "${p.name}"`);
    else (next.get(id) as { unit: CommandUnit }).unit.parentId = parentId;
  }

  if (sheets.people) {
    const members = new Map<string, UnitMember[]>();
    const seen = new Map<string, number>();
    for (const { row, cells } of sheets.people) {
      const unitId = idByName.get(cells['所属单位'] ?? '');
      if (!unitId) {
        err('people', row, '所属单位', `未知单位 no unit named "${cells['所属单位'] ?? ''}"`);
        continue;
      }
      const displayName = cells['姓名'];
      if (!displayName) err('people', row, '姓名', '姓名为空 a name is required');
      const phone = cells['手机'] ?? '';
      if (phone && !isMainlandMobile(phone)) err('people', row, '手机', notMainland(phone, true));
      const userName = cells['用户名'] || phone;
      if (!userName) {
        err('people', row, '用户名', '用户名或手机必填 a user name (or a mobile to use as one) is required');
        continue;
      }
      if (!isUserName(userName)) {
        err('people', row, '用户名', `用户名无效 "${userName}": 1 to 64 letters, digits and . _ @ -`);
        continue;
      }
      const role = codeOf(ROLE_LABELS, cells['职务'] || '值班员');
      if (!role)
        err('people', row, '职务', `未知职务 expected one of ${Object.values(ROLE_LABELS).join('、')}`);
      const key = `${unitId} ${userName}`;
      if (seen.has(key)) {
        err(
          'people',
          row,
          '用户名',
          `人员重复 "${userName}" is listed twice in this unit (first at row ${seen.get(key)})`,
        );
        continue;
      }
      seen.set(key, row);
      if (!displayName || !role) continue;
      const member: UnitMember = { userName, displayName, role, ...(phone ? { phone } : {}) };
      members.set(unitId, [...(members.get(unitId) ?? []), member]);
    }
    for (const [id, n] of next) {
      const list = members.get(id) ?? [];
      const names = new Set(list.map((m) => m.userName));
      n.unit = { ...n.unit, members: list, roster: n.unit.roster.filter((w) => names.has(w.userName)) };
    }
  }

  if (sheets.rosters) {
    const rosters = new Map<string, RosterWindow[]>();
    for (const { row, cells } of sheets.rosters) {
      const unitId = idByName.get(cells['单位名称'] ?? '');
      if (!unitId) {
        err('rosters', row, '单位名称', `未知单位 no unit named "${cells['单位名称'] ?? ''}"`);
        continue;
      }
      const userName = cells['用户名'] ?? '';
      const known = (next.get(unitId) as { unit: CommandUnit }).unit.members.some(
        (m) => m.userName === userName,
      );
      if (!known) err('rosters', row, '用户名', `不是该单位人员 "${userName}" is not a member of this unit`);
      const start = cells['开始'] ?? '';
      const end = cells['结束'] ?? '';
      let window: RosterWindow;
      if (start.includes('T')) {
        window = { kind: 'dated', userName, from: start, to: end };
        if (Number.isNaN(Date.parse(start)))
          err('rosters', row, '开始', '时间无效 expected a date-time with offset');
        if (Number.isNaN(Date.parse(end)) || Date.parse(end) <= Date.parse(start))
          err('rosters', row, '结束', '时间无效 expected a date-time after the start');
      } else {
        const days = listOf(cells['星期'] ?? '').map(Number);
        if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
          err('rosters', row, '星期', '星期无效 weekdays 1 (Monday) to 7, separated by commas');
        if (!/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(start))
          err('rosters', row, '开始', '时间无效 expected HH:MM');
        if (!/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/.test(end))
          err('rosters', row, '结束', '时间无效 expected HH:MM');
        window = {
          kind: 'weekly',
          userName,
          ...(days.length ? { days: days as (1 | 2 | 3 | 4 | 5 | 6 | 7)[] } : {}),
          start,
          end,
        };
      }
      rosters.set(unitId, [...(rosters.get(unitId) ?? []), window]);
    }
    for (const [id, n] of next) n.unit = { ...n.unit, roster: rosters.get(id) ?? [] };
  }

  // What changes, unit by unit.
  const change: StructureChange = { create: [], update: [], retire: [...retire] };
  const storedById = new Map(live.map((r) => [r.unit.id, r]));
  const createdAt = new Map<number, string>();
  const updatedAt = new Map<number, string>();
  for (const [id, n] of next) {
    if (retire.has(id)) continue;
    const kind = n.unit.kind === 'rescue_team' ? 'teams' : 'units';
    if (n.isNew) {
      createdAt.set(change.create.length, id);
      change.create.push({ unit: n.unit, team: n.team });
      created[kind]++;
      created.people += n.unit.members.length;
      if (n.unit.roster.length) created.rosters++;
      continue;
    }
    const stored = storedById.get(id) as UnitRecord;
    const diff = differences(stored, n.unit, n.team);
    if (diff.unit) changed[kind]++;
    if (diff.roster) changed.rosters++;
    const before = new Map(stored.unit.members.map((m) => [m.userName, m]));
    const after = new Set(n.unit.members.map((m) => m.userName));
    for (const m of n.unit.members) {
      const was = before.get(m.userName);
      if (!was) created.people++;
      else if (!isDeepStrictEqual(was, m)) changed.people++;
    }
    for (const m of stored.unit.members) if (!after.has(m.userName)) retired.people++;
    if (diff.unit || diff.roster || diff.members) {
      updatedAt.set(change.update.length, id);
      change.update.push({ unit: n.unit, team: n.team });
    }
  }
  for (const id of retire) {
    const r = storedById.get(id) as UnitRecord;
    retired[r.unit.kind === 'rescue_team' ? 'teams' : 'units']++;
    retired.people += r.unit.members.length;
  }

  // The hazard register: its responsible persons sign in as users stored or opened by this very import.
  let hazards: HazardChange = { create: [], update: [], remove: [] };
  if (sheets['hazard-points']) {
    const members = new Set([...next.values()].flatMap((n) => n.unit.members.map((m) => m.userName)));
    const users = new Set([...register.users, ...members]);
    hazards = planHazards(sheets['hazard-points'], register.points, users, (row, column, message) =>
      err('hazard-points', row, column, message),
    );
    created['hazard-points'] = hazards.create.length;
    changed['hazard-points'] = hazards.update.length;
    retired['hazard-points'] = hazards.remove.length;
  }

  // Each new or changed unit's own fields, then the structure as a whole: only once the rows are clean.
  for (const [id, n] of next) {
    const o = origin.get(id);
    if (!o || retire.has(id)) continue;
    for (const e of unitFieldErrors(n.unit as unknown as Record<string, unknown>)) {
      if (
        e.pointer.startsWith('/contact/phone') ||
        e.pointer.startsWith('/members') ||
        e.pointer.startsWith('/roster')
      )
        continue;
      err(o.kind, o.row, columnOf(o.kind, e.pointer), e.message);
    }
  }
  if (errors.length === 0) {
    const checked = checkStructureChange(records, change, plan);
    if (!checked.ok) {
      for (const e of checked.errors) {
        const m = /^\/(create|update|stored)\/([^/]+)(.*)$/.exec(e.pointer);
        const id = !m
          ? undefined
          : m[1] === 'create'
            ? createdAt.get(Number(m[2]))
            : m[1] === 'update'
              ? updatedAt.get(Number(m[2]))
              : m[2];
        const o = id ? origin.get(id) : undefined;
        if (o) err(o.kind, o.row, columnOf(o.kind, m?.[3] ?? ''), e.message);
        else if (m && (m[3].startsWith('/members') || m[3].startsWith('/roster'))) {
          const sheet: ImportKind = m[3].startsWith('/roster') ? 'rosters' : 'people';
          err(sheet, 0, '', `${unitName(id)}: ${e.message}`);
        } else errors.push({ sheet: '', row: 0, column: '', message: `${e.pointer}: ${e.message}` });
      }
    }
  }
  return { change, hazards, created, changed, retired, errors };

  function unitName(id: string | undefined): string {
    return (id && next.get(id)?.unit.name) || id || '';
  }
}

function columnOf(kind: 'units' | 'teams', pointer: string): string {
  if (pointer.startsWith('/parentId')) return '上级单位';
  if (pointer.startsWith('/townshipCode')) return '所属乡镇';
  if (pointer.startsWith('/contact/name')) return '联系人';
  if (pointer.startsWith('/contact')) return '值班电话';
  if (pointer.startsWith('/note')) return '备注';
  if (pointer.startsWith('/responsibleFor/categories')) return '负责类别';
  if (pointer.startsWith('/responsibleFor')) return '负责事件类型';
  if (pointer.startsWith('/kind')) return '单位类型';
  return kind === 'units' ? '单位名称' : '队伍名称';
}

/** Which parts of a stored unit the workbook changes: its own fields (or its team's), members, roster. */
function differences(stored: UnitRecord, unit: CommandUnit, team: TeamFields | null) {
  const changed = changedUnitFields(stored, unit, team);
  return {
    unit: changed.some((f) => f !== 'members' && f !== 'roster'),
    members: changed.includes('members'),
    roster: changed.includes('roster'),
  };
}
