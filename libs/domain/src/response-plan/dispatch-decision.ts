import { UnitRegistry } from '../command-structure/unit-registry';
import { Capability, isCapability } from '../rescue-circle/capabilities';
import { DEFAULT_ESCALATION_ACK_SECONDS } from '../escalation/escalation-ladder';
import { CoverageIndex } from '../rescue-circle/coverage';
import { chooseTeams, TeamChoice } from '../rescue-circle/team-choice';
import { GeoPoint } from '../shared/geo';
import {
  capabilityTopUps,
  newlyOwed,
  OwedTask,
  PlanIncident,
  resolvePlan,
  UnresolvedParticipant,
} from './owed-tasks';
import { PlanRole, RoleDeadlines, TieredResponsePlan } from './plan-document';
import { rescueTeamDeadlines, withDefaults } from './plan-deadlines';

/** A task already on the incident, as dispatch needs to see it. */
export interface TaskOnIncident {
  unitId: string;
  role: string;
  /** A unit's task: the capabilities it asked for; a team's: what the team was sent to bring. */
  capabilities: readonly string[];
}

export interface DispatchDecisionInput {
  plan: TieredResponsePlan;
  registry: UnitRegistry;
  /** The rescue teams with their live status; null when the district has none on record. */
  coverage: CoverageIndex | null;
  /** The incident as it stands now (its current tier, not the tier of the event that woke dispatch). */
  incident: PlanIncident & { point: GeoPoint };
  alreadyTasked: readonly TaskOnIncident[];
  nearEqualSeconds?: number;
}

/** One task to create: the unit, its role, and why (plan version and clause), with the plan's deadlines. */
export interface TaskToDispatch {
  unitId: string;
  role: PlanRole;
  clauseId: string;
  planVersion: string;
  deadlines: RoleDeadlines;
  capabilities: string[];
  /** Set for a rescue team: its ETA by the travel-time model. */
  etaSeconds: number | null;
  kind: 'unit' | 'rescue_team' | 'breach_escalation';
}

/** No available team reaches the incident inside the circle: what RescueCircleBreachPredicted says. */
export interface PredictedBreach {
  circleSeconds: number;
  bestEtaSeconds: number | null;
  teamIds: string[];
  uncoveredCapabilities: Capability[];
  lateCapabilities: Capability[];
  clauseId: string;
  escalatedToUnitIds: string[];
}

export interface DispatchDecision {
  planVersion: string;
  /** Units first (lead first), then rescue teams, then the breach escalation. Empty when nothing new is owed. */
  tasks: TaskToDispatch[];
  /** The teams to take (mark dispatched) in the same transaction as their tasks. */
  teamIds: string[];
  breach: PredictedBreach | null;
  /** Participants the command structure could not name a unit for (record them; never drop silently). */
  unresolved: UnresolvedParticipant[];
  /** Why each team was chosen, for the log and the audit. */
  reasons: string[];
  /** The applicable clauses that say to report the incident up to the city (empty: no report). */
  reportUpClauseIds: string[];
}

/** The first of the owed task's clauses that asks for the capability (the task's own clause otherwise). */
function clauseAsking(plan: TieredResponsePlan, owed: OwedTask, capability: Capability): string {
  const clause = plan.clauses.find(
    (c) =>
      owed.clauseIds.includes(c.id) &&
      c.participants.some((p) => p.requiredCapabilities?.includes(capability)),
  );
  return clause?.id ?? owed.clauseId;
}

/**
 * What the tiered response plan (分级响应) owes an incident now, and which rescue teams to send.
 *
 * - The plan is resolved on the incident's current tier; only what is newly owed is dispatched
 *   (`newlyOwed`), so a reclassification, a redelivery or a second dispatcher adds nothing twice.
 * - Capabilities: those the newly owed tasks require, plus those the plan now asks of a unit that already
 *   has its task (`capabilityTopUps`, e.g. T3 adds heavy machinery). Teams are chosen for them by
 *   `chooseTeams` (earliest arrival, keeping the 15-minute circle whole elsewhere); each team's task
 *   carries the clause that asked for what it brings, and its ETA.
 * - When no chosen team arrives inside the circle, the best are sent anyway and the applicable clauses'
 *   `onRescueCircleBreach` units are tasked too (what of it is newly owed).
 * A team already tasked on this incident (back at base, available again) is not sent twice.
 */
export function decideDispatch(input: DispatchDecisionInput): DispatchDecision {
  const { plan, registry, coverage, incident, alreadyTasked } = input;
  const resolution = resolvePlan(plan, incident, registry);
  const existing = alreadyTasked.map((t) => ({ ...t, requiredCapabilities: t.capabilities }));
  const fresh = newlyOwed(existing, resolution.owed);
  const topUps = capabilityTopUps(existing, resolution.owed);

  const defaults = plan.defaults?.deadlines;
  const tasks: TaskToDispatch[] = fresh.map((o) => ({
    unitId: o.unitId,
    role: o.role,
    clauseId: o.clauseId,
    planVersion: o.planVersion,
    deadlines: withDefaults(o.deadlines, defaults),
    capabilities: [...o.requiredCapabilities],
    etaSeconds: null,
    kind: 'unit',
  }));

  // Which clause (and whose deadlines) asked for each capability: the team sent for it answers to that.
  const askedBy = new Map<Capability, { clauseId: string; deadlines: RoleDeadlines }>();
  const ask = (o: OwedTask, capabilities: readonly Capability[]) => {
    for (const c of capabilities)
      if (!askedBy.has(c)) askedBy.set(c, { clauseId: clauseAsking(plan, o, c), deadlines: o.deadlines });
  };
  for (const o of fresh) ask(o, o.requiredCapabilities);
  for (const t of topUps)
    ask(
      resolution.owed.find((o) => o.unitId === t.unitId)!,
      t.capabilities,
    );
  const wanted = [...askedBy.keys()];

  const decision: DispatchDecision = {
    planVersion: plan.planVersion,
    tasks,
    teamIds: [],
    breach: null,
    unresolved: resolution.unresolved,
    reasons: [],
    reportUpClauseIds: plan.clauses
      .filter((c) => c.reportUpToCity && resolution.clauseIds.includes(c.id))
      .map((c) => c.id),
  };
  if (wanted.length === 0 || !coverage) return decision;

  const choice: TeamChoice = chooseTeams({
    coverage,
    incidentPoint: incident.point,
    requiredCapabilities: wanted,
    nearEqualSeconds: input.nearEqualSeconds,
  });
  decision.reasons = choice.reasons;
  const onIncident = new Set(alreadyTasked.map((t) => t.unitId));
  const firstAsked = askedBy.get(wanted[0])!;
  for (const team of choice.chosen) {
    if (onIncident.has(team.teamId)) {
      decision.reasons.push(`${team.teamId} is already tasked on this incident: not sent twice`);
      continue;
    }
    const asked = team.covers.length > 0 ? askedBy.get(team.covers[0])! : firstAsked;
    tasks.push({
      unitId: team.teamId,
      role: 'support',
      clauseId: asked.clauseId,
      planVersion: plan.planVersion,
      deadlines: rescueTeamDeadlines(plan, asked.deadlines, coverage.circleSeconds),
      capabilities: [...team.covers],
      etaSeconds: team.etaSeconds,
      kind: 'rescue_team',
    });
    decision.teamIds.push(team.teamId);
  }

  if (choice.breachPredicted) {
    const escalation = newlyOwed([...existing, ...tasks], resolution.onRescueCircleBreach);
    for (const o of escalation) {
      tasks.push({
        unitId: o.unitId,
        role: o.role,
        clauseId: o.clauseId,
        planVersion: o.planVersion,
        deadlines: withDefaults(o.deadlines, defaults),
        capabilities: [],
        etaSeconds: null,
        kind: 'breach_escalation',
      });
    }
    decision.breach = {
      circleSeconds: coverage.circleSeconds,
      bestEtaSeconds: choice.bestEtaSeconds,
      teamIds: decision.teamIds,
      uncoveredCapabilities: choice.uncovered,
      lateCapabilities: choice.lateCapabilities,
      clauseId: firstAsked.clauseId,
      escalatedToUnitIds: escalation.map((o) => o.unitId),
    };
  }
  return decision;
}

export interface ReplacementInput {
  plan: TieredResponsePlan;
  coverage: CoverageIndex;
  incident: { point: GeoPoint };
  /** What the team that declined (or is late) was to bring; empty: any nearest team. */
  capabilities: readonly string[];
  /** Every task on the incident: teams already there are never chosen again. */
  alreadyTasked: readonly TaskOnIncident[];
  /** The clause of the task being replaced: the new team answers to it. */
  clauseId: string;
}

/**
 * The next best team for a team task that was declined, or whose arrival is late (the ladder's
 * `dispatch_next_team`): chosen like any team (earliest arrival, circle kept whole), never one already
 * tasked on this incident. Its deadlines are a rescue team's, under the same clause.
 */
export function decideReplacement(input: ReplacementInput): {
  tasks: TaskToDispatch[];
  teamIds: string[];
  reasons: string[];
} {
  const { plan, incident, alreadyTasked } = input;
  let coverage = input.coverage;
  for (const t of alreadyTasked) {
    if (coverage.team(t.unitId)) coverage = coverage.withObservedStatus(t.unitId, 'dispatched');
  }
  const wanted = input.capabilities.filter(isCapability);
  const choice = chooseTeams({ coverage, incidentPoint: incident.point, requiredCapabilities: wanted });
  const clause = plan.clauses.find((c) => c.id === input.clauseId);
  const asking =
    clause?.participants.find((p) => p.requiredCapabilities?.some((c) => wanted.includes(c))) ??
    clause?.participants[0];
  const deadlines = rescueTeamDeadlines(
    plan,
    asking?.deadlines ?? { acknowledgeSeconds: DEFAULT_ESCALATION_ACK_SECONDS },
    coverage.circleSeconds,
  );
  const tasks = choice.chosen.map((team): TaskToDispatch => ({
    unitId: team.teamId,
    role: 'support',
    clauseId: input.clauseId,
    planVersion: plan.planVersion,
    deadlines,
    capabilities: [...team.covers],
    etaSeconds: team.etaSeconds,
    kind: 'rescue_team',
  }));
  return { tasks, teamIds: tasks.map((t) => t.unitId), reasons: choice.reasons };
}
