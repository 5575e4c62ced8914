import {
  CAPABILITIES,
  MEMBER_ROLES,
  MemberRole,
  TEAM_KINDS,
  TEAM_LEVELS,
  TeamKind,
  TeamLevel,
  UnitKind,
  UnitRecord,
  VEHICLE_CLASSES,
  VehicleClass,
} from '@erp/domain';

/**
 * The district's data as the bureau keeps it in a workbook: one sheet per kind, Chinese headings. The same
 * shape is the template, the export and what an import reads, so an export imported again changes nothing.
 */
export const IMPORT_KINDS = ['units', 'people', 'rosters', 'teams'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const SHEETS: Readonly<Record<ImportKind, { name: string; headings: readonly string[] }>> = {
  units: {
    name: '单位',
    headings: [
      '单位名称',
      '单位类型',
      '所属乡镇',
      '上级单位',
      '联系人',
      '值班电话',
      '负责事件类型',
      '负责类别',
      '备注',
    ],
  },
  people: { name: '人员', headings: ['姓名', '用户名', '手机', '所属单位', '职务'] },
  rosters: { name: '值班表', headings: ['单位名称', '用户名', '星期', '开始', '结束'] },
  teams: {
    name: '队伍',
    headings: [
      '队伍名称',
      '所属乡镇',
      '上级单位',
      '基地纬度',
      '基地经度',
      '车辆类型',
      '能力',
      '装备',
      '级别',
      '队伍类型',
      '人数',
      '联系人',
      '值班电话',
    ],
  },
};

/** One data row: its number in the sheet (the heading row is 1) and its cells by heading, trimmed. */
export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

export type DistrictSheets = Partial<Record<ImportKind, SheetRow[]>>;

/** Names a bureau writes, by code, and back; a cell may hold either. */
export const UNIT_KIND_LABELS: Readonly<Record<Exclude<UnitKind, 'rescue_team'>, string>> = {
  committee: '区应急委',
  special_hq: '专项指挥部',
  department: '行业部门',
  township_office: '乡镇应急办',
};
export const ROLE_LABELS: Readonly<Record<MemberRole, string>> = {
  head: '负责人',
  deputy: '副职',
  duty_officer: '值班员',
  liaison: '联络员',
};
export const VEHICLE_LABELS: Readonly<Record<VehicleClass, string>> = {
  fire_engine: '消防车',
  rescue_truck: '抢险车',
  suv: '越野车',
  pickup: '皮卡',
  motorbike: '摩托车',
  on_foot: '徒步',
};
export const LEVEL_LABELS: Readonly<Record<TeamLevel, string>> = {
  district: '区级',
  township: '乡镇级',
  village: '村级',
};
export const TEAM_KIND_LABELS: Readonly<Record<TeamKind, string>> = {
  professional: '专业队伍',
  fire_brigade: '消防救援',
  social: '社会力量',
  militia: '民兵',
  cadre: '干部职工',
};

/** A code from a cell holding the code or its Chinese label; undefined when it is neither. */
export function codeOf<C extends string>(labels: Readonly<Record<C, string>>, cell: string): C | undefined {
  for (const [code, label] of Object.entries(labels) as [C, string][]) {
    if (cell === code || cell === label) return code;
  }
  return undefined;
}

/** Lists in a cell: separated by 、, commas (full or half width) or semicolons. */
export function listOf(cell: string): string[] {
  return cell
    .split(/[、,，;；]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export const KNOWN = {
  roles: MEMBER_ROLES,
  vehicles: VEHICLE_CLASSES,
  levels: TEAM_LEVELS,
  teamKinds: TEAM_KINDS,
  capabilities: CAPABILITIES,
};

/** The in-service units as sheet rows: the export, and the template's example rows. */
export function sheetsOf(records: readonly UnitRecord[]): Record<ImportKind, Record<string, string>[]> {
  const live = records.filter((r) => !r.retiredAt);
  const nameOf = new Map(live.map((r) => [r.unit.id, r.unit.name]));
  const units: Record<string, string>[] = [];
  const teams: Record<string, string>[] = [];
  const people: Record<string, string>[] = [];
  const rosters: Record<string, string>[] = [];
  for (const { unit, team } of live) {
    const parent = unit.parentId ? (nameOf.get(unit.parentId) ?? '') : '';
    if (team) {
      teams.push({
        队伍名称: unit.name,
        所属乡镇: unit.townshipCode ?? '',
        上级单位: parent,
        基地纬度: String(team.base.lat),
        基地经度: String(team.base.lon),
        车辆类型: VEHICLE_LABELS[team.vehicleClass],
        能力: team.capabilities.join('、'),
        装备: team.equipment.join('、'),
        级别: LEVEL_LABELS[team.level],
        队伍类型: TEAM_KIND_LABELS[team.kind],
        人数: String(team.members),
        联系人: unit.contact.name,
        值班电话: unit.contact.phone,
      });
    } else {
      units.push({
        单位名称: unit.name,
        单位类型: UNIT_KIND_LABELS[unit.kind as Exclude<UnitKind, 'rescue_team'>],
        所属乡镇: unit.townshipCode ?? '',
        上级单位: parent,
        联系人: unit.contact.name,
        值班电话: unit.contact.phone,
        负责事件类型: (unit.responsibleFor?.types ?? []).join('、'),
        负责类别: (unit.responsibleFor?.categories ?? []).join('、'),
        备注: unit.note ?? '',
      });
    }
    for (const m of unit.members) {
      people.push({
        姓名: m.displayName,
        用户名: m.userName,
        手机: m.phone ?? '',
        所属单位: unit.name,
        职务: ROLE_LABELS[m.role],
      });
    }
    for (const w of unit.roster) {
      rosters.push(
        w.kind === 'weekly'
          ? {
              单位名称: unit.name,
              用户名: w.userName,
              星期: (w.days ?? []).join(','),
              开始: w.start,
              结束: w.end,
            }
          : { 单位名称: unit.name, 用户名: w.userName, 星期: '', 开始: w.from, 结束: w.to },
      );
    }
  }
  return { units, people, rosters, teams };
}

/** The rows of each sheet as cells by heading (every kind, empty when the sheet was absent). */
export function rowsOfSheets(sheets: DistrictSheets): Record<ImportKind, Record<string, string>[]> {
  const rows = {} as Record<ImportKind, Record<string, string>[]>;
  for (const kind of IMPORT_KINDS) rows[kind] = (sheets[kind] ?? []).map((r) => r.cells);
  return rows;
}
