import {
  IncidentCategory,
  IncidentTypeCode,
  INCIDENT_CATEGORIES,
  INCIDENT_TYPES,
} from '../classification/incident-types';
import { DocumentError, zodErrors } from '../command-structure/document-errors';
import { UnitRegistry } from '../command-structure/unit-registry';
import { Tier } from '../incident/first-classification';
import { UnitIds } from '../district/district';
import { DEADLINE_KINDS } from '../task/task-deadline';
import { LadderStepSchema } from '../escalation/escalation-ladder';
import {
  ClauseScope,
  isPlanRole,
  PlanClause,
  PlanClauseSchema,
  PlanHeaderSchema,
  PlanParticipant,
  PlanParticipantSchema,
  PlanRole,
  TieredResponsePlan,
  TIERS,
} from './plan-document';

export type PlanValidation = { ok: true; plan: TieredResponsePlan } | { ok: false; errors: DocumentError[] };

const ALL_TYPES = Object.keys(INCIDENT_TYPES) as IncidentTypeCode[];
const ALL_CATEGORIES = Object.keys(INCIDENT_CATEGORIES) as IncidentCategory[];

/** Whether a clause's scope matches a type of a category (an absent or empty list matches everything). */
export function scopeMatches(
  clause: Pick<PlanClause, 'appliesTo'>,
  type: string,
  category: string | null,
): boolean {
  const { categories, types } = clause.appliesTo;
  const categoryOk =
    !categories ||
    categories.length === 0 ||
    (category !== null && (categories as string[]).includes(category));
  const typeOk = !types || types.length === 0 || (types as string[]).includes(type);
  return categoryOk && typeOk;
}

/** The vocabulary's types a scope can apply to. */
function typesInScope(appliesTo: ClauseScope): IncidentTypeCode[] {
  return ALL_TYPES.filter((t) => scopeMatches({ appliesTo }, t, INCIDENT_TYPES[t].category));
}

/**
 * What can be read from a clause even when the schema refuses part of it: each part that is valid on its own.
 * The later checks run on these parts, so one error does not hide another, nor cause a false one (a clause
 * with a bad capability still provides its lead).
 */
interface ClauseView {
  at: string;
  id?: string;
  tier?: Tier;
  appliesTo?: ClauseScope;
  participants: { role?: PlanRole; participant?: PlanParticipant }[];
  /** The breach escalation's participants: checked for units like participants, never counted as leads. */
  onBreach: { participant?: PlanParticipant }[];
}

function salvage(raw: unknown, at: string): ClauseView {
  const view: ClauseView = { at, participants: [], onBreach: [] };
  if (typeof raw !== 'object' || raw === null) return view;
  const r = raw as Record<string, unknown>;
  const shape = PlanClauseSchema.shape;
  const id = shape.id.safeParse(r.id);
  if (id.success) view.id = id.data;
  const tier = shape.tier.safeParse(r.tier);
  if (tier.success) view.tier = tier.data;
  const appliesTo = shape.appliesTo.safeParse(r.appliesTo);
  if (appliesTo.success) view.appliesTo = appliesTo.data as ClauseScope;
  else view.appliesTo = knownPartOfScope(r.appliesTo);
  if (Array.isArray(r.participants)) {
    view.participants = r.participants.map((p) => {
      const parsed = PlanParticipantSchema.safeParse(p);
      const role = (p as { role?: unknown } | null)?.role;
      return {
        role: isPlanRole(role) ? role : undefined,
        participant: parsed.success ? (parsed.data as PlanParticipant) : undefined,
      };
    });
  }
  if (Array.isArray(r.onRescueCircleBreach)) {
    view.onBreach = r.onRescueCircleBreach.map((p) => {
      const parsed = PlanParticipantSchema.safeParse(p);
      return { participant: parsed.success ? (parsed.data as PlanParticipant) : undefined };
    });
  }
  return view;
}

/**
 * The known part of a scope that names unknown types or categories (those are errors of their own): the known
 * entries of each list. A list left with no known entry would widen to "all", so the scope is dropped instead.
 */
function knownPartOfScope(raw: unknown): ClauseScope | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const scope: ClauseScope = {};
  const { categories, types } = raw as { categories?: unknown; types?: unknown };
  for (const [key, list, known] of [
    [
      'categories',
      categories,
      (c: unknown) => typeof c === 'string' && ALL_CATEGORIES.includes(c as IncidentCategory),
    ],
    ['types', types, (t: unknown) => typeof t === 'string' && ALL_TYPES.includes(t as IncidentTypeCode)],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) return undefined;
    const kept = list.filter(known);
    if (list.length > 0 && kept.length === 0) return undefined;
    (scope as Record<string, unknown[]>)[key] = kept;
  }
  return scope;
}

/** Step 4 for one participant: it must name a unit for every type its clause applies to. */
function checkNamesAUnit(
  p: PlanParticipant | undefined,
  pointer: string,
  scope: readonly IncidentTypeCode[],
  registry: UnitRegistry,
  errors: DocumentError[],
): void {
  if (!p) return;
  switch (p.rule) {
    case 'unit':
      if (!registry.has(p.unitId)) {
        errors.push({ pointer: `${pointer}/unitId`, message: `unknown unit "${p.unitId}"` });
      }
      break;
    case 'committee':
      if (!registry.committee()) {
        errors.push({ pointer: `${pointer}/rule`, message: 'the command structure has no committee' });
      }
      break;
    case 'incident_township_office':
      if (registry.ofKind('township_office').length === 0) {
        errors.push({ pointer: `${pointer}/rule`, message: 'the command structure has no township office' });
      }
      break;
    case 'department_of_type': {
      const missing = scope.filter((t) => !registry.departmentFor(t));
      if (missing.length > 0) {
        errors.push({
          pointer: `${pointer}/rule`,
          message: `no department is responsible for type(s) ${list(missing)}`,
        });
      }
      break;
    }
    case 'special_hq_of_type': {
      const missing = scope.filter((t) => !registry.specialHqFor(t, INCIDENT_TYPES[t].category));
      if (missing.length > 0) {
        errors.push({
          pointer: `${pointer}/rule`,
          message: `no special HQ commands type(s) ${list(missing)} or their category`,
        });
      }
      break;
    }
  }
}

/** Each `task_unit` step of a ladder set must name a unit the structure has. */
function checkLadderUnits(
  raw: unknown,
  pointer: string,
  registry: UnitRegistry,
  errors: DocumentError[],
): void {
  if (typeof raw !== 'object' || raw === null) return;
  for (const kind of DEADLINE_KINDS) {
    const steps = (raw as Record<string, { steps?: unknown } | undefined>)[kind]?.steps;
    if (!Array.isArray(steps)) continue;
    steps.forEach((rawStep, i) => {
      const parsed = LadderStepSchema.safeParse(rawStep);
      if (!parsed.success || parsed.data.action !== 'task_unit') return;
      const at = `${pointer}/${kind}/steps/${i}`;
      const step = parsed.data;
      if (step.target === 'unit' && step.unitId && !registry.has(step.unitId)) {
        errors.push({ pointer: `${at}/unitId`, message: `unknown unit "${step.unitId}"` });
      } else if (step.target === 'committee' && !registry.committee()) {
        errors.push({ pointer: `${at}/target`, message: 'the command structure has no committee' });
      } else if (step.target === 'command_room' && !registry.has(UnitIds.districtCommandRoom)) {
        errors.push({ pointer: `${at}/target`, message: 'the command structure has no command room' });
      }
    });
  }
}

function list(codes: readonly string[]): string {
  return codes.join(', ');
}

/**
 * Checks a plan document against the schema and the command structure and lists EVERY error, each with a
 * JSON pointer, in this order:
 * 1. the shape (schema): missing or unknown fields, bad tiers, roles, rules, deadlines (each positive; depart
 *    not before acknowledge, arrive not before depart, first report not before acknowledge), unknown
 *    capabilities, unknown incident types or categories. Each clause is checked on its own, and the checks
 *    below use every part of a clause that is valid on its own (its id, tier, scope, each participant), so a
 *    broken part neither hides other errors nor causes false ones;
 * 2. duplicate clause ids;
 * 3. a scope that can never match (a listed type outside every listed category);
 * 4. participants that name no unit: a `unit` rule naming an unknown unit; a `committee` rule with no
 *    committee; a `department_of_type` / `special_hq_of_type` rule for a type (of those the clause applies to)
 *    that no department / special HQ answers for; township offices missing altogether;
 * 5. leads: for every tier (T1/T2/T3) and every category, every incident type of the category must get at least
 *    one lead from the clauses. More than one lead is allowed (联合牵头); none is not.
 * The document is refused whole if anything is wrong; nothing of it is used.
 */
export function validatePlan(doc: unknown, registry: UnitRegistry): PlanValidation {
  const errors: DocumentError[] = [];
  const header = PlanHeaderSchema.safeParse(doc);
  if (!header.success) errors.push(...zodErrors(header.error));

  const rawClauses =
    typeof doc === 'object' && doc !== null && Array.isArray((doc as { clauses?: unknown }).clauses)
      ? ((doc as { clauses: unknown[] }).clauses as unknown[])
      : [];
  const valid: PlanClause[] = [];
  const views = rawClauses.map((raw, i) => {
    const at = `/clauses/${i}`;
    const parsed = PlanClauseSchema.safeParse(raw);
    if (parsed.success) valid.push(parsed.data as PlanClause);
    else errors.push(...zodErrors(parsed.error, at));
    return salvage(raw, at);
  });

  const firstAt = new Map<string, string>();
  for (const { id, at } of views) {
    if (id === undefined) continue;
    const first = firstAt.get(id);
    if (first === undefined) firstAt.set(id, at);
    else errors.push({ pointer: `${at}/id`, message: `duplicate clause id "${id}" (first at ${first})` });
  }

  for (const { appliesTo, at } of views) {
    const categories = appliesTo?.categories;
    if (!categories || categories.length === 0) continue;
    (appliesTo.types ?? []).forEach((t, k) => {
      const category = INCIDENT_TYPES[t].category;
      if (!(categories as string[]).includes(category)) {
        errors.push({
          pointer: `${at}/appliesTo/types/${k}`,
          message: `type ${t} is of category ${category}, which this clause does not list: it can never apply`,
        });
      }
    });
  }

  for (const { appliesTo, participants, onBreach, at } of views) {
    const scope = appliesTo ? typesInScope(appliesTo) : [];
    participants.forEach(({ participant }, j) =>
      checkNamesAUnit(participant, `${at}/participants/${j}`, scope, registry, errors),
    );
    onBreach.forEach(({ participant }, j) =>
      checkNamesAUnit(participant, `${at}/onRescueCircleBreach/${j}`, scope, registry, errors),
    );
  }

  checkLadderUnits((doc as { ladders?: unknown } | null)?.ladders, '/ladders', registry, errors);
  rawClauses.forEach((raw, i) =>
    checkLadderUnits(
      (raw as { ladders?: unknown } | null)?.ladders,
      `/clauses/${i}/ladders`,
      registry,
      errors,
    ),
  );

  for (const tier of TIERS) {
    for (const category of ALL_CATEGORIES) {
      const ofCategory = ALL_TYPES.filter((t) => INCIDENT_TYPES[t].category === category);
      const leaderless = ofCategory.filter(
        (t) =>
          !views.some(
            (v) =>
              v.tier === tier &&
              v.appliesTo !== undefined &&
              scopeMatches({ appliesTo: v.appliesTo }, t, category) &&
              v.participants.some((p) => p.role === 'lead'),
          ),
      );
      if (leaderless.length === 0) continue;
      errors.push({
        pointer: '/clauses',
        message:
          leaderless.length === ofCategory.length
            ? `tier ${tier} for category ${category} has no lead`
            : `tier ${tier} for category ${category} has no lead for type(s) ${list(leaderless)}`,
      });
    }
  }

  if (errors.length > 0 || !header.success) return { ok: false, errors };
  return { ok: true, plan: { ...header.data, clauses: valid } as TieredResponsePlan };
}
