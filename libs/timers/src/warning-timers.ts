import { WarningTaskRecord, warningDeadlineOpen, warningLadderDueAt } from '@erp/domain';
import { DeadlineTimer, WARNING_EXPIRY, WARNING_TASK_TIMERS } from './deadline-timers.port';

/**
 * The timers a warning task wants now: the next ladder step of each deadline it still owes (none past the
 * ladder's end). One builder for the warning's writer and the reconciler, so both want the same timers.
 */
export function warningTaskTimers(
  task: Pick<
    WarningTaskRecord,
    'id' | 'status' | 'acknowledgeDueAt' | 'completeDueAt' | 'ackSteps' | 'completeSteps'
  >,
): DeadlineTimer[] {
  return (['ack', 'complete'] as const).flatMap((deadline) => {
    if (!warningDeadlineOpen(task, deadline)) return [];
    const step = deadline === 'ack' ? task.ackSteps : task.completeSteps;
    const dueAt = warningLadderDueAt(task, deadline, step);
    return dueAt ? [{ taskId: task.id, deadline: WARNING_TASK_TIMERS[deadline], ordinal: step, dueAt }] : [];
  });
}

/** A warning's expiry timer at its revision: an Update that moves the expiry makes the old one stray. */
export function warningExpiryTimer(expiry: {
  warningId: string;
  revision: number;
  expiresAt: Date;
}): DeadlineTimer {
  return {
    taskId: expiry.warningId,
    deadline: WARNING_EXPIRY,
    ordinal: expiry.revision,
    dueAt: expiry.expiresAt,
  };
}
