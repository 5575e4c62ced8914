import { Command } from '@nestjs/cqrs';
import type { WarningDeadline } from '@erp/domain';
import type { DeadlineTimer } from '@erp/timers';

export type WarningDeadlineOutcome = 'escalated' | 'moved-on' | 'stale' | 'not-yet-due';

/** A warning task's deadline (or a step of its ladder) fell due: take the step if the task still owes it. */
export class HandleWarningDeadlineCommand extends Command<{
  outcome: WarningDeadlineOutcome;
  next: DeadlineTimer | null;
}> {
  constructor(
    readonly taskId: string,
    readonly deadline: WarningDeadline,
    readonly step: number,
  ) {
    super();
  }
}
