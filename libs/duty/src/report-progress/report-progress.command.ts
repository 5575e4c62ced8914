import { Command } from '@nestjs/cqrs';
import { SituationReport } from '@erp/domain';
import { SignedInUser } from '@erp/auth';

/** 情况报告: what a unit on a task reports, with figures that may re-grade the incident. */
export class ReportProgressCommand extends Command<{ reportId: string; taskId: string; first: boolean }> {
  constructor(
    readonly taskId: string,
    readonly report: Omit<SituationReport, 'reportId'>,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
