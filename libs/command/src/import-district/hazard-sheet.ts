import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  BAZHOU,
  bazhouOutline,
  HAZARD_KINDS,
  HAZARD_RESPONSIBLE_ROLES,
  HazardPointDraft,
  hazardPointDraftSchema,
  HazardPointRecord,
  HazardResponsiblePerson,
  HazardResponsibleRole,
  RISK_GRADES,
} from '@erp/domain';
import { codeOf, listOf, SheetRow } from './district-sheets';

const KIND_LABELS = Object.fromEntries(Object.entries(HAZARD_KINDS).map(([k, v]) => [k, v.nameZh])) as Record<
  keyof typeof HAZARD_KINDS,
  string
>;
const GRADE_LABELS = Object.fromEntries(Object.entries(RISK_GRADES).map(([k, v]) => [k, v.nameZh])) as Record<
  keyof typeof RISK_GRADES,
  string
>;
const ROLE_COLUMNS: Readonly<Record<HazardResponsibleRole, readonly [string, string, string]>> = {
  monitor: ['监测员', '监测员手机', '监测员用户名'],
  person_in_charge: ['责任人', '责任人手机', '责任人用户名'],
};
/** Where a draft's field is in the sheet, for an error found by the register's own schema. */
const COLUMN_OF: Readonly<Record<string, string>> = {
  id: '编号',
  name: '隐患点名称',
  kind: '隐患类型',
  townshipCode: '所属乡镇',
  position: '纬度',
  riskGrade: '风险等级',
  threatenedPersons: '威胁人数',
  threatenedHouseholds: '威胁户数',
  responsiblePersons: '监测员',
};

const schema = hazardPointDraftSchema(BAZHOU, bazhouOutline());

export function hazardRowsOf(points: readonly HazardPointRecord[]): Record<string, string>[] {
  return points.map((p) => {
    const row: Record<string, string> = {
      编号: p.id,
      隐患点名称: p.name,
      隐患类型: KIND_LABELS[p.kind],
      所属乡镇: p.townshipCode,
      纬度: String(p.position.lat),
      经度: String(p.position.lon),
      风险等级: GRADE_LABELS[p.riskGrade],
      威胁人数: String(p.threatenedPersons),
      威胁户数: String(p.threatenedHouseholds),
    };
    for (const role of Object.keys(ROLE_COLUMNS) as HazardResponsibleRole[]) {
      const people = p.responsiblePersons.filter((r) => r.role === role);
      const [name, phone, userName] = ROLE_COLUMNS[role];
      row[name] = people.map((r) => r.name).join('、');
      row[phone] = people.map((r) => r.phone).join('、');
      row[userName] = people.map((r) => r.userName).join('、');
    }
    return row;
  });
}

/** The user names the sheet names as responsible persons (each must be able to sign in). */
export function hazardUserNames(rows: readonly SheetRow[]): string[] {
  return rows.flatMap((r) => [
    ...listOf(r.cells['监测员用户名'] ?? ''),
    ...listOf(r.cells['责任人用户名'] ?? ''),
  ]);
}

export interface HazardChange {
  create: HazardPointDraft[];
  update: { draft: HazardPointDraft; revision: number }[];
  remove: string[];
}

/**
 * The register as the sheet has it, matched by 编号 (a row without one is a new point), checked with the
 * register's own rules; `users` are the names that can sign in (stored, or opened by this import).
 */
export function planHazards(
  rows: readonly SheetRow[],
  stored: readonly HazardPointRecord[],
  users: ReadonlySet<string>,
  err: (row: number, column: string, message: string) => void,
): HazardChange {
  const change: HazardChange = { create: [], update: [], remove: [] };
  const byId = new Map(stored.map((p) => [p.id, p]));
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const id = cells['编号'] || `hazard-${randomUUID().slice(0, 8)}`;
    const first = seen.get(id);
    if (first !== undefined) {
      err(row, '编号', `编号重复 duplicate id "${id}" (first at row ${first})`);
      continue;
    }
    seen.set(id, row);
    const kind = codeOf(KIND_LABELS, cells['隐患类型'] ?? '');
    const grade = codeOf(GRADE_LABELS, cells['风险等级'] ?? '');
    if (!kind) err(row, '隐患类型', `未知隐患类型 expected one of ${Object.values(KIND_LABELS).join('、')}`);
    if (!grade)
      err(row, '风险等级', `未知风险等级 expected one of ${Object.values(GRADE_LABELS).join('、')}`);
    const persons: HazardResponsiblePerson[] = [];
    for (const role of Object.keys(ROLE_COLUMNS) as HazardResponsibleRole[]) {
      const [nameColumn, phoneColumn, userColumn] = ROLE_COLUMNS[role];
      const names = listOf(cells[nameColumn] ?? '');
      const phones = listOf(cells[phoneColumn] ?? '');
      const userNames = listOf(cells[userColumn] ?? '');
      if (phones.length !== names.length || userNames.length !== names.length) {
        err(
          row,
          nameColumn,
          `${HAZARD_RESPONSIBLE_ROLES[role].nameZh}的姓名、手机、用户名须一一对应 names, phones and user names in step`,
        );
        continue;
      }
      names.forEach((name, i) => {
        if (!users.has(userNames[i])) {
          err(
            row,
            userColumn,
            `无此用户 no user ${userNames[i]}: a responsible person must be able to sign in`,
          );
        }
        persons.push({ role, name, phone: phones[i], userName: userNames[i] });
      });
    }
    if (!kind || !grade) continue;
    const parsed = schema.safeParse({
      id,
      name: cells['隐患点名称'] ?? '',
      kind,
      townshipCode: cells['所属乡镇'] ?? '',
      position: { lat: Number(cells['纬度'] || NaN), lon: Number(cells['经度'] || NaN) },
      riskGrade: grade,
      threatenedPersons: Number(cells['威胁人数'] || 0),
      threatenedHouseholds: Number(cells['威胁户数'] || 0),
      responsiblePersons: persons,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        err(row, COLUMN_OF[String(issue.path[0])] ?? '编号', issue.message);
      continue;
    }
    const before = byId.get(id);
    if (!before) change.create.push(parsed.data);
    else {
      const { sample: _s, revision, ...was } = before;
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(was)), JSON.parse(JSON.stringify(parsed.data)))) {
        change.update.push({ draft: parsed.data, revision });
      }
    }
  }
  for (const p of stored) if (!seen.has(p.id)) change.remove.push(p.id);
  return change;
}
