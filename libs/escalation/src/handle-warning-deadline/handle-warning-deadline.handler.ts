import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  Clock,
  UnitIds,
  UnitOfWork,
  WARNING_TASK_LADDER,
  warningDeadlineOpen,
  warningLadderDueAt,
  WarningEscalation,
  warningTaskEscalated,
} from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { DeadlineTimer, WARNING_TASK_TIMERS } from '@erp/timers';
import { timerCausation } from '../timer-causation';
import { HandleWarningDeadlineCommand, WarningDeadlineOutcome } from './handle-warning-deadline.command';

/**
 * 预警任务超时: the step is taken once (conditional on the steps taken so far), recorded on the task with
 * whom it reaches, and the next step's timer returned; the ladder stops the moment the task moves on.
 */
@CommandHandler(HandleWarningDeadlineCommand)
export class HandleWarningDeadlineHandler implements ICommandHandler<HandleWarningDeadlineCommand> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({
    taskId,
    deadline,
    step,
  }: HandleWarningDeadlineCommand): Promise<{ outcome: WarningDeadlineOutcome; next: DeadlineTimer | null }> {
    return this.unitOfWork.run(async (tx) => {
      const task = await tx.warnings.task(taskId, { forUpdate: true });
      if (!task || !warningDeadlineOpen(task, deadline)) return { outcome: 'moved-on', next: null };
      const taken = deadline === 'ack' ? task.ackSteps : task.completeSteps;
      const due = warningLadderDueAt(task, deadline, step);
      if (taken !== step || !due) return { outcome: 'stale', next: null };
      const now = this.clock.now();
      if (due.getTime() > now.getTime()) return { outcome: 'not-yet-due', next: null };
      const { action } = WARNING_TASK_LADDER[step];
      let target = task.assigneeUserName;
      if (action === 'notify_township_office') target = UnitIds.townshipOffice(task.townshipCode);
      if (action === 'notify_person_in_charge') {
        const point = await tx.hazardPoints.get(task.hazardPointId);
        const inCharge = point?.responsiblePersons.find((p) => p.role === 'person_in_charge');
        target = inCharge?.userName ?? UnitIds.townshipOffice(task.townshipCode);
      }
      const escalation: WarningEscalation = { deadline, step, action, target, at: now.toISOString() };
      if (!(await tx.warnings.escalate(taskId, escalation))) return { outcome: 'stale', next: null };
      await tx.record(
        [warningTaskEscalated(task, escalation)],
        timerCausation(task.warningId, { taskId, deadline: WARNING_TASK_TIMERS[deadline], ordinal: step }),
        now,
      );
      const nextDue = warningLadderDueAt(task, deadline, step + 1);
      return {
        outcome: 'escalated',
        next: nextDue
          ? { taskId, deadline: WARNING_TASK_TIMERS[deadline], ordinal: step + 1, dueAt: nextDue }
          : null,
      };
    });
  }
}
