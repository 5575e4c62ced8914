import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { userCausation } from '@erp/auth';
import {
  Clock,
  DomainError,
  moveWarningTask,
  UnitOfWork,
  WarningTaskRecord,
  warningTaskMoved,
} from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { MoveWarningTaskCommand } from './move-warning-task.command';

@CommandHandler(MoveWarningTaskCommand)
export class MoveWarningTaskHandler implements ICommandHandler<MoveWarningTaskCommand, WarningTaskRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ taskId, move, user }: MoveWarningTaskCommand): Promise<WarningTaskRecord> {
    return this.unitOfWork.run(async (tx) => {
      const task = await tx.warnings.task(taskId, { forUpdate: true });
      if (!task) {
        throw new DomainError(
          'WARNING_TASK.NOT_FOUND',
          'not_found',
          `无此预警任务 no warning task ${taskId}`,
        );
      }
      if (user.role !== 'commander' && user.username !== task.assigneeUserName) {
        throw new DomainError(
          'WARNING_TASK.NOT_YOURS',
          'forbidden',
          `此任务属于 ${task.assigneeName}（${task.assigneeUserName}） this task is ${task.assigneeUserName}'s`,
        );
      }
      const now = this.clock.now();
      const moved = moveWarningTask(task, move, now);
      await tx.warnings.saveTask(moved);
      await tx.record(warningTaskMoved(moved), userCausation(user, task.warningId), now);
      return moved;
    });
  }
}
