import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  Clock,
  DEFAULT_WARNING_CLAUSES,
  endWarning,
  isWarningExpired,
  planWarningTasks,
  standDownWarningTasks,
  UnitOfWork,
  warningEnded,
} from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { WARNING_EXPIRY } from '@erp/timers';
import { timerCausation } from '../timer-causation';
import { EndExpiredWarningCommand, ExpiryOutcome } from './end-expired-warning.command';

@CommandHandler(EndExpiredWarningCommand)
export class EndExpiredWarningHandler implements ICommandHandler<EndExpiredWarningCommand> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({
    warningId,
    revision,
  }: EndExpiredWarningCommand): Promise<{ outcome: ExpiryOutcome; tasksStoodDown: number }> {
    return this.unitOfWork.run(async (tx) => {
      const warning = await tx.warnings.get(warningId, { forUpdate: true });
      if (!warning || warning.status === 'ended') return { outcome: 'already-ended', tasksStoodDown: 0 };
      if (warning.revision !== revision) return { outcome: 'moved', tasksStoodDown: 0 };
      const now = this.clock.now();
      if (!isWarningExpired(warning, now)) return { outcome: 'not-yet-due', tasksStoodDown: 0 };
      const ended = { ...endWarning(warning, 'expired', now)!, revision: warning.revision + 1 };
      await tx.warnings.update(ended);
      const tasks = await tx.warnings.tasksOf(warningId);
      const plan = planWarningTasks(ended, tasks, [], DEFAULT_WARNING_CLAUSES, now);
      const stoodDown = await standDownWarningTasks(tx.warnings, plan, tasks, now);
      await tx.record(
        [warningEnded(ended), ...stoodDown],
        timerCausation(warningId, { taskId: warningId, deadline: WARNING_EXPIRY, ordinal: revision }),
        now,
      );
      return { outcome: 'ended', tasksStoodDown: stoodDown.length };
    });
  }
}
