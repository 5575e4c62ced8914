import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  Clock,
  INCIDENT_RECORD_READ_MODEL,
  IncidentRecordReadModel,
  TIMELINE_READ_MODEL,
  TimelineReadModel,
  timelineView,
} from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { IncidentAudience, incidentNotFound } from '../incident-audience/incident-audience';
import { incidentReportHtml } from './incident-report-html';
import { IncidentReportQuery } from './incident-report.query';

@QueryHandler(IncidentReportQuery)
export class IncidentReportHandler implements IQueryHandler<IncidentReportQuery, string> {
  constructor(
    private readonly audience: IncidentAudience,
    @Inject(INCIDENT_RECORD_READ_MODEL) private readonly records: IncidentRecordReadModel,
    @Inject(TIMELINE_READ_MODEL) private readonly timelines: TimelineReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ user, incidentId }: IncidentReportQuery): Promise<string> {
    await this.audience.admit(user, incidentId);
    const [record, stored, units] = await Promise.all([
      this.records.record(incidentId),
      this.timelines.storedTimeline(incidentId),
      this.records.units(),
    ]);
    if (!record) throw incidentNotFound(incidentId);
    return incidentReportHtml({
      record,
      timeline: timelineView(stored),
      unitName: (id) => units.byId(id)?.name,
      generatedAt: this.clock.now(),
    });
  }
}
