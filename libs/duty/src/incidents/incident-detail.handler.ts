import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { TIMELINE_READ_MODEL, TimelineReadModel, TimelineView, timelineView } from '@erp/domain';
import {
  AlarmRepository,
  CommandStructureSnapshots,
  IncidentRepository,
  TaskReportRepository,
  TaskRepository,
} from '@erp/persistence';
import { taskView } from '../my-tasks/task-view';
import { IncidentDetailQuery, IncidentTimelineQuery } from './incident-detail.query';
import { incidentNotFound, maySeeIncident } from './incident-access';

@QueryHandler(IncidentDetailQuery)
export class IncidentDetailHandler implements IQueryHandler<IncidentDetailQuery> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly structure: CommandStructureSnapshots,
  ) {}

  async execute({ user, incidentId }: IncidentDetailQuery) {
    const m = this.dataSource.manager;
    const registry = await this.structure.registry(m);
    const incident = await IncidentRepository.find(m, incidentId);
    if (!incident || !(await maySeeIncident(m, user, incidentId, registry)))
      throw incidentNotFound(incidentId);
    const [tasks, alarms, reports] = await Promise.all([
      TaskRepository.listByIncident(m, incidentId),
      AlarmRepository.listByIncident(m, incidentId),
      TaskReportRepository.listByIncident(m, incidentId),
    ]);
    const { anchor: _anchor, facts, ...shown } = incident;
    return {
      ...shown,
      facts,
      alarmIds: alarms.map((a) => a.id),
      alarms: alarms.map((a) => ({
        id: a.id,
        source: a.source,
        type: a.type,
        occurredAt: a.occurredAt,
        receivedAt: a.receivedAt,
        description: a.description,
        location: a.location,
        reporter: a.reporter,
      })),
      tasks: tasks.map((t) => taskView(t, registry.byId(t.unitId)?.name ?? null)),
      reports,
    };
  }
}

@QueryHandler(IncidentTimelineQuery)
export class IncidentTimelineHandler implements IQueryHandler<IncidentTimelineQuery, TimelineView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly structure: CommandStructureSnapshots,
    @Inject(TIMELINE_READ_MODEL) private readonly timelines: TimelineReadModel,
  ) {}

  async execute({ user, incidentId }: IncidentTimelineQuery): Promise<TimelineView> {
    const m = this.dataSource.manager;
    const registry = await this.structure.registry(m);
    const incident = await IncidentRepository.find(m, incidentId);
    if (!incident || !(await maySeeIncident(m, user, incidentId, registry)))
      throw incidentNotFound(incidentId);
    // Verified on the way out: its chain, and against every checkpoint that sealed it.
    return timelineView(await this.timelines.storedTimeline(incidentId));
  }
}
