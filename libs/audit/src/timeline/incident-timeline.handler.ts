import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { incidentNotFound, maySeeIncident } from '@erp/auth';
import { ReadStore } from '@erp/domain';
import { IncidentTimelineQuery, readTimeline, TimelineView } from './timeline.query';

@QueryHandler(IncidentTimelineQuery)
export class IncidentTimelineHandler implements IQueryHandler<IncidentTimelineQuery, TimelineView> {
  constructor(private readonly store: ReadStore) {}

  async execute({ user, incidentId }: IncidentTimelineQuery): Promise<TimelineView> {
    const registry = await this.store.structure.registry();
    const incident = await this.store.incidents.find(incidentId);
    if (!incident || !(await maySeeIncident(this.store, user, incidentId, registry)))
      throw incidentNotFound(incidentId);
    return readTimeline(this.store, incidentId);
  }
}
