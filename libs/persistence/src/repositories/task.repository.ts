import { EntityManager } from 'typeorm';
import {
  DEADLINE_KINDS,
  DeadlineKind,
  StoredReport,
  Task,
  TaskDeadline,
  TaskState,
  WatchedDeadline,
  WatchedDeadlineCursor,
} from '@erp/domain';
import { TaskDeadlineEntity, TaskEntity, TaskReportEntity } from '../entities';
import { preparedQuery } from '../prepared-query';
import { readRows, writeRows } from './rows-in-one-statement';

export const TaskRepository = {
  /** Reads a task with its deadlines and locks its row until the transaction ends. */
  async getForUpdate(m: EntityManager, id: string): Promise<Task | null> {
    const [row] = await readRows(m, TaskEntity, 'id = $1', [id], { forUpdate: true });
    if (!row) return null;
    const deadlines = await deadlinesOf(m, [id]);
    return Task.restore(toState(row, deadlines.get(id) ?? []));
  },

  async listByIncident(m: EntityManager, incidentId: string): Promise<TaskState[]> {
    return (await TaskRepository.listByIncidents(m, [incidentId])).get(incidentId) ?? [];
  },

  /** The tasks of several incidents in two queries, each incident's in dispatch order. */
  async listByIncidents(m: EntityManager, incidentIds: readonly string[]): Promise<Map<string, TaskState[]>> {
    const byIncident = new Map<string, TaskState[]>(incidentIds.map((id) => [id, []]));
    if (!incidentIds.length) return byIncident;
    const rows = await readRows(m, TaskEntity, 'incident_id = ANY($1::uuid[])', [[...incidentIds]], {
      orderBy: ['dispatched_at', 'escalation_step', 'id'],
    });
    const deadlines = await deadlinesOf(
      m,
      rows.map((r) => r.id),
    );
    for (const row of rows) byIncident.get(row.incidentId)?.push(toState(row, deadlines.get(row.id) ?? []));
    return byIncident;
  },

  /** A unit's (or several units') tasks, newest first; `openOnly` leaves out completed, declined and cancelled. */
  async listForUnits(
    m: EntityManager,
    unitIds: readonly string[],
    options: { openOnly: boolean; limit: number },
  ): Promise<TaskState[]> {
    if (!unitIds.length) return [];
    const rows = await readRows(
      m,
      TaskEntity,
      `unit_id = ANY($1::text[]) ${options.openOnly ? `AND status NOT IN ('completed', 'declined', 'cancelled')` : ''}`,
      [[...unitIds]],
      { orderBy: ['dispatched_at', 'id'], newestFirst: true, limit: options.limit },
    );
    const deadlines = await deadlinesOf(
      m,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toState(r, deadlines.get(r.id) ?? []));
  },

  /** Whether a unit has any task in an incident (who may see it). */
  async unitHasTaskIn(m: EntityManager, incidentId: string, unitIds: readonly string[]): Promise<boolean> {
    if (!unitIds.length) return false;
    const [row] = await preparedQuery<{ found: boolean }>(
      m,
      `SELECT EXISTS (SELECT 1 FROM tasks WHERE incident_id = $1 AND unit_id = ANY($2::text[])) AS found`,
      [incidentId, [...unitIds]],
    );
    return row.found;
  },

  /** New tasks and their deadlines; the unique (incident, unit, role) index refuses any duplicate. */
  async insertAll(m: EntityManager, tasks: readonly Task[]): Promise<void> {
    if (!tasks.length) return;
    const states = tasks.map((t) => t.snapshot());
    await writeRows(
      m,
      TaskEntity,
      states.map((s) => toRow(s)),
      { conflict: { on: ['id'], then: 'nothing' } },
    );
    await saveDeadlines(m, states);
  },

  async insert(m: EntityManager, task: Task): Promise<void> {
    await TaskRepository.insertAll(m, [task]);
  },

  /** Writes changed tasks (every column) and their deadlines. */
  async saveAll(m: EntityManager, tasks: readonly Task[]): Promise<void> {
    if (!tasks.length) return;
    const states = tasks.map((t) => t.snapshot());
    await writeRows(
      m,
      TaskEntity,
      states.map((s) => toRow(s)),
      { conflict: { on: ['id'], then: 'update' }, orderBy: ['id'] },
    );
    await saveDeadlines(m, states);
  },

  async save(m: EntityManager, task: Task): Promise<void> {
    await TaskRepository.saveAll(m, [task]);
  },

  /** The deadlines of some tasks, for syncing their timers. */
  async watchOf(m: EntityManager, taskIds: readonly string[]): Promise<WatchedDeadline[]> {
    if (!taskIds.length) return [];
    return preparedQuery<WatchedDeadline>(
      m,
      `SELECT task_id AS "taskId", kind, fired, next_at AS "nextAt"
         FROM task_deadlines WHERE task_id = ANY($1::uuid[])`,
      [[...taskIds]],
    );
  },

  /**
   * Every deadline whose timer should be pending, a page at a time in (next_at, task, kind) order: what the
   * reconciler holds the timer store against.
   */
  async pendingDeadlines(
    m: EntityManager,
    after: WatchedDeadlineCursor | null,
    limit: number,
  ): Promise<WatchedDeadline[]> {
    return preparedQuery<WatchedDeadline>(
      m,
      `SELECT task_id AS "taskId", kind, fired, next_at AS "nextAt" FROM task_deadlines
        WHERE next_at IS NOT NULL
          AND ($1::timestamptz IS NULL OR (next_at, task_id, kind) > ($1::timestamptz, $2::uuid, $3::text))
        ORDER BY next_at, task_id, kind LIMIT $4`,
      [after?.nextAt ?? null, after?.taskId ?? null, after?.kind ?? null, limit],
    );
  },
};

async function deadlinesOf(
  m: EntityManager,
  taskIds: readonly string[],
): Promise<Map<string, TaskDeadline[]>> {
  const byTask = new Map<string, TaskDeadline[]>();
  if (!taskIds.length) return byTask;
  const rows = await readRows(m, TaskDeadlineEntity, 'task_id = ANY($1::uuid[])', [[...taskIds]]);
  for (const r of rows) {
    const list = byTask.get(r.taskId) ?? [];
    list.push({
      kind: r.kind as DeadlineKind,
      dueAt: r.dueAt,
      state: r.state as TaskDeadline['state'],
      metAt: r.metAt,
      missedAt: r.missedAt,
      fired: r.fired,
      nextAt: r.nextAt,
    });
    byTask.set(r.taskId, list);
  }
  const order = (k: DeadlineKind) => DEADLINE_KINDS.indexOf(k);
  for (const list of byTask.values()) list.sort((a, b) => order(a.kind) - order(b.kind));
  return byTask;
}

async function saveDeadlines(m: EntityManager, tasks: readonly TaskState[]): Promise<void> {
  const rows = tasks.flatMap((t) => t.deadlines.map((d) => ({ taskId: t.id, ...d })));
  await writeRows(m, TaskDeadlineEntity, rows, {
    conflict: { on: ['task_id', 'kind'], then: 'update' },
    orderBy: ['task_id', 'kind'],
  });
}

function toRow(s: TaskState): Omit<TaskEntity, never> {
  const { deadlines: _deadlines, ...row } = s;
  return row;
}

function toState(r: TaskEntity, deadlines: TaskDeadline[]): TaskState {
  return {
    ...r,
    role: r.role as TaskState['role'],
    status: r.status as TaskState['status'],
    deadlines,
  };
}

export const TaskReportRepository = {
  async insert(m: EntityManager, report: StoredReport): Promise<void> {
    await writeRows(m, TaskReportEntity, [report], { conflict: { on: ['id'], then: 'nothing' } });
  },

  async listByIncident(m: EntityManager, incidentId: string): Promise<StoredReport[]> {
    return readRows(m, TaskReportEntity, 'incident_id = $1', [incidentId], {
      orderBy: ['reported_at', 'id'],
    });
  },
};
