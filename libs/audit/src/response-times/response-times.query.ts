import { Query } from '@nestjs/cqrs';
import type { ReportGrouping, ResponseTimesReport } from '@erp/domain';
import type { SignedInUser } from '@erp/auth';

export interface ResponseTimesParams {
  from: Date;
  to: Date;
  groupBy: ReportGrouping;
  includeExercises: boolean;
  townshipCode: string | null;
}

/** The response-time report (响应时间统计) for a range, as the user may read it. */
export class ResponseTimesReportQuery extends Query<ResponseTimesReport> {
  constructor(
    readonly user: SignedInUser,
    readonly params: ResponseTimesParams,
  ) {
    super();
  }
}
