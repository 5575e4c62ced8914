import { Query } from '@nestjs/cqrs';
import type { TimelineView } from '@erp/domain';
import { SignedInUser } from '../auth/access-token';

/** An incident with its alarms, tasks and reports, as a console shows it; 404 for one the user may not see. */
export class IncidentDetailQuery extends Query<Record<string, unknown>> {
  constructor(
    readonly user: SignedInUser,
    readonly incidentId: string,
  ) {
    super();
  }
}

/** The incident's audited timeline, if the user may see the incident. */
export class IncidentTimelineQuery extends Query<TimelineView> {
  constructor(
    readonly user: SignedInUser,
    readonly incidentId: string,
  ) {
    super();
  }
}
