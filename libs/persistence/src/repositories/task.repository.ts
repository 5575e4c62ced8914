import { EntityManager } from 'typeorm';
import { Task, TaskState } from '@erp/domain';
import { TaskEntity } from '../entities';
import { readRows } from './rows-in-one-statement';

export const TaskRepository = {
  /** Reads a task and locks its row until the transaction ends, so two actions on it never interleave. */
  async getForUpdate(m: EntityManager, id: string): Promise<Task | null> {
    const row = await m.findOne(TaskEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    return row ? Task.restore(toState(row)) : null;
  },

  async listByIncident(m: EntityManager, incidentId: string): Promise<TaskState[]> {
    const rows = await m.find(TaskEntity, {
      where: { incidentId },
      order: { dispatchedAt: 'ASC', escalationStep: 'ASC' },
    });
    return rows.map(toState);
  },

  /** The tasks of several incidents in one query, each incident's in the order `listByIncident` gives. */
  async listByIncidents(m: EntityManager, incidentIds: readonly string[]): Promise<Map<string, TaskState[]>> {
    const byIncident = new Map<string, TaskState[]>(incidentIds.map((id) => [id, []]));
    if (!incidentIds.length) return byIncident;
    const rows = await readRows(m, TaskEntity, 'incident_id = ANY($1::uuid[])', [[...incidentIds]], {
      orderBy: ['dispatched_at', 'escalation_step'],
    });
    for (const row of rows) byIncident.get(row.incidentId)?.push(toState(row));
    return byIncident;
  },

  /** Tasks whose acknowledgement deadline is still watched: the timers to rebuild at start-up. */
  async listAwaitingAcknowledgement(m: EntityManager): Promise<TaskState[]> {
    const rows = await m
      .createQueryBuilder(TaskEntity, 't')
      .where(`t.status = 'dispatched' AND t.ack_deadline_handled_at IS NULL`)
      .getMany();
    return rows.map(toState);
  },

  async insert(m: EntityManager, task: Task): Promise<void> {
    await m.insert(TaskEntity, task.snapshot());
  },

  /** Several tasks in one statement; the unique (incident, unit, role) index refuses any duplicate. */
  async insertAll(m: EntityManager, tasks: readonly Task[]): Promise<void> {
    if (tasks.length)
      await m.insert(
        TaskEntity,
        tasks.map((t) => t.snapshot()),
      );
  },

  async save(m: EntityManager, task: Task): Promise<void> {
    const { id, ...rest } = task.snapshot();
    await m.update(TaskEntity, { id }, rest);
  },
};

function toState(r: TaskEntity): TaskState {
  return { ...r, role: r.role as TaskState['role'], status: r.status as TaskState['status'] };
}
