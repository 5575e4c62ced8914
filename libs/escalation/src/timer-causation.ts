import { SYSTEM_ACTOR } from '@erp/contracts';
import type { Causation } from '@erp/domain';
import type { TimerRef } from '@erp/timers';

/** The escalator's consumer group, and who the facts of its timers are by. */
export const ESCALATOR = 'escalator';

/** What a timer's firing records: by the escalator, answering that timer (the audit shows which). */
export function timerCausation(correlationId: string, timer: TimerRef): Causation {
  return {
    actor: SYSTEM_ACTOR(ESCALATOR),
    correlationId,
    causationId: `timer:${timer.taskId}:${timer.deadline}:${timer.ordinal}`,
  };
}
