import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { taskView } from '../my-tasks/task-view';
import { IncidentDetailQuery } from './incident-detail.query';
import { incidentNotFound, maySeeIncident } from '@erp/auth';
import { CurrentDistrict, ReadStore, warningAreaContains } from '@erp/domain';

@QueryHandler(IncidentDetailQuery)
export class IncidentDetailHandler implements IQueryHandler<IncidentDetailQuery> {
  constructor(
    private readonly store: ReadStore,
    private readonly currentDistrict: CurrentDistrict,
  ) {}

  async execute({ user, incidentId }: IncidentDetailQuery) {
    const registry = await this.store.structure.registry();
    const incident = await this.store.incidents.find(incidentId);
    if (!incident || !(await maySeeIncident(this.store, user, incidentId, registry)))
      throw incidentNotFound(incidentId);
    const [tasks, alarms, reports] = await Promise.all([
      this.store.tasks.listByIncident(incidentId),
      this.store.alarms.listByIncident(incidentId),
      this.store.taskReports.listByIncident(incidentId),
    ]);
    // 预警在先: the warnings in force over its place when it opened, cited so responders see them.
    const district = await this.currentDistrict.district();
    const place = incident.location ?? district.township(incident.townshipCode)?.approxPosition;
    const warnings = place
      ? (await this.store.warnings.inForceAt(incident.openedAt)).filter((w) =>
          warningAreaContains(w.area, place, incident.townshipCode),
        )
      : [];
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
      warnings: warnings.map((w) => ({
        id: w.id,
        event: w.event,
        colour: w.colour,
        headline: w.headline,
        status: w.status,
        issuedAt: w.issuedAt,
        expiresAt: w.expiresAt,
      })),
    };
  }
}
