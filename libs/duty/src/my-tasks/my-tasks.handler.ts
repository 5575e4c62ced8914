import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { actingOfficer } from '@erp/auth';
import { MyTasksQuery } from './my-tasks.query';
import { taskView, TaskView } from './task-view';
import { ReadStore } from '@erp/domain';

/** At most this many tasks per answer: a console shows the newest. */
const LIMIT = 500;

@QueryHandler(MyTasksQuery)
export class MyTasksHandler implements IQueryHandler<MyTasksQuery, TaskView[]> {
  constructor(private readonly store: ReadStore) {}

  async execute({ user, openOnly }: MyTasksQuery): Promise<TaskView[]> {
    const registry = await this.store.structure.registry();
    const { unitIds } = actingOfficer(user, registry);
    const tasks = await this.store.tasks.listForUnits(unitIds, { openOnly, limit: LIMIT });
    const incidents = await this.store.incidents.findAll(tasks.map((t) => t.incidentId));
    return tasks.map((t) => taskView(t, registry.byId(t.unitId)?.name ?? null, incidents.get(t.incidentId)));
  }
}
