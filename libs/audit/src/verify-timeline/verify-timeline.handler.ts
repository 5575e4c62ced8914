import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TIMELINE_READ_MODEL, TimelineReadModel, verifyTimeline } from '@erp/domain';
import { IncidentAudience, incidentNotFound } from '../incident-audience/incident-audience';
import { TimelineVerificationView, VerifyTimelineQuery } from './verify-timeline.query';

@QueryHandler(VerifyTimelineQuery)
export class VerifyTimelineHandler implements IQueryHandler<VerifyTimelineQuery, TimelineVerificationView> {
  constructor(
    private readonly audience: IncidentAudience,
    @Inject(TIMELINE_READ_MODEL) private readonly timelines: TimelineReadModel,
  ) {}

  async execute({ user, incidentId }: VerifyTimelineQuery): Promise<TimelineVerificationView> {
    const { exists } = await this.audience.admit(user, incidentId);
    const stored = await this.timelines.storedTimeline(incidentId);
    // An incident removed with its whole trail is still known to the checkpoints that sealed it.
    if (!exists && !stored.entries.length && !stored.sealed.links.length) throw incidentNotFound(incidentId);
    return { incidentId, ...verifyTimeline(stored.entries, stored.sealed) };
  }
}
