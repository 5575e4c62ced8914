import { Command } from '@nestjs/cqrs';

export type DeadlineOutcome = 'escalated' | 'missed' | 'moved-on' | 'not-yet-due';

export class HandleAckDeadlineCommand extends Command<DeadlineOutcome> {
  constructor(readonly taskId: string) {
    super();
  }
}
