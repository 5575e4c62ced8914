import type { DeadlineKind } from '@erp/domain';

/**
 * One firing of a watched deadline: firing 0 is the deadline itself, firing k the k-th step of its ladder.
 * When `dueAt` passes, the escalator re-reads the task and decides.
 */
export interface DeadlineTimer {
  /** The task's id; for a warning's expiry, the warning's. */
  taskId: string;
  deadline: DeadlineKind | WarningTimerKind;
  ordinal: number;
  dueAt: Date;
}

/**
 * A warning's expiry rides the same timers (one store, one reconciler): `taskId` holds the warning id and
 * `ordinal` its revision, so an Update that moves the expiry is a timer of its own and the old one is stray.
 */
export const WARNING_EXPIRY = 'warning-expiry';

/** A warning task's deadlines: `taskId` the warning task's id, `ordinal` the ladder step. */
export const WARNING_TASK_TIMERS = { ack: 'warning-ack', complete: 'warning-complete' } as const;

export type WarningTimerKind =
  typeof WARNING_EXPIRY | (typeof WARNING_TASK_TIMERS)[keyof typeof WARNING_TASK_TIMERS];

/** The warning task deadline a timer watches, or undefined for any other timer. */
export function warningTaskDeadlineOf(deadline: DeadlineTimer['deadline']): 'ack' | 'complete' | undefined {
  return deadline === WARNING_TASK_TIMERS.ack
    ? 'ack'
    : deadline === WARNING_TASK_TIMERS.complete
      ? 'complete'
      : undefined;
}

export type TimerRef = Pick<DeadlineTimer, 'taskId' | 'deadline' | 'ordinal'>;

/**
 * Deterministic timer id, so scheduling twice is one timer and cancelling needs no lookup; the ordinal makes
 * each ladder step its own timer. (BullMQ refuses ':' in custom ids, hence dots rather than `task:<id>:…`.)
 */
export function timerId(t: TimerRef): string {
  return `task.${t.taskId}.${t.deadline}-deadline.${t.ordinal}`;
}

export const TIMER_ID_PREFIX = 'task.';

export type DueHandler = (timer: DeadlineTimer) => Promise<void>;

export interface DeadlineTimers {
  readonly backend: 'redis' | 'postgres';
  /** Starts the worker that calls `onDue` when a timer fires (at least once, survives restarts). */
  start(onDue: DueHandler): Promise<void>;
  /** Idempotent: a timer with the same id is scheduled once. */
  schedule(timer: DeadlineTimer): Promise<void>;
  /**
   * Many timers in one round trip, each idempotent as `schedule` (the first of two with the same id in one
   * call wins, as it would one by one).
   */
  scheduleAll(timers: readonly DeadlineTimer[]): Promise<void>;
  cancel(timer: TimerRef): Promise<void>;
  /** Removes timers by id (absent ones and those already firing are left). */
  removeAll(ids: readonly string[]): Promise<void>;
  /** Ids of timers waiting to fire or firing now: what the reconciler holds against PostgreSQL. */
  pendingIds(): Promise<Set<string>>;
  isHealthy(): Promise<boolean>;
  stop(): Promise<void>;
}

export const DEADLINE_TIMERS = Symbol('DeadlineTimers');
