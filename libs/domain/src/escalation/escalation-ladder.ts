import { z } from 'zod';
import { DEADLINE_KINDS, DeadlineKind } from '../task/task-deadline';

/**
 * What a ladder step does when a deadline stays broken (逐级上报):
 * - `renotify`: tell the same unit again (its on-duty roster members);
 * - `notify_leader`: tell the unit's on-duty leader (head or deputy, from its roster);
 * - `task_unit`: task a unit of the next tier to supervise (the command room, the special HQ of the
 *   incident's type, the committee, or a named unit);
 * - `dispatch_next_team`: send the next nearest available team with the task's capabilities;
 * - `report_to_city`: report the incident up to the city (上报市级).
 */
export const ESCALATION_ACTIONS = [
  'renotify',
  'notify_leader',
  'task_unit',
  'dispatch_next_team',
  'report_to_city',
] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

export const ESCALATION_TARGETS = ['command_room', 'special_hq_of_type', 'committee', 'unit'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export interface LadderStep {
  /** Seconds to wait after the step before (the first step: after the deadline itself). */
  afterSeconds: number;
  action: EscalationAction;
  /** `task_unit` only: which unit. */
  target?: EscalationTarget;
  /** `task_unit` with target `unit`. */
  unitId?: string;
  /** `task_unit` only: how long the tasked unit has to acknowledge (default 300 s). */
  acknowledgeSeconds?: number;
}

export interface LadderSpec {
  steps: LadderStep[];
  /** How many more times the last step is taken, each after its wait. */
  repeatLast?: number;
}

/** A ladder per deadline kind; a kind without one is recorded as missed and climbs nothing. */
export type EscalationLadders = Partial<Record<DeadlineKind, LadderSpec>>;

/** A tasked unit acknowledges within this when its step does not say. */
export const DEFAULT_ESCALATION_ACK_SECONDS = 300;

const waitSeconds = z.number().int('a whole number of seconds').min(0, 'a wait is 0 seconds or more');
const ackSeconds = z.number().int('a whole number of seconds').positive('a deadline is positive');

export const LadderStepSchema = z
  .strictObject({
    afterSeconds: waitSeconds,
    action: z.enum(ESCALATION_ACTIONS),
    target: z.enum(ESCALATION_TARGETS).optional(),
    unitId: z.string().min(1).optional(),
    acknowledgeSeconds: ackSeconds.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.action === 'task_unit' && !s.target) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'task_unit needs a target' });
    }
    if (s.action !== 'task_unit') {
      for (const key of ['target', 'unitId', 'acknowledgeSeconds'] as const) {
        if (s[key] !== undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: `only a task_unit step has ${key}` });
      }
    }
    if (s.target === 'unit' && !s.unitId) {
      ctx.addIssue({ code: 'custom', path: ['unitId'], message: 'target unit needs a unitId' });
    }
    if (s.target !== undefined && s.target !== 'unit' && s.unitId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['unitId'], message: 'unitId goes with target unit only' });
    }
  });

export const LadderSpecSchema = z.strictObject({
  steps: z.array(LadderStepSchema).min(1, 'a ladder has at least one step'),
  repeatLast: z.number().int().min(0).max(100, 'at most 100 repeats').optional(),
});

export const EscalationLaddersSchema = z.strictObject(
  Object.fromEntries(DEADLINE_KINDS.map((k) => [k, LadderSpecSchema.optional()])) as Record<
    DeadlineKind,
    z.ZodOptional<typeof LadderSpecSchema>
  >,
);

/** One kind's ladder: `step(k)` is the k-th step (1-based), the last one repeated `repeatLast` times. */
export class EscalationLadder {
  private readonly steps: readonly LadderStep[];
  private readonly repeatLast: number;

  constructor(spec: LadderSpec) {
    if (spec.steps.length === 0) throw new Error('an escalation ladder needs at least one step');
    this.steps = spec.steps;
    this.repeatLast = spec.repeatLast ?? 0;
  }

  /** The k-th step (k ≥ 1), or null past the top. */
  step(k: number): LadderStep | null {
    if (!Number.isInteger(k) || k < 1) return null;
    if (k <= this.steps.length) return this.steps[k - 1];
    if (k <= this.steps.length + this.repeatLast) return this.steps[this.steps.length - 1];
    return null;
  }

  get length(): number {
    return this.steps.length + this.repeatLast;
  }
}

const MIN = 60;

/**
 * The ladders a plan without its own gets (the sample plan's): each broken promise is told again at once,
 * then climbs to the unit's leader and the district command room, waiting between steps.
 */
export const DEFAULT_LADDERS: EscalationLadders = {
  ack: {
    steps: [
      { afterSeconds: 0, action: 'renotify' },
      { afterSeconds: 2 * MIN, action: 'notify_leader' },
      { afterSeconds: 3 * MIN, action: 'task_unit', target: 'command_room', acknowledgeSeconds: 5 * MIN },
      { afterSeconds: 10 * MIN, action: 'task_unit', target: 'committee', acknowledgeSeconds: 10 * MIN },
    ],
  },
  depart: {
    steps: [
      { afterSeconds: 0, action: 'renotify' },
      { afterSeconds: 3 * MIN, action: 'notify_leader' },
      { afterSeconds: 5 * MIN, action: 'task_unit', target: 'command_room', acknowledgeSeconds: 5 * MIN },
    ],
  },
  arrive: {
    steps: [
      { afterSeconds: 0, action: 'dispatch_next_team' },
      { afterSeconds: 2 * MIN, action: 'task_unit', target: 'command_room', acknowledgeSeconds: 2 * MIN },
      { afterSeconds: 5 * MIN, action: 'renotify' },
    ],
    repeatLast: 3,
  },
  firstReport: {
    steps: [
      { afterSeconds: 0, action: 'renotify' },
      { afterSeconds: 10 * MIN, action: 'notify_leader' },
      { afterSeconds: 10 * MIN, action: 'task_unit', target: 'command_room', acknowledgeSeconds: 5 * MIN },
    ],
  },
  complete: {
    steps: [
      { afterSeconds: 0, action: 'notify_leader' },
      { afterSeconds: 30 * MIN, action: 'task_unit', target: 'command_room', acknowledgeSeconds: 10 * MIN },
    ],
  },
};
