import { Command } from '@nestjs/cqrs';

export type ExpiryOutcome = 'ended' | 'not-yet-due' | 'already-ended' | 'moved';

/** 预警到期: the expiry timer of a warning fired; end it if it is still due, and stand its open tasks down. */
export class EndExpiredWarningCommand extends Command<{ outcome: ExpiryOutcome; tasksStoodDown: number }> {
  constructor(
    readonly warningId: string,
    /** The warning's revision the timer was set for: an Update since has its own timer. */
    readonly revision: number,
  ) {
    super();
  }
}
