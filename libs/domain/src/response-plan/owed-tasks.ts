import { INCIDENT_TYPES, isIncidentType } from '../classification/incident-types';
import { CommandUnit } from '../command-structure/command-unit';
import { UnitRegistry } from '../command-structure/unit-registry';
import { Tier } from '../incident/first-classification';
import { Capability } from '../rescue-circle/capabilities';
import {
  isPlanRole,
  ParticipantRule,
  PlanClause,
  PlanParticipant,
  PlanRole,
  PLAN_ROLE_RANK,
  RoleDeadlines,
  TieredResponsePlan,
} from './plan-document';
import { scopeMatches } from './validate-plan';

/** What the plan needs to know about an incident. */
export interface PlanIncident {
  id: string;
  type: string;
  /** Used only when the type is outside the incident vocabulary; otherwise the vocabulary's category counts. */
  category?: string | null;
  tier: Tier;
  townshipCode: string;
}

/** One task the plan owes a unit for an incident. */
export interface OwedTask {
  unitId: string;
  role: PlanRole;
  /** The clause that gave the unit its role: record it on the task, with `planVersion`, for audits. */
  clauseId: string;
  planVersion: string;
  deadlines: RoleDeadlines;
  requiredCapabilities: Capability[];
  /** Every clause that named the unit, `clauseId` first (more than one when duplicates were merged). */
  clauseIds: string[];
}

/** A participant the command structure could not resolve for this incident. */
export interface UnresolvedParticipant {
  clauseId: string;
  participantIndex: number;
  rule: ParticipantRule;
  role: PlanRole;
  reason: string;
}

export interface PlanResolution {
  planVersion: string;
  /** The clauses that apply, in document order. */
  clauseIds: string[];
  owed: OwedTask[];
  unresolved: UnresolvedParticipant[];
  reportUpToCity: boolean;
  /**
   * The units to task when no available rescue team can arrive inside the circle (the applicable clauses'
   * `onRescueCircleBreach`, merged like `owed`). Dispatch adds what of it is newly owed.
   */
  onRescueCircleBreach: OwedTask[];
}

/** The incident's category: the vocabulary's for a known type, else what the incident says. */
function categoryOf(incident: PlanIncident): string | null {
  return isIncidentType(incident.type) ? INCIDENT_TYPES[incident.type].category : (incident.category ?? null);
}

/** The clauses that apply to an incident: its exact tier, and a scope matching its type and category. */
export function applicableClauses(plan: TieredResponsePlan, incident: PlanIncident): PlanClause[] {
  const category = categoryOf(incident);
  return plan.clauses.filter((c) => c.tier === incident.tier && scopeMatches(c, incident.type, category));
}

function resolve(
  p: PlanParticipant,
  incident: PlanIncident,
  category: string | null,
  registry: UnitRegistry,
): CommandUnit | string {
  switch (p.rule) {
    case 'incident_township_office':
      return (
        registry.townshipOffice(incident.townshipCode) ??
        `no emergency office for township ${incident.townshipCode}`
      );
    case 'department_of_type':
      return (
        registry.departmentFor(incident.type) ?? `no department is responsible for type ${incident.type}`
      );
    case 'special_hq_of_type':
      return (
        registry.specialHqFor(incident.type, category) ??
        `no special HQ commands type ${incident.type} or category ${String(category)}`
      );
    case 'committee':
      return registry.committee() ?? 'the command structure has no committee';
    case 'unit':
      return registry.byId(p.unitId) ?? `unknown unit ${p.unitId}`;
  }
}

/** The tighter of two deadlines; a deadline that is set is tighter than one that is not. */
function tighter(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function mergeDeadlines(a: RoleDeadlines, b: RoleDeadlines): RoleDeadlines {
  const merged: RoleDeadlines = { acknowledgeSeconds: Math.min(a.acknowledgeSeconds, b.acknowledgeSeconds) };
  for (const key of ['departSeconds', 'arriveSeconds', 'firstReportSeconds'] as const) {
    const value = tighter(a[key], b[key]);
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * Everything the plan says about an incident: the tasks owed, the participants that named no unit (they
 * must not be dropped silently: the dispatcher records them, e.g. for the command room), and whether the
 * incident is reported up to the city (any applicable clause says so).
 *
 * Duplicates are merged: a unit named more than once (by several clauses, or by several rules that land on
 * the same unit) gets ONE task. It keeps the strongest role (lead > support > notify), and that role's first
 * clause as `clauseId`; each deadline is the tightest any naming gave (a deadline set anywhere applies); the
 * required capabilities are the union, in first-seen order. Order is deterministic: by role (lead first), then
 * by where the unit is first named in the plan (clause order, then participant order).
 */
export function resolvePlan(
  plan: TieredResponsePlan,
  incident: PlanIncident,
  registry: UnitRegistry,
): PlanResolution {
  const category = categoryOf(incident);
  const clauses = applicableClauses(plan, incident);
  const main = mergeParticipants(plan, clauses, (c) => c.participants, incident, category, registry);
  const breach = mergeParticipants(
    plan,
    clauses,
    (c) => c.onRescueCircleBreach ?? [],
    incident,
    category,
    registry,
  );
  return {
    planVersion: plan.planVersion,
    clauseIds: clauses.map((c) => c.id),
    owed: main.owed,
    unresolved: [...main.unresolved, ...breach.unresolved],
    reportUpToCity: clauses.some((c) => c.reportUpToCity),
    onRescueCircleBreach: breach.owed,
  };
}

/** One task per unit named by `pick` in the clauses, merged as `resolvePlan` describes. */
function mergeParticipants(
  plan: TieredResponsePlan,
  clauses: readonly PlanClause[],
  pick: (clause: PlanClause) => readonly PlanParticipant[],
  incident: PlanIncident,
  category: string | null,
  registry: UnitRegistry,
): { owed: OwedTask[]; unresolved: UnresolvedParticipant[] } {
  const byUnit = new Map<string, OwedTask & { firstSeen: number }>();
  const unresolved: UnresolvedParticipant[] = [];
  let seen = 0;
  for (const clause of clauses) {
    pick(clause).forEach((p, participantIndex) => {
      const found = resolve(p, incident, category, registry);
      if (typeof found === 'string') {
        unresolved.push({ clauseId: clause.id, participantIndex, rule: p.rule, role: p.role, reason: found });
        return;
      }
      const capabilities = p.requiredCapabilities ?? [];
      const current = byUnit.get(found.id);
      if (!current) {
        byUnit.set(found.id, {
          unitId: found.id,
          role: p.role,
          clauseId: clause.id,
          planVersion: plan.planVersion,
          deadlines: { ...p.deadlines },
          requiredCapabilities: [...new Set(capabilities)],
          clauseIds: [clause.id],
          firstSeen: seen++,
        });
        return;
      }
      if (PLAN_ROLE_RANK[p.role] > PLAN_ROLE_RANK[current.role]) {
        current.role = p.role;
        current.clauseId = clause.id;
        current.clauseIds = [clause.id, ...current.clauseIds.filter((c) => c !== clause.id)];
      } else if (!current.clauseIds.includes(clause.id)) {
        current.clauseIds.push(clause.id);
      }
      current.deadlines = mergeDeadlines(current.deadlines, p.deadlines);
      for (const c of capabilities)
        if (!current.requiredCapabilities.includes(c)) current.requiredCapabilities.push(c);
    });
  }
  const owed = [...byUnit.values()]
    .sort((a, b) => PLAN_ROLE_RANK[b.role] - PLAN_ROLE_RANK[a.role] || a.firstSeen - b.firstSeen)
    .map(({ firstSeen: _firstSeen, ...task }) => task);
  return { owed, unresolved };
}

/**
 * The tasks the plan owes for an incident: one per unit (duplicates merged, see `resolvePlan`), lead first.
 * A validated plan names a unit for every participant and every type in the vocabulary, so for a known
 * township nothing is left out; `resolvePlan` lists what is, should the command structure change.
 */
export function owedTasks(
  plan: TieredResponsePlan,
  incident: PlanIncident,
  registry: UnitRegistry,
): OwedTask[] {
  return resolvePlan(plan, incident, registry).owed;
}

/** Whether the plan says to report the incident up to the city (上报市级). */
export function reportsUpToCity(plan: TieredResponsePlan, incident: PlanIncident): boolean {
  return applicableClauses(plan, incident).some((c) => c.reportUpToCity);
}

/**
 * What is owed and not yet tasked (on reclassification: dispatch only this, never anything twice). A unit
 * that already holds a task of the same or a stronger plan role owes nothing new; a unit whose earlier task
 * was weaker (notify, now lead) gets a task for the stronger role. Tasks of other roles (an escalation's
 * `supervise`) do not count. A unit whose role the new tier weakens (township lead at T2, support at T3)
 * keeps the task it has: the plan never re-issues a weaker role.
 */
export function newlyOwed(
  alreadyTasked: readonly { unitId: string; role: string }[],
  owed: readonly OwedTask[],
): OwedTask[] {
  const strongest = new Map<string, number>();
  for (const t of alreadyTasked) {
    if (isPlanRole(t.role)) {
      strongest.set(t.unitId, Math.max(PLAN_ROLE_RANK[t.role], strongest.get(t.unitId) ?? 0));
    }
  }
  const fresh: OwedTask[] = [];
  for (const o of owed) {
    if (PLAN_ROLE_RANK[o.role] <= (strongest.get(o.unitId) ?? 0)) continue;
    fresh.push(o);
    strongest.set(o.unitId, PLAN_ROLE_RANK[o.role]);
  }
  return fresh;
}

/** Capabilities a unit's existing task did not yet ask for: the teams to add for it. */
export interface CapabilityTopUp {
  unitId: string;
  clauseId: string;
  planVersion: string;
  capabilities: Capability[];
}

/**
 * The other half of a reclassification: a unit that already holds its task (so `newlyOwed` leaves it out) may
 * now be owed more rescue-team capabilities (a T3 landslide adds heavy machinery and satellite phones to the
 * township's). For each such unit, the capabilities `owed` requires that none of its existing tasks required.
 * Deadlines of tasks already running are not changed.
 */
export function capabilityTopUps(
  alreadyTasked: readonly { unitId: string; role: string; requiredCapabilities?: readonly string[] }[],
  owed: readonly OwedTask[],
): CapabilityTopUp[] {
  const fresh = new Set(newlyOwed(alreadyTasked, owed));
  const topUps: CapabilityTopUp[] = [];
  for (const o of owed) {
    if (fresh.has(o)) continue;
    const tasks = alreadyTasked.filter((t) => t.unitId === o.unitId);
    if (tasks.length === 0) continue;
    const had = new Set(tasks.flatMap((t) => t.requiredCapabilities ?? []));
    const capabilities = o.requiredCapabilities.filter((c) => !had.has(c));
    if (capabilities.length > 0) {
      topUps.push({ unitId: o.unitId, clauseId: o.clauseId, planVersion: o.planVersion, capabilities });
    }
  }
  return topUps;
}
