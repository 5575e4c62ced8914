import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { taskView } from '../my-tasks/task-view';
import { IncidentDetailQuery } from './incident-detail.query';
import { incidentNotFound, maySeeIncident } from '@erp/auth';
import { ReadStore } from '@erp/domain';

@QueryHandler(IncidentDetailQuery)
export class IncidentDetailHandler implements IQueryHandler<IncidentDetailQuery> {
  constructor(private readonly store: ReadStore) {}

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
