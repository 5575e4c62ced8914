import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TIMELINE_READ_MODEL, TimelineReadModel, TimelineView, timelineView } from '@erp/domain';
import { IncidentAudience, incidentNotFound } from '../incident-audience/incident-audience';
import { IncidentTimelineQuery } from './incident-timeline.query';

@QueryHandler(IncidentTimelineQuery)
export class IncidentTimelineHandler implements IQueryHandler<IncidentTimelineQuery, TimelineView> {
  constructor(
    private readonly audience: IncidentAudience,
    @Inject(TIMELINE_READ_MODEL) private readonly timelines: TimelineReadModel,
  ) {}

  async execute({ user, incidentId }: IncidentTimelineQuery): Promise<TimelineView> {
    const { exists } = await this.audience.admit(user, incidentId);
    if (!exists) throw incidentNotFound(incidentId);
    // Verified on the way out: its chain, and against every checkpoint that sealed it.
    return timelineView(await this.timelines.storedTimeline(incidentId));
  }
}
