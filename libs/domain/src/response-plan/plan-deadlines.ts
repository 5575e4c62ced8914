import { DEFAULT_LADDERS, EscalationLadder } from '../escalation/escalation-ladder';
import { DeadlineKind, DeadlineSeconds } from '../task/task-deadline';
import { RoleDeadlines, TieredResponsePlan } from './plan-document';

/** A participant's deadlines with the plan's defaults filling what it leaves out. */
export function withDefaults(
  own: RoleDeadlines,
  defaults: Partial<RoleDeadlines> | undefined,
): RoleDeadlines {
  const merged: RoleDeadlines = { ...own };
  for (const [key, value] of Object.entries(defaults ?? {}) as [keyof RoleDeadlines, number][]) {
    if (merged[key] === undefined) merged[key] = value;
  }
  return merged;
}

/**
 * A rescue team's deadlines: the plan's `defaults.rescueTeam`, then what the participant that asked for the
 * team says; arrival is always the rescue circle from dispatch (15分钟应急救援圈).
 */
export function rescueTeamDeadlines(
  plan: Pick<TieredResponsePlan, 'defaults'>,
  asked: RoleDeadlines,
  circleSeconds: number,
): RoleDeadlines {
  const base = withDefaults(asked, plan.defaults?.deadlines);
  return { ...base, ...plan.defaults?.rescueTeam, arriveSeconds: circleSeconds };
}

/** The plan's deadlines as the task's per-kind seconds. */
export function deadlineSeconds(d: RoleDeadlines): DeadlineSeconds {
  const seconds: DeadlineSeconds = { ack: d.acknowledgeSeconds };
  if (d.departSeconds !== undefined) seconds.depart = d.departSeconds;
  if (d.arriveSeconds !== undefined) seconds.arrive = d.arriveSeconds;
  if (d.firstReportSeconds !== undefined) seconds.firstReport = d.firstReportSeconds;
  if (d.completeSeconds !== undefined) seconds.complete = d.completeSeconds;
  return seconds;
}

/**
 * The ladder a task climbs when its `kind` deadline breaks: its clause's, else the plan's; a plan that
 * names no ladders at all climbs `DEFAULT_LADDERS`. Null: the miss is recorded and nothing climbs.
 */
export function ladderFor(
  plan: Pick<TieredResponsePlan, 'clauses' | 'ladders'>,
  clauseId: string,
  kind: DeadlineKind,
): EscalationLadder | null {
  const clause = plan.clauses.find((c) => c.id === clauseId);
  const spec = clause?.ladders?.[kind] ?? (plan.ladders ?? DEFAULT_LADDERS)[kind];
  return spec ? new EscalationLadder(spec) : null;
}
