/**
 * The promises a task makes (时限): acknowledge, depart, arrive, send the first situation report, complete.
 * Each is watched from dispatch until the task moves past it; a broken one climbs its escalation ladder.
 */
export const DEADLINE_KINDS = ['ack', 'depart', 'arrive', 'firstReport', 'complete'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Each promise as duty officers name it (签收, 出发 …): timelines, reports and notifications say the same. */
export const DEADLINE_NAMES_ZH: Readonly<Record<string, string>> = {
  ack: '签收',
  depart: '出发',
  arrive: '到达',
  firstReport: '首报',
  complete: '完成',
} satisfies Record<DeadlineKind, string>;

export function isDeadlineKind(value: unknown): value is DeadlineKind {
  return typeof value === 'string' && (DEADLINE_KINDS as readonly string[]).includes(value);
}

/**
 * - `watching`: not yet due, the task has not moved past it;
 * - `met`: the task moved past it in time;
 * - `missed`: it passed first (the ladder climbs while `nextAt` is set; `metAt` set when met late);
 * - `stopped`: the task ended (declined, cancelled, completed) before it was met or missed.
 */
export type DeadlineState = 'watching' | 'met' | 'missed' | 'stopped';

/**
 * One watched deadline. Its timer is a sequence of firings numbered from 0: firing 0 is the deadline itself,
 * firing k ≥ 1 is ladder step k. `fired` counts the firings taken; the next one is due at `nextAt` (null:
 * nothing more to watch), so the live timer is always `(kind, fired)` at `nextAt`.
 */
export interface TaskDeadline {
  kind: DeadlineKind;
  dueAt: Date;
  state: DeadlineState;
  metAt: Date | null;
  missedAt: Date | null;
  fired: number;
  nextAt: Date | null;
}

/** Seconds from dispatch for each promise the plan asks of the task; `ack` always. */
export type DeadlineSeconds = { ack: number } & Partial<Record<Exclude<DeadlineKind, 'ack'>, number>>;

/** A firing more than this after it fell due is marked late (the timer store was down, or overloaded). */
export const LATE_TOLERANCE_MS = 2_000;

/** Scales seconds for drills (`DEADLINE_SCALE`, an exercise's `timeScale`), in whole milliseconds. */
export function scaledMs(seconds: number, timeScale: number): number {
  return Math.max(0, Math.round(seconds * 1000 * timeScale));
}

export function watched(kind: DeadlineKind, dueAt: Date): TaskDeadline {
  return { kind, dueAt, state: 'watching', metAt: null, missedAt: null, fired: 0, nextAt: dueAt };
}

/** The task moved past the deadline: met in time, or late (a missed one keeps its state, stops climbing). */
export function meet(d: TaskDeadline, at: Date): TaskDeadline {
  if (d.state === 'met' || d.state === 'stopped' || d.metAt) return d;
  return { ...d, state: d.state === 'missed' ? 'missed' : 'met', metAt: at, nextAt: null };
}

/** The task ended: nothing more to watch. A deadline already met or missed keeps its state. */
export function stop(d: TaskDeadline): TaskDeadline {
  if (d.state === 'watching') return { ...d, state: 'stopped', nextAt: null };
  return d.nextAt === null ? d : { ...d, nextAt: null };
}

/** The timer a deadline wants now, or null. */
export function pendingFiring(d: TaskDeadline): { ordinal: number; dueAt: Date } | null {
  return d.nextAt ? { ordinal: d.fired, dueAt: d.nextAt } : null;
}
