import { Query } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';

/** The printable incident report (突发事件处置报告), as HTML. */
export class IncidentReportQuery extends Query<string> {
  constructor(
    readonly user: SignedInUser,
    readonly incidentId: string,
  ) {
    super();
  }
}
