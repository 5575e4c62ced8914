import { Stores, WatchedDeadlineCursor } from '@erp/domain';
import { DeadlineTimer, DeadlineTimers, timerId, warningExpiryTimer, warningTaskTimers } from '@erp/timers';

/** Deadlines read per page, and timers scheduled per round trip. */
const PAGE = 5_000;
const CHUNK = 500;

export interface Reconciliation {
  /** Timers PostgreSQL wants pending. */
  wanted: number;
  /** Of those, missing from the store and scheduled now (the store lost them, or they were never set). */
  restored: number;
  /** Timers in the store no deadline wants any more, removed. */
  removed: number;
  durationMs: number;
}

/**
 * Holds the timer store to PostgreSQL: every deadline with a `next_at` gets its timer, every timer without
 * such a deadline goes. The store's ids are read BEFORE PostgreSQL, so a timer scheduled in between (after
 * a step) is never taken for a stray one; a missing one scheduled twice is one timer (deterministic ids).
 */
export async function reconcileTimers(stores: Stores, timers: DeadlineTimers): Promise<Reconciliation> {
  const started = Date.now();
  const pending = await timers.pendingIds();
  const wanted = new Map<string, DeadlineTimer>();
  for (let after: WatchedDeadlineCursor | null = null; ;) {
    const page = await stores.tasks.pendingDeadlines(after, PAGE);
    for (const d of page) {
      const timer = { taskId: d.taskId, deadline: d.kind, ordinal: d.fired, dueAt: d.nextAt! };
      wanted.set(timerId(timer), timer);
    }
    if (page.length < PAGE) break;
    const last = page[page.length - 1];
    after = { nextAt: last.nextAt!, taskId: last.taskId, kind: last.kind };
  }
  // Each active warning's expiry, and each open warning task's next ladder step per deadline it owes.
  for (const w of await stores.warnings.pendingExpiries()) {
    const timer = warningExpiryTimer(w);
    wanted.set(timerId(timer), timer);
  }
  for (const t of await stores.warnings.pendingTaskDeadlines()) {
    for (const timer of warningTaskTimers(t)) wanted.set(timerId(timer), timer);
  }
  const missing = [...wanted].filter(([id]) => !pending.has(id)).map(([, t]) => t);
  for (let i = 0; i < missing.length; i += CHUNK) await timers.scheduleAll(missing.slice(i, i + CHUNK));
  const stray = [...pending].filter((id) => !wanted.has(id));
  await timers.removeAll(stray);
  return {
    wanted: wanted.size,
    restored: missing.length,
    removed: stray.length,
    durationMs: Date.now() - started,
  };
}
