import { Query } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { TimelineView } from '@erp/domain';

/** The incident's audited timeline, verified on the way out, if the user may see the incident. */
export class IncidentTimelineQuery extends Query<TimelineView> {
  constructor(
    readonly user: SignedInUser,
    readonly incidentId: string,
  ) {
    super();
  }
}
