import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  ReadStore,
  TIMELINE_READ_MODEL,
  TimelineReadModel,
  TimelineView,
  timelineView,
  warningNotFound,
} from '@erp/domain';
import { WarningTimelineQuery } from './warning-timeline.query';

@QueryHandler(WarningTimelineQuery)
export class WarningTimelineHandler implements IQueryHandler<WarningTimelineQuery, TimelineView> {
  constructor(
    private readonly store: ReadStore,
    @Inject(TIMELINE_READ_MODEL) private readonly timelines: TimelineReadModel,
  ) {}

  async execute({ warningId }: WarningTimelineQuery): Promise<TimelineView> {
    if (!(await this.store.warnings.get(warningId))) throw warningNotFound(warningId);
    // Its facts and notices are chained under the warning's id, as an incident's are under its own.
    return timelineView(await this.timelines.storedTimeline(warningId));
  }
}
