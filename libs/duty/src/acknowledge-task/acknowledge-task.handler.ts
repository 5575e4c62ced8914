import { Inject } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError, TaskState } from '@erp/domain';
import { CommandStructureSnapshots, TaskRepository, UnitOfWork } from '@erp/persistence';
import { CLOCK } from '@erp/platform';
import { AcknowledgeTaskCommand } from './acknowledge-task.command';

/**
 * 签收: a duty officer of the task's unit acknowledges it; the timer goes when TaskAcknowledged is seen. A
 * rescue team's task may also be acknowledged by the officers of the unit the team answers to (a township
 * team's by its township office, a district team's by the command room): teams often have no console.
 */
@CommandHandler(AcknowledgeTaskCommand)
export class AcknowledgeTaskHandler implements ICommandHandler<AcknowledgeTaskCommand, TaskState> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly structure: CommandStructureSnapshots,
  ) {}

  async execute({ taskId, user }: AcknowledgeTaskCommand): Promise<TaskState> {
    return this.unitOfWork.run(async (tx) => {
      const task = await TaskRepository.getForUpdate(tx.manager, taskId);
      if (!task) throw new DomainError('TASK.NOT_FOUND', 'not_found', `no task ${taskId}`);
      const now = this.clock.now();
      const unitIds = user.unitId ? [user.unitId, ...(await this.teamsUnder(tx.manager, user.unitId))] : [];
      task.acknowledge({ userId: user.userId, username: user.username, unitIds }, now);
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

  private async teamsUnder(m: EntityManager, unitId: string): Promise<string[]> {
    const registry = await this.structure.registry(m);
    return registry.units.filter((u) => u.kind === 'rescue_team' && u.parentId === unitId).map((u) => u.id);
  }
}
