import { isDeepStrictEqual } from 'node:util';
import {
  CommandUnit,
  CommandUnitSchema,
  DocumentError,
  EDITED_UNIT_TEXTS,
  validateCommandStructure,
} from '@erp/domain';

/** What an operator may change in a unit. Identity and place in the structure are the seed's, not an edit's. */
export const EDITABLE_UNIT_FIELDS = [
  'name',
  'contact',
  'members',
  'roster',
  'responsibleFor',
  'note',
] as const;
export type EditableUnitField = (typeof EDITABLE_UNIT_FIELDS)[number];

const FIXED_FIELDS = ['id', 'kind', 'townshipCode', 'parentId'];
/** Optional fields of a unit: `null` removes them. */
const CLEARABLE: ReadonlySet<string> = new Set(['responsibleFor', 'note']);

export type UnitRevision =
  { ok: true; unit: CommandUnit; changed: EditableUnitField[] } | { ok: false; errors: DocumentError[] };

/**
 * Applies `changes` (a request body: some of `allowed`) to unit `unitId` of `structure`, and checks the unit
 * and the WHOLE structure it would make (`validateCommandStructure`), listing every error at once, each named
 * by a JSON pointer into the request body. Nothing is changed in `structure`.
 *
 * One error must neither hide another nor cause a false one, so the structure is checked twice when a field
 * is malformed: once as sent (which reports the malformed fields), once with the malformed fields left as
 * they were (which reports what the well-formed fields break elsewhere, e.g. a roster naming a non-member).
 * Errors about a malformed field's old value are dropped, and a roster is not held against a member list
 * that was itself malformed.
 *
 * The edited unit is checked last in the structure, so a rule that reports the second of two units (a type
 * already claimed by another department) reports the edited one.
 */
export function reviseUnit(
  structure: readonly CommandUnit[],
  unitId: string,
  changes: unknown,
  allowed: readonly EditableUnitField[],
): UnitRevision {
  const current = structure.find((u) => u.id === unitId);
  if (!current) throw new Error(`reviseUnit: no unit ${unitId} in the structure`);
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    return { ok: false, errors: [{ pointer: '/', message: 'expected an object of the fields to change' }] };
  }
  const errors: DocumentError[] = [];
  const sent: Record<string, unknown> = { ...current };
  const given: EditableUnitField[] = [];
  const malformed = new Set<string>();
  for (const [key, value] of Object.entries(changes)) {
    if (!(allowed as readonly string[]).includes(key)) {
      errors.push({ pointer: pointerOf(key), message: refusal(key, allowed) });
      continue;
    }
    const field = key as EditableUnitField;
    given.push(field);
    if (value === null && CLEARABLE.has(field)) {
      delete sent[field];
      continue;
    }
    sent[field] = value;
    if (!CommandUnitSchema.shape[field].safeParse(value).success) malformed.add(field);
    else {
      // Well-formed, so its texts can be held to the edit rules (length, visible, no controls).
      const texts = EDITED_UNIT_TEXTS[field]?.safeParse(value);
      if (texts && !texts.success) {
        malformed.add(field);
        for (const issue of texts.error.issues) {
          errors.push({
            pointer: pointerOf(field) + issue.path.map((p) => pointerOf(String(p))).join(''),
            message: issue.message,
          });
        }
      }
    }
  }

  const others = structure.filter((u) => u.id !== unitId);
  // A malformed unit drops out of the structure check, so units under it would seem orphaned: while any
  // field is malformed, only the unit's own errors count here.
  errors.push(...errorsOfUnit(others, sent, malformed.size > 0));
  if (malformed.size > 0) {
    const wellFormed: Record<string, unknown> = { ...sent };
    for (const field of malformed) {
      if (field in current) wellFormed[field] = current[field as keyof CommandUnit];
      else delete wellFormed[field];
    }
    const under = (pointer: string, field: string) =>
      pointer === `/${field}` || pointer.startsWith(`/${field}/`);
    for (const e of errorsOfUnit(others, wellFormed, false)) {
      if ([...malformed].some((f) => under(e.pointer, f))) continue;
      if (malformed.has('members') && under(e.pointer, 'roster')) continue;
      if (!errors.some((x) => x.pointer === e.pointer && x.message === e.message)) errors.push(e);
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  // The shape is valid: take the parsed fields (names are trimmed), keep the unit's other fields as stored.
  const parsed: Record<string, unknown> = CommandUnitSchema.parse(sent);
  const next: Record<string, unknown> = { ...sent };
  for (const field of given) {
    if (parsed[field] === undefined) delete next[field];
    else next[field] = parsed[field];
  }
  const unit = next as unknown as CommandUnit;
  const changed = given.filter((f) => !isDeepStrictEqual(current[f] ?? null, unit[f] ?? null));
  return { ok: true, unit, changed };
}

/** The errors of `unit` as the last unit after `others`, as pointers into the unit (the request body). */
function errorsOfUnit(
  others: readonly CommandUnit[],
  unit: Record<string, unknown>,
  ownOnly: boolean,
): DocumentError[] {
  const checked = validateCommandStructure({ units: [...others, unit] });
  if (checked.ok) return [];
  const prefix = `/units/${others.length}`;
  const own = (pointer: string) => pointer === prefix || pointer.startsWith(`${prefix}/`);
  return checked.errors
    .filter((e) => !ownOnly || own(e.pointer))
    .map((e) =>
      own(e.pointer)
        ? { pointer: e.pointer.slice(prefix.length) || '/', message: e.message }
        : // The stored structure was valid and an edit cannot move a unit, so this should not happen; say where.
          { pointer: '/', message: `elsewhere in the command structure, ${e.pointer}: ${e.message}` },
    );
}

function refusal(key: string, allowed: readonly EditableUnitField[]): string {
  if (FIXED_FIELDS.includes(key)) return `${key} cannot be changed: it places the unit in the structure`;
  if ((EDITABLE_UNIT_FIELDS as readonly string[]).includes(key)) {
    return `${key} cannot be changed here (only ${allowed.join(', ')})`;
  }
  return `unknown field "${key}"`;
}

function pointerOf(key: string): string {
  return '/' + key.replace(/~/g, '~0').replace(/\//g, '~1');
}
