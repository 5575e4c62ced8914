import { Query } from '@nestjs/cqrs';
import { SignedInUser } from '@erp/auth';

/** An incident with its alarms, tasks and reports, as a console shows it; 404 for one the user may not see. */
export class IncidentDetailQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly user: SignedInUser,
    readonly incidentId: string,
  ) {
    super();
  }
}
