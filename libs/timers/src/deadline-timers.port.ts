export type DeadlineKind = 'ack';

/** A deadline to watch: when `dueAt` passes, the escalator re-reads the task and decides. */
export interface DeadlineTimer {
  taskId: string;
  deadline: DeadlineKind;
  dueAt: Date;
}

/**
 * Deterministic timer id, so scheduling twice is one timer and cancelling needs no lookup.
 * (BullMQ refuses ':' in custom ids, hence dots rather than the `task:<id>:…` form.)
 */
export function timerId(taskId: string, deadline: DeadlineKind): string {
  return `task.${taskId}.${deadline}-deadline`;
}

export type DueHandler = (timer: DeadlineTimer) => Promise<void>;

export interface DeadlineTimers {
  readonly backend: 'redis' | 'postgres';
  /** Starts the worker that calls `onDue` when a timer fires (at least once, survives restarts). */
  start(onDue: DueHandler): Promise<void>;
  /** Idempotent: a timer with the same task and deadline is scheduled once. */
  schedule(timer: DeadlineTimer): Promise<void>;
  /**
   * Many timers in one round trip, each idempotent as `schedule` (the first of two with the same id in one
   * call wins, as it would one by one).
   */
  scheduleAll(timers: readonly DeadlineTimer[]): Promise<void>;
  cancel(taskId: string, deadline: DeadlineKind): Promise<void>;
  /** Ids of timers waiting to fire (for tests and the health view). */
  pending(): Promise<string[]>;
  isHealthy(): Promise<boolean>;
  stop(): Promise<void>;
}

export const DEADLINE_TIMERS = Symbol('DeadlineTimers');
