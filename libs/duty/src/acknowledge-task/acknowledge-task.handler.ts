import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError, TaskState } from '@erp/domain';
import { TaskRepository, UnitOfWork } from '@erp/persistence';
import { CLOCK } from '@erp/platform';
import { AcknowledgeTaskCommand } from './acknowledge-task.command';

/** 签收: a duty officer of the task's unit acknowledges it; the timer goes when TaskAcknowledged is seen. */
@CommandHandler(AcknowledgeTaskCommand)
export class AcknowledgeTaskHandler implements ICommandHandler<AcknowledgeTaskCommand, TaskState> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ taskId, user }: AcknowledgeTaskCommand): Promise<TaskState> {
    return this.unitOfWork.run(async (tx) => {
      const task = await TaskRepository.getForUpdate(tx.manager, taskId);
      if (!task) throw new DomainError('TASK.NOT_FOUND', 'not_found', `no task ${taskId}`);
      const now = this.clock.now();
      task.acknowledge(
        { userId: user.userId, username: user.username, unitIds: user.unitId ? [user.unitId] : [] },
        now,
      );
      await TaskRepository.save(tx.manager, task);
      await tx.record(
        task.pullEvents(),
        {
          actor: { kind: 'user', id: user.userId, name: user.username, unitId: user.unitId ?? undefined },
          correlationId: task.snapshot().incidentId,
          causationId: null,
        },
        now,
      );
      return task.snapshot();
    });
  }
}
