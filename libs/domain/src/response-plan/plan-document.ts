import { z } from 'zod';
import { Capability, isCapability } from '../rescue-circle/capabilities';
import {
  IncidentCategory,
  IncidentTypeCode,
  INCIDENT_CATEGORIES,
  isIncidentType,
} from '../classification/incident-types';
import { Tier } from '../incident/first-classification';
import { EscalationLadders, EscalationLaddersSchema } from '../escalation/escalation-ladder';
import { WarningClause, WarningClauseSchema } from '../warning/warning-clauses';

/**
 * The tiered response plan (分级响应预案) as a versioned document: data, not code. For each category/type and
 * tier, its clauses say which units take part, in which role, by which deadlines, with which rescue-team
 * capabilities, and whether the incident is reported up to the city.
 */

export const TIERS = ['T1_MINOR', 'T2_GENERAL', 'T3_MAJOR'] as const satisfies readonly Tier[];

/** A unit's part in the response: 牵头 (lead), 配合 (support), 知悉 (notify). */
export const PLAN_ROLES = ['lead', 'support', 'notify'] as const;
export type PlanRole = (typeof PLAN_ROLES)[number];

/** lead > support > notify: when a unit is named twice, the stronger role wins. */
export const PLAN_ROLE_RANK: Readonly<Record<PlanRole, number>> = { lead: 3, support: 2, notify: 1 };

export function isPlanRole(role: unknown): role is PlanRole {
  return typeof role === 'string' && (PLAN_ROLES as readonly string[]).includes(role);
}

/**
 * How a participant is found for an incident:
 * - `incident_township_office`: the emergency office of the incident's township (属地);
 * - `department_of_type`: the department responsible for the incident's type (行业主管部门);
 * - `special_hq_of_type`: the special HQ commanding the type, else its category (专项指挥部);
 * - `committee`: the district emergency committee (区应急委);
 * - `unit`: one named unit (`unitId`).
 */
export const PARTICIPANT_RULES = [
  'incident_township_office',
  'department_of_type',
  'special_hq_of_type',
  'committee',
  'unit',
] as const;
export type ParticipantRule = (typeof PARTICIPANT_RULES)[number];

/** Seconds from dispatch by which the unit must acknowledge, depart, arrive, first report and complete. */
export interface RoleDeadlines {
  acknowledgeSeconds: number;
  departSeconds?: number;
  arriveSeconds?: number;
  firstReportSeconds?: number;
  completeSeconds?: number;
}

interface ParticipantBase {
  role: PlanRole;
  deadlines: RoleDeadlines;
  /**
   * What the rescue teams sent under this participant must bring between them (应急物资). Dispatch picks the
   * teams (rescue circle); the plan only names the capabilities.
   */
  requiredCapabilities?: Capability[];
}

export type PlanParticipant =
  | (ParticipantBase & { rule: 'unit'; unitId: string })
  | (ParticipantBase & { rule: Exclude<ParticipantRule, 'unit'> });

/** Which incidents a clause applies to. Both lists must match when both are given; an absent or empty list matches all. */
export interface ClauseScope {
  categories?: IncidentCategory[];
  types?: IncidentTypeCode[];
}

export interface PlanClause {
  id: string;
  title?: string;
  /** Why the clause exists (the plan's source text), for audits. */
  basis?: string;
  appliesTo: ClauseScope;
  /** The clause applies to incidents of exactly this tier: clauses are not cumulative across tiers. */
  tier: Tier;
  participants: PlanParticipant[];
  reportUpToCity: boolean;
  /**
   * Who else is tasked when no available rescue team can reach the incident inside the 15-minute circle
   * (RescueCircleBreachPredicted): the best team is sent anyway, and these units are told to find more
   * (e.g. the command room pulls teams from neighbouring townships). Applies when this clause is one that
   * applies to the incident. Roles merge like participants'.
   */
  onRescueCircleBreach?: PlanParticipant[];
  /** Ladders for the tasks this clause creates, per deadline kind, in place of the plan's. */
  ladders?: EscalationLadders;
}

/** Deadlines the plan fills in where a participant's leave them out, and those of rescue teams' tasks. */
export interface PlanDefaults {
  deadlines?: Partial<RoleDeadlines>;
  /** A rescue team's task: its arrival is always the 15-minute circle, counted from dispatch. */
  rescueTeam?: Partial<Omit<RoleDeadlines, 'arriveSeconds'>>;
}

export interface TieredResponsePlan {
  planVersion: string;
  /** When the version took effect (ISO date-time with offset); informative, publishing makes it current. */
  validFrom: string;
  title?: string;
  clauses: PlanClause[];
  defaults?: PlanDefaults;
  /** Escalation ladders per deadline kind (逐级上报). Absent: `DEFAULT_LADDERS`. */
  ladders?: EscalationLadders;
  /** 预警响应条款: which hazard points a warning tasks, and how. Absent: `DEFAULT_WARNING_CLAUSES`. */
  warningClauses?: WarningClause[];
}

const seconds = z
  .number()
  .int('a whole number of seconds')
  .positive('a deadline is a positive number of seconds');

export const RoleDeadlinesSchema = z
  .strictObject({
    acknowledgeSeconds: seconds,
    departSeconds: seconds.optional(),
    arriveSeconds: seconds.optional(),
    firstReportSeconds: seconds.optional(),
    completeSeconds: seconds.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.departSeconds !== undefined && d.departSeconds < d.acknowledgeSeconds) {
      ctx.addIssue({ code: 'custom', path: ['departSeconds'], message: 'departs before it acknowledges' });
    }
    const before = d.departSeconds ?? d.acknowledgeSeconds;
    if (d.arriveSeconds !== undefined && d.arriveSeconds < before) {
      ctx.addIssue({
        code: 'custom',
        path: ['arriveSeconds'],
        message: `arrives before it ${d.departSeconds !== undefined ? 'departs' : 'acknowledges'}`,
      });
    }
    if (d.firstReportSeconds !== undefined && d.firstReportSeconds < d.acknowledgeSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['firstReportSeconds'],
        message: 'reports before it acknowledges',
      });
    }
    const last = d.arriveSeconds ?? d.departSeconds ?? d.acknowledgeSeconds;
    if (d.completeSeconds !== undefined && d.completeSeconds < last) {
      ctx.addIssue({ code: 'custom', path: ['completeSeconds'], message: 'completes before it arrives' });
    }
  });

const PartialDeadlinesSchema = z.strictObject({
  acknowledgeSeconds: seconds.optional(),
  departSeconds: seconds.optional(),
  arriveSeconds: seconds.optional(),
  firstReportSeconds: seconds.optional(),
  completeSeconds: seconds.optional(),
});

export const PlanDefaultsSchema = z.strictObject({
  deadlines: PartialDeadlinesSchema.optional(),
  rescueTeam: PartialDeadlinesSchema.omit({ arriveSeconds: true }).optional(),
});

const capability = z.custom<Capability>(isCapability, {
  error: (issue) => `unknown capability ${JSON.stringify(issue.input)}`,
});

const incidentType = z.custom<IncidentTypeCode>(isIncidentType, {
  error: (issue) => `unknown incident type ${JSON.stringify(issue.input)}`,
});

const incidentCategory = z.custom<IncidentCategory>(
  (c) => typeof c === 'string' && Object.prototype.hasOwnProperty.call(INCIDENT_CATEGORIES, c),
  { error: (issue) => `unknown incident category ${JSON.stringify(issue.input)}` },
);

const participantBase = {
  role: z.enum(PLAN_ROLES),
  deadlines: RoleDeadlinesSchema,
  requiredCapabilities: z.array(capability).optional(),
};

export const PlanParticipantSchema = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('unit'), unitId: z.string().min(1), ...participantBase }),
  ...(['incident_township_office', 'department_of_type', 'special_hq_of_type', 'committee'] as const).map(
    (rule) => z.strictObject({ rule: z.literal(rule), ...participantBase }),
  ),
]);

const id = z.string().regex(/^\S{1,120}$/, 'an id is 1–120 characters without spaces');

export const PlanClauseSchema = z.strictObject({
  id,
  title: z.string().optional(),
  basis: z.string().optional(),
  appliesTo: z.strictObject({
    categories: z.array(incidentCategory).optional(),
    types: z.array(incidentType).optional(),
  }),
  tier: z.enum(TIERS),
  participants: z.array(PlanParticipantSchema).min(1, 'a clause names at least one participant'),
  reportUpToCity: z.boolean(),
  onRescueCircleBreach: z.array(PlanParticipantSchema).optional(),
  ladders: EscalationLaddersSchema.optional(),
  warningClauses: z.array(WarningClauseSchema).optional(),
});

/** The document minus its clauses: `validatePlan` checks each clause on its own, to list every error. */
export const PlanHeaderSchema = z.strictObject({
  planVersion: id,
  validFrom: z.iso.datetime({ offset: true }),
  title: z.string().optional(),
  clauses: z.array(z.unknown()).min(1, 'a plan has at least one clause'),
  defaults: PlanDefaultsSchema.optional(),
  ladders: EscalationLaddersSchema.optional(),
  warningClauses: z.array(WarningClauseSchema).optional(),
});

/** The whole document's shape. Cross-checks (units, leads, duplicate ids) are in `validatePlan`. */
export const TieredResponsePlanSchema = PlanHeaderSchema.extend({
  clauses: z.array(PlanClauseSchema).min(1),
});
