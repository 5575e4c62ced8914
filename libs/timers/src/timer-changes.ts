import { DeadlineTimer, DeadlineTimers, TimerRef } from './deadline-timers.port';

/** One change to the timers, as the escalator derives it from PostgreSQL's deadlines. */
export type TimerChange = { kind: 'schedule'; timer: DeadlineTimer } | { kind: 'cancel'; timer: TimerRef };

/**
 * Applies changes in their order, with consecutive schedules sent as one `scheduleAll`. Pending schedules
 * go out before any cancel, so a timer scheduled and cancelled within one batch ends cancelled.
 */
export async function applyTimerChanges(
  timers: Pick<DeadlineTimers, 'scheduleAll' | 'cancel'>,
  changes: readonly TimerChange[],
): Promise<void> {
  let pending: DeadlineTimer[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    await timers.scheduleAll(batch);
  };
  for (const change of changes) {
    if (change.kind === 'schedule') {
      pending.push(change.timer);
    } else {
      await flush();
      await timers.cancel(change.timer);
    }
  }
  await flush();
}
