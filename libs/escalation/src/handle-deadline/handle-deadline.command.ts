import { Command } from '@nestjs/cqrs';
import type { DeadlineKind } from '@erp/domain';
import type { DeadlineTimer } from '@erp/timers';

export type DeadlineOutcome = 'missed' | 'escalated' | 'ladder-ended' | 'moved-on' | 'not-yet-due';

/** A deadline timer fired: firing `ordinal` of the task's `deadline`. */
export class HandleDeadlineCommand extends Command<{ outcome: DeadlineOutcome; next: DeadlineTimer | null }> {
  constructor(
    readonly taskId: string,
    readonly deadline: DeadlineKind,
    readonly ordinal: number,
  ) {
    super();
  }
}
