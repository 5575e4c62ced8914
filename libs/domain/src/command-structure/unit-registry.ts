import { z } from 'zod';
import { DomainError } from '../shared/domain-error';
import { UnitIds } from '../district/district';
import { IncidentCategory, INCIDENT_TYPES, isIncidentType } from '../classification/incident-types';
import { CommandUnit, CommandUnitSchema, UnitKind } from './command-unit';
import { DocumentError, zodErrors } from './document-errors';

/** The district emergency committee (区应急委): the root of the command structure. */
export const DISTRICT_COMMITTEE_ID = 'district-emergency-committee';

export type StructureValidation = { ok: true; units: CommandUnit[] } | { ok: false; errors: DocumentError[] };

const StructureDocumentSchema = z.looseObject({ units: z.array(z.unknown()) });

/**
 * Checks a command-structure document `{ units: [...] }` and lists EVERY error, each with a JSON pointer:
 * the shape of each unit; unique ids; parents that exist, without cycles; a township office has a
 * township code, is the only office of that township and is named `township-office-<code>`; only departments
 * and special HQs answer for incident types (departments by type only); no incident type has two
 * departments or two special HQs, and no category two special HQs; at most one root committee (a committee
 * without a parent); unique member user names per unit; every roster window names a member and dated
 * windows end after they start.
 */
export function validateCommandStructure(doc: unknown): StructureValidation {
  const top = StructureDocumentSchema.safeParse(doc);
  if (!top.success) return { ok: false, errors: zodErrors(top.error) };
  const errors: DocumentError[] = [];
  const units: CommandUnit[] = [];
  const at: number[] = [];
  top.data.units.forEach((raw, i) => {
    const parsed = CommandUnitSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(...zodErrors(parsed.error, `/units/${i}`));
      return;
    }
    units.push(raw as CommandUnit);
    at.push(i);
  });
  errors.push(...structureErrors(units, at));
  errors.sort((a, b) => comparePointers(a.pointer, b.pointer));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, units };
}

/** Pointers in document order: numeric segments compare as numbers. */
function comparePointers(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    if (pa[i] !== '' && pb[i] !== '' && Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
    return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** Cross-unit rules for units whose shape is already valid; `at[k]` is the document index of `units[k]`. */
function structureErrors(units: readonly CommandUnit[], at: readonly number[]): DocumentError[] {
  const errors: DocumentError[] = [];
  const err = (k: number, field: string, message: string) =>
    errors.push({ pointer: `/units/${at[k]}${field}`, message });

  const firstById = new Map<string, number>();
  units.forEach((u, k) => {
    const first = firstById.get(u.id);
    if (first === undefined) firstById.set(u.id, k);
    else err(k, '/id', `duplicate unit id "${u.id}" (first at /units/${at[first]})`);
  });

  units.forEach((u, k) => {
    if (u.parentId === undefined) return;
    if (u.parentId === u.id) err(k, '/parentId', `unit "${u.id}" cannot be its own parent`);
    else if (!firstById.has(u.parentId)) err(k, '/parentId', `unknown parent unit "${u.parentId}"`);
  });
  units.forEach((u, k) => {
    const seen = new Set<string>([u.id]);
    let parent = u.parentId;
    while (parent !== undefined && parent !== u.id) {
      if (seen.has(parent)) break;
      seen.add(parent);
      const p = firstById.get(parent);
      parent = p === undefined ? undefined : units[p].parentId;
    }
    if (parent === u.id && u.parentId !== u.id) {
      err(k, '/parentId', `unit "${u.id}" is its own ancestor (a cycle of parents)`);
    }
  });

  const officeByCode = new Map<string, number>();
  units.forEach((u, k) => {
    if (u.kind !== 'township_office') return;
    if (u.townshipCode === undefined) {
      err(k, '/townshipCode', 'a township office needs its township code');
      return;
    }
    const expected = UnitIds.townshipOffice(u.townshipCode);
    if (u.id !== expected) err(k, '/id', `a township office is named "${expected}", not "${u.id}"`);
    const first = officeByCode.get(u.townshipCode);
    if (first === undefined) officeByCode.set(u.townshipCode, k);
    else err(k, '/townshipCode', `township ${u.townshipCode} already has an office (/units/${at[first]})`);
  });

  const claims = {
    department: { types: new Map<string, number>(), categories: new Map<string, number>() },
    special_hq: { types: new Map<string, number>(), categories: new Map<string, number>() },
  };
  units.forEach((u, k) => {
    if (u.responsibleFor === undefined) return;
    if (u.kind !== 'department' && u.kind !== 'special_hq') {
      err(k, '/responsibleFor', `a unit of kind ${u.kind} does not answer for incident types`);
      return;
    }
    if (u.kind === 'department' && u.responsibleFor.categories !== undefined) {
      err(
        k,
        '/responsibleFor/categories',
        'a department answers for incident types, not whole categories (a special HQ may)',
      );
    }
    for (const field of ['types', 'categories'] as const) {
      (u.responsibleFor[field] ?? []).forEach((code, j) => {
        const claimed = claims[u.kind as 'department' | 'special_hq'][field];
        const first = claimed.get(code);
        if (first === undefined) claimed.set(code, k);
        else {
          const what = field === 'types' ? 'type' : 'category';
          err(
            k,
            `/responsibleFor/${field}/${j}`,
            `${what} ${code} already has a ${u.kind === 'department' ? 'department' : 'special HQ'}: "${units[first].id}"`,
          );
        }
      });
    }
  });

  const roots = units
    .map((u, k) => ({ u, k }))
    .filter(({ u, k }) => u.kind === 'committee' && u.parentId === undefined && firstById.get(u.id) === k);
  roots.slice(1).forEach(({ u, k }) => {
    err(
      k,
      '/parentId',
      `a second root committee "${u.id}" (the first is "${roots[0].u.id}"); give it a parent`,
    );
  });

  units.forEach((u, k) => {
    const names = new Map<string, number>();
    u.members.forEach((m, j) => {
      const first = names.get(m.userName);
      if (first === undefined) names.set(m.userName, j);
      else err(k, `/members/${j}/userName`, `duplicate member "${m.userName}" (first at members/${first})`);
    });
    u.roster.forEach((w, j) => {
      if (!names.has(w.userName)) {
        err(k, `/roster/${j}/userName`, `the roster names "${w.userName}", who is not a member of "${u.id}"`);
      }
      if (w.kind === 'dated' && Date.parse(w.to) <= Date.parse(w.from)) {
        err(k, `/roster/${j}/to`, 'a duty period must end after it starts');
      }
    });
  });
  return errors;
}

function invalidStructure(errors: DocumentError[]): DomainError {
  return new DomainError(
    'COMMAND.INVALID_STRUCTURE',
    'invalid',
    `the command structure is invalid: ${errors.map((e) => `${e.pointer}: ${e.message}`).join('; ')}`,
    { errors },
  );
}

/**
 * The command structure (1+18, departments, township offices, rescue teams) with the lookups the response
 * plan needs. Validated on construction (see `validateCommandStructure`); the units are kept as given, so a
 * rescue team keeps the fields the rescue-circle module gives it.
 */
export class UnitRegistry {
  readonly units: readonly CommandUnit[];
  private readonly byIdMap: Map<string, CommandUnit>;
  private readonly officeByCode: Map<string, CommandUnit>;
  private readonly departmentByType: Map<string, CommandUnit>;
  private readonly hqByType: Map<string, CommandUnit>;
  private readonly hqByCategory: Map<string, CommandUnit>;
  private readonly root: CommandUnit | undefined;

  /** Throws DomainError COMMAND.INVALID_STRUCTURE with every error in `details.errors`. */
  constructor(units: readonly CommandUnit[]) {
    const checked = validateCommandStructure({ units });
    if (!checked.ok) throw invalidStructure(checked.errors);
    this.units = Object.freeze([...units]);
    this.byIdMap = new Map(units.map((u) => [u.id, u]));
    this.officeByCode = new Map();
    this.departmentByType = new Map();
    this.hqByType = new Map();
    this.hqByCategory = new Map();
    for (const u of units) {
      if (u.kind === 'township_office' && u.townshipCode) this.officeByCode.set(u.townshipCode, u);
      if (u.kind === 'department')
        for (const t of u.responsibleFor?.types ?? []) this.departmentByType.set(t, u);
      if (u.kind === 'special_hq') {
        for (const t of u.responsibleFor?.types ?? []) this.hqByType.set(t, u);
        for (const c of u.responsibleFor?.categories ?? []) this.hqByCategory.set(c, u);
      }
    }
    this.root = units.find((u) => u.kind === 'committee' && u.parentId === undefined);
  }

  /** A registry from a whole document `{ units: [...] }` (extra top-level fields such as a notice are fine). */
  static fromDocument(doc: unknown): UnitRegistry {
    const checked = validateCommandStructure(doc);
    if (!checked.ok) throw invalidStructure(checked.errors);
    return new UnitRegistry(checked.units);
  }

  /** A new registry with more units (e.g. the rescue teams); this one is unchanged. */
  with(more: readonly CommandUnit[]): UnitRegistry {
    return new UnitRegistry([...this.units, ...more]);
  }

  has(id: string): boolean {
    return this.byIdMap.has(id);
  }

  byId(id: string): CommandUnit | undefined {
    return this.byIdMap.get(id);
  }

  requireUnit(id: string): CommandUnit {
    const unit = this.byIdMap.get(id);
    if (!unit) {
      throw new DomainError('COMMAND.UNKNOWN_UNIT', 'not_found', `unknown unit ${id}`, { unitId: id });
    }
    return unit;
  }

  /** The units of a kind, in document order. */
  ofKind(kind: UnitKind): CommandUnit[] {
    return this.units.filter((u) => u.kind === kind);
  }

  /** The emergency office of a township (属地), by township code. */
  townshipOffice(townshipCode: string): CommandUnit | undefined {
    return this.officeByCode.get(townshipCode);
  }

  /** The department responsible for an incident type (管行业必须管安全). */
  departmentFor(type: string): CommandUnit | undefined {
    return this.departmentByType.get(type);
  }

  /**
   * The special HQ that commands an incident type; failing that, the one that commands its category.
   * `category` defaults to the type's category in the incident vocabulary.
   */
  specialHqFor(type: string, category?: string | null): CommandUnit | undefined {
    const byType = this.hqByType.get(type);
    if (byType) return byType;
    const cat: IncidentCategory | string | undefined =
      category ?? (isIncidentType(type) ? INCIDENT_TYPES[type].category : undefined);
    return cat === undefined ? undefined : this.hqByCategory.get(cat);
  }

  /** The district emergency committee (区应急委): the committee without a parent. */
  committee(): CommandUnit | undefined {
    return this.root;
  }
}
