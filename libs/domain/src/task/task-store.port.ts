import type { DeadlineKind } from './task-deadline';
import type { Task, TaskState } from './task';

/** A deadline whose timer should be pending: what the reconciler and the timer sync read. */
export interface WatchedDeadline {
  taskId: string;
  kind: DeadlineKind;
  /** Firings taken so far: the pending timer is firing number `fired`. */
  fired: number;
  nextAt: Date | null;
}

/** Where the reconciler's previous page of watched deadlines ended. */
export interface WatchedDeadlineCursor {
  nextAt: Date;
  taskId: string;
  kind: string;
}

/** Tasks and their deadlines (one task per incident, unit and role: a second is refused). */
export interface TaskStore {
  /** The task with its deadlines, its row locked until the transaction ends. */
  getForUpdate(id: string): Promise<Task | null>;
  listByIncident(incidentId: string): Promise<TaskState[]>;
  listByIncidents(incidentIds: readonly string[]): Promise<Map<string, TaskState[]>>;
  /** Newest first; `openOnly` leaves out completed, declined and cancelled tasks. */
  listForUnits(
    unitIds: readonly string[],
    options: { openOnly: boolean; limit: number },
  ): Promise<TaskState[]>;
  unitHasTaskIn(incidentId: string, unitIds: readonly string[]): Promise<boolean>;
  insertAll(tasks: readonly Task[]): Promise<void>;
  insert(task: Task): Promise<void>;
  saveAll(tasks: readonly Task[]): Promise<void>;
  save(task: Task): Promise<void>;
  watchOf(taskIds: readonly string[]): Promise<WatchedDeadline[]>;
  pendingDeadlines(after: WatchedDeadlineCursor | null, limit: number): Promise<WatchedDeadline[]>;
}

/** A situation report (情况报告) as stored and shown. */
export interface StoredReport {
  id: string;
  taskId: string;
  incidentId: string;
  reportedAt: Date;
  reportedBy: string;
  text: string;
  casualties: object | null;
  economicLossCny: number | null;
}

export interface TaskReportStore {
  insert(report: StoredReport): Promise<void>;
  listByIncident(incidentId: string): Promise<StoredReport[]>;
}
