import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainEvent } from '@erp/contracts';
import {
  Clock,
  DomainError,
  Task,
  teamStatusChanged,
  teamStatusWithTask,
  Transaction,
  UnitOfWork,
} from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { actingOfficer, userCausation } from '@erp/auth';
import { taskView, TaskView } from '../my-tasks/task-view';
import { MoveTaskCommand, StageMove } from './move-task.command';

/**
 * 签收、出发、到达、完成、拒绝: an officer moves a task to its next stage. The task row is locked, the move
 * checked by the task's own rules (409 with what is allowed otherwise), and a rescue team's status moves
 * with its task in the same transaction. The timers follow from the deadlines saved here.
 */
@CommandHandler(MoveTaskCommand)
export class MoveTaskHandler implements ICommandHandler<MoveTaskCommand, TaskView> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ taskId, move, user, reason }: MoveTaskCommand): Promise<TaskView> {
    return this.unitOfWork.run(async (tx) => {
      const task = await tx.tasks.getForUpdate(taskId);
      if (!task) throw new DomainError('TASK.NOT_FOUND', 'not_found', `无此任务 no task ${taskId}`);
      const registry = await tx.structure.registry();
      const officer = actingOfficer(user, registry);
      const now = this.clock.now();
      apply(task, move, officer, now, reason ?? '');
      await tx.tasks.save(task);
      const s = task.snapshot();
      const events: DomainEvent[] = task.pullEvents();
      if (registry.byId(s.unitId)?.kind === 'rescue_team') {
        const moved = await moveTeam(tx, s.unitId, move);
        if (moved) events.push(teamStatusChanged(s.unitId, moved.from, moved.to, s.incidentId, moved.reason));
      }
      await tx.record(events, userCausation(user, s.incidentId), now);
      return taskView(s, registry.byId(s.unitId)?.name ?? null);
    });
  }
}

function apply(
  task: Task,
  move: StageMove,
  officer: Parameters<Task['acknowledge']>[0],
  at: Date,
  reason: string,
) {
  switch (move) {
    case 'acknowledge':
      return task.acknowledge(officer, at);
    case 'depart':
      return task.depart(officer, at);
    case 'arrive':
      return task.arrive(officer, at);
    case 'complete':
      return task.complete(officer, at);
    case 'decline':
      return task.decline(officer, at, reason);
  }
}

/** The team's status follows its task where that is a legal move; a team moved by hand meanwhile stays. */
async function moveTeam(tx: Transaction, teamId: string, move: StageMove) {
  const from = await tx.teams.statusOf(teamId);
  const next = from ? teamStatusWithTask(move, from) : null;
  if (!from || !next || !(await tx.teams.setStatus(teamId, from, next.to))) return null;
  return { from, to: next.to, reason: next.reason };
}
