import { z } from 'zod';
import { HAZARD_KINDS, HAZARD_RESPONSIBLE_ROLES } from '../hazard/hazard-point';
import type { HazardKind, HazardResponsibleRole } from '../hazard/hazard-point';

/** What a warning's weather or hazard is, as its clauses know it. */
export const WARNING_HAZARD_TYPES = ['rainstorm', 'geological', 'flood', 'other'] as const;
export type WarningHazardType = (typeof WARNING_HAZARD_TYPES)[number];

export const WARNING_COLOURS = ['blue', 'yellow', 'orange', 'red'] as const;
export type WarningColour = (typeof WARNING_COLOURS)[number];

export const WARNING_COLOUR_NAMES: Readonly<Record<WarningColour, string>> = {
  blue: '蓝色',
  yellow: '黄色',
  orange: '橙色',
  red: '红色',
};

/** 巡查 patrol the point, 值守 stay on standby at it, 转移避险 move the threatened people out. */
export const WARNING_ACTIONS = ['patrol', 'standby', 'evacuate'] as const;
export type WarningAction = (typeof WARNING_ACTIONS)[number];

export const WARNING_ACTION_NAMES: Readonly<Record<WarningAction, string>> = {
  patrol: '巡查',
  standby: '值守',
  evacuate: '转移避险',
};

/** A warning clause's task: which action, for which responsible persons, by when (seconds from dispatch). */
export interface WarningClauseTask {
  action: WarningAction;
  to: HazardResponsibleRole;
  acknowledgeSeconds: number;
  completeSeconds: number;
}

/**
 * 预警响应条款: for warnings of these hazard types and colours, the hazard points of these kinds inside the
 * area get these tasks. Several clauses may match; a point gets each (action, person) once.
 */
export interface WarningClause {
  id: string;
  hazardTypes: WarningHazardType[];
  colours: WarningColour[];
  pointKinds: HazardKind[];
  tasks: WarningClauseTask[];
}

const GEOLOGICAL: HazardKind[] = ['landslide', 'collapse', 'debris_flow', 'ground_subsidence'];

/**
 * The sample plan's warning clauses (示例, not the bureau's text): a rainstorm or geological-hazard warning
 * puts the monitors of geological points in its area on patrol from yellow, their persons in charge on
 * standby from orange, and from red moves the people they threaten; flood points follow from orange.
 */
export const DEFAULT_WARNING_CLAUSES: readonly WarningClause[] = [
  {
    id: 'warning-geological-patrol',
    hazardTypes: ['rainstorm', 'geological'],
    colours: ['yellow', 'orange', 'red'],
    pointKinds: GEOLOGICAL,
    tasks: [{ action: 'patrol', to: 'monitor', acknowledgeSeconds: 600, completeSeconds: 7200 }],
  },
  {
    id: 'warning-geological-standby',
    hazardTypes: ['rainstorm', 'geological'],
    colours: ['orange', 'red'],
    pointKinds: GEOLOGICAL,
    tasks: [{ action: 'standby', to: 'person_in_charge', acknowledgeSeconds: 600, completeSeconds: 86_400 }],
  },
  {
    id: 'warning-geological-evacuate',
    hazardTypes: ['rainstorm', 'geological'],
    colours: ['red'],
    pointKinds: GEOLOGICAL,
    tasks: [{ action: 'evacuate', to: 'person_in_charge', acknowledgeSeconds: 300, completeSeconds: 3600 }],
  },
  {
    id: 'warning-flood-point-patrol',
    hazardTypes: ['rainstorm', 'flood'],
    colours: ['orange', 'red'],
    pointKinds: ['flood_point'],
    tasks: [{ action: 'patrol', to: 'monitor', acknowledgeSeconds: 600, completeSeconds: 7200 }],
  },
];

/** The hazard type of a warning's event (text or national eventType code); `other` when none is known. */
export function warningHazardTypeOf(event: string, eventType?: string): WarningHazardType {
  const text = `${event} ${eventType ?? ''}`;
  if (/地质灾害|滑坡|泥石流|崩塌|geolog|landslide|debris/i.test(text)) return 'geological';
  if (/暴雨|强降雨|11B03|rainstorm|heavy rain/i.test(text)) return 'rainstorm';
  if (/洪水|山洪|内涝|flood/i.test(text)) return 'flood';
  return 'other';
}

const keysOf = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const seconds = z.number().int('a whole number of seconds').positive('a positive number of seconds');

/** A warning clause as the plan document holds it (`warningClauses`), checked like the rest of the plan. */
export const WarningClauseSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a clause id: letters, digits, . _ -'),
  hazardTypes: z.array(z.enum(WARNING_HAZARD_TYPES)).min(1),
  colours: z.array(z.enum(WARNING_COLOURS)).min(1),
  pointKinds: z.array(z.enum(keysOf(HAZARD_KINDS))).min(1),
  tasks: z
    .array(
      z
        .strictObject({
          action: z.enum(WARNING_ACTIONS),
          to: z.enum(keysOf(HAZARD_RESPONSIBLE_ROLES)),
          acknowledgeSeconds: seconds,
          completeSeconds: seconds,
        })
        .refine((t) => t.completeSeconds >= t.acknowledgeSeconds, {
          message: 'completeSeconds before acknowledgeSeconds',
          path: ['completeSeconds'],
        }),
    )
    .min(1),
}) satisfies z.ZodType<WarningClause>;

/** The clauses a plan gives warnings: its own, or the sample defaults when it has none. */
export function warningClausesOf(plan: { warningClauses?: readonly WarningClause[] } | null | undefined) {
  return plan?.warningClauses ?? DEFAULT_WARNING_CLAUSES;
}
