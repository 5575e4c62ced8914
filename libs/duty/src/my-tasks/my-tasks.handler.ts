import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CommandStructureSnapshots, IncidentRepository, TaskRepository } from '@erp/persistence';
import { actingOfficer } from '../move-task/acting-officer';
import { MyTasksQuery } from './my-tasks.query';
import { TaskView, taskView } from './task-view';

/** At most this many tasks per answer: a console shows the newest. */
const LIMIT = 500;

@QueryHandler(MyTasksQuery)
export class MyTasksHandler implements IQueryHandler<MyTasksQuery, TaskView[]> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly structure: CommandStructureSnapshots,
  ) {}

  async execute({ user, openOnly }: MyTasksQuery): Promise<TaskView[]> {
    const m = this.dataSource.manager;
    const registry = await this.structure.registry(m);
    const { unitIds } = actingOfficer(user, registry);
    const tasks = await TaskRepository.listForUnits(m, unitIds, { openOnly, limit: LIMIT });
    const incidents = await IncidentRepository.findAll(
      m,
      tasks.map((t) => t.incidentId),
    );
    return tasks.map((t) => taskView(t, registry.byId(t.unitId)?.name ?? null, incidents.get(t.incidentId)));
  }
}
