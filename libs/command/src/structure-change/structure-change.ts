import {
  CommandUnit,
  DISTRICT_COMMITTEE_ID,
  DocumentError,
  TeamFields,
  TieredResponsePlan,
  UnitRecord,
  UnitRegistry,
  validateCommandStructure,
  validatePlan,
} from '@erp/domain';

/** A unit as written: the unit, and for a rescue team its own fields. */
export interface UnitWrite {
  unit: CommandUnit;
  team: TeamFields | null;
}

/** Many changes to the command structure at once (an import), or one (the API): all or nothing. */
export interface StructureChange {
  create: UnitWrite[];
  update: UnitWrite[];
  retire: string[];
}

/** Where each error came from: `/create/3/...`, `/update/0/...`, `/retire/2`. */
export type StructureChangeCheck =
  { ok: true; registry: UnitRegistry } | { ok: false; errors: DocumentError[] };

/** Team statuses from which a team may be retired: it is at base, not on a task. */
const RETIRABLE_TEAM_STATUSES = new Set(['available', 'out_of_service']);

/**
 * Checks a change against the whole structure as it would be: every unit's shape and the structure's rules
 * (validateCommandStructure), what retiring may not do (the root committee, a township's only office, a team
 * on a task, a unit that units in service still answer to), and the current plan, which must still find its
 * units among those in service. Every error at once, each with a pointer into the change.
 */
export function checkStructureChange(
  records: readonly UnitRecord[],
  change: StructureChange,
  plan: TieredResponsePlan | null,
): StructureChangeCheck {
  const errors: DocumentError[] = [];
  const byId = new Map(records.map((r) => [r.unit.id, r]));
  const updated = new Map(change.update.map((w, i) => [w.unit.id, i]));
  const retiring = new Set(change.retire);

  change.update.forEach((w, i) => {
    const r = byId.get(w.unit.id);
    if (!r) errors.push({ pointer: `/update/${i}/id`, message: `无此单位 no unit ${w.unit.id}` });
    else if (r.retiredAt)
      errors.push({ pointer: `/update/${i}/id`, message: `单位已撤销 unit ${w.unit.id} is retired` });
    else if (r.unit.kind !== w.unit.kind)
      errors.push({
        pointer: `/update/${i}/kind`,
        message: `a ${r.unit.kind} cannot become a ${w.unit.kind}`,
      });
  });
  change.retire.forEach((id, i) => {
    const r = byId.get(id);
    const at = `/retire/${i}`;
    if (!r) return errors.push({ pointer: at, message: `无此单位 no unit ${id}` });
    if (r.retiredAt) return;
    if (r.unit.kind === 'township_office')
      errors.push({
        pointer: at,
        message: `乡镇应急办不可撤销 ${id} is its township's only office: edit it instead`,
      });
    if (id === DISTRICT_COMMITTEE_ID || (r.unit.kind === 'committee' && r.unit.parentId === undefined))
      errors.push({
        pointer: at,
        message: `区应急委不可撤销 the district committee ${id} cannot be retired`,
      });
    if (r.team && !RETIRABLE_TEAM_STATUSES.has(r.team.status))
      errors.push({
        pointer: at,
        message: `队伍正在执行任务 team ${id} is ${r.team.status}: retire it once it is back`,
      });
  });

  // The structure after the change: stored units (updated ones replaced), then the new ones.
  const units: CommandUnit[] = records.map((r) => {
    const i = updated.get(r.unit.id);
    return i === undefined ? r.unit : change.update[i].unit;
  });
  const firstNew = units.length;
  units.push(...change.create.map((w) => w.unit));
  const checked = validateCommandStructure({ units });
  if (!checked.ok) errors.push(...checked.errors.map((e) => ({ ...e, pointer: changePointer(e.pointer) })));

  const retired = (id: string) => retiring.has(id) || byId.get(id)?.retiredAt != null;
  units.forEach((u, k) => {
    if (retired(u.id) || u.parentId === undefined || !retired(u.parentId)) return;
    errors.push({
      pointer: `${changePointer(`/units/${k}`)}/parentId`,
      message: `上级单位已撤销 ${u.id} answers to ${u.parentId}, which is retired`,
    });
  });
  if (errors.length > 0) return { ok: false, errors };

  const registry = new UnitRegistry(units);
  if (plan) {
    const inService = new UnitRegistry(units.filter((u) => !retired(u.id)));
    const before = new UnitRegistry(records.filter((r) => !r.retiredAt).map((r) => r.unit));
    errors.push(...planBreaks(plan, before, inService));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, registry };

  /** A pointer into the whole structure as a pointer into the change. */
  function changePointer(pointer: string): string {
    const m = /^\/units\/(\d+)(.*)$/.exec(pointer);
    if (!m) return pointer;
    const k = Number(m[1]);
    if (k >= firstNew) return `/create/${k - firstNew}${m[2]}`;
    const id = units[k].id;
    const i = updated.get(id);
    return i !== undefined ? `/update/${i}${m[2]}` : `/stored/${id}${m[2]}`;
  }
}

/** The plan's errors against the structure after the change that it did not have before. */
export function planBreaks(
  plan: TieredResponsePlan,
  before: UnitRegistry,
  after: UnitRegistry,
): DocumentError[] {
  const was = validatePlan(plan, before);
  const seen = new Set(was.ok ? [] : was.errors.map((e) => `${e.pointer} ${e.message}`));
  const now = validatePlan(plan, after);
  if (now.ok) return [];
  return now.errors
    .filter((e) => !seen.has(`${e.pointer} ${e.message}`))
    .map((e) => ({
      pointer: '/plan',
      message: `现行预案将失效 the current response plan ${plan.planVersion} would break: ${e.pointer}: ${e.message}`,
    }));
}
