import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError, UnitOfWork } from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { actingOfficer, userCausation } from '@erp/auth';
import { ReportProgressCommand } from './report-progress.command';

/**
 * A situation report on a task: kept, the task's first-report deadline met by the first one, and TaskReported
 * published; its casualty and loss figures re-grade the incident like an alarm's would (the dispatcher,
 * which owns classification, takes them from the event).
 */
@CommandHandler(ReportProgressCommand)
export class ReportProgressHandler implements ICommandHandler<ReportProgressCommand> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ taskId, report, user }: ReportProgressCommand) {
    return this.unitOfWork.run(async (tx) => {
      const task = await tx.tasks.getForUpdate(taskId);
      if (!task) throw new DomainError('TASK.NOT_FOUND', 'not_found', `无此任务 no task ${taskId}`);
      const officer = actingOfficer(user, await tx.structure.registry());
      const now = this.clock.now();
      const reportId = randomUUID();
      const first = task.snapshot().firstReportAt === null;
      task.report(officer, now, { reportId, ...report });
      const s = task.snapshot();
      await tx.tasks.save(task);
      await tx.taskReports.insert({
        id: reportId,
        taskId,
        incidentId: s.incidentId,
        reportedAt: now,
        reportedBy: user.username,
        text: report.text,
        casualties: report.casualties ?? null,
        economicLossCny: report.economicLossCny ?? null,
      });
      await tx.record(task.pullEvents(), userCausation(user, s.incidentId), now);
      return { reportId, taskId, first };
    });
  }
}
