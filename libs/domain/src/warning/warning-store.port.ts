import type { WarningEscalation, WarningRecord, WarningTaskRecord, WarningTaskStatus } from './warning';

/** Warnings and their tasks in PostgreSQL. */
export interface WarningStore {
  /** The warning from `source` that any of these CAP identifiers belongs to. */
  byIdentifier(
    source: string,
    identifiers: readonly string[],
    options?: { forUpdate?: boolean },
  ): Promise<WarningRecord | null>;
  /** The active warning from `sender` through `source` (a hazard point's sensor warning), if any. */
  activeFrom(
    source: string,
    sender: string,
    options?: { forUpdate?: boolean },
  ): Promise<WarningRecord | null>;
  get(id: string, options?: { forUpdate?: boolean }): Promise<WarningRecord | null>;
  /** Newest first. */
  list(filter: { active?: boolean; limit?: number }): Promise<WarningRecord[]>;
  /** Warnings in force at an instant: issued by then and not yet ended (callers test the area). */
  inForceAt(at: Date): Promise<WarningRecord[]>;
  /** `cap`: the alert whole, kept with it. */
  insert(warning: WarningRecord & { cap?: object | null }): Promise<void>;
  /** Writes the warning if its revision is still `warning.revision - 1`; false when not. */
  update(warning: WarningRecord & { cap?: object | null }): Promise<boolean>;
  tasksOf(warningId: string): Promise<WarningTaskRecord[]>;
  task(taskId: string, options?: { forUpdate?: boolean }): Promise<WarningTaskRecord | null>;
  /** These tasks (ids naming none are left out), in no order. */
  tasksByIds(taskIds: readonly string[]): Promise<WarningTaskRecord[]>;
  insertTasks(tasks: readonly WarningTaskRecord[]): Promise<void>;
  /** Sets the moved fields of a task. */
  saveTask(task: WarningTaskRecord): Promise<void>;
  /** Cancels these tasks where still open; the ids of those it cancelled. */
  standDown(taskIds: readonly string[], reason: string, at: Date): Promise<string[]>;
  /** Open tasks of a person, newest first. */
  tasksOfAssignee(userName: string, statuses: readonly WarningTaskStatus[]): Promise<WarningTaskRecord[]>;
  /** Records a ladder step if the deadline is still at `step` steps; false when another got there first. */
  escalate(taskId: string, escalation: WarningEscalation): Promise<boolean>;
  /** Open tasks' next ladder timers, for the reconciler: each deadline still owed and not past its ladder. */
  pendingTaskDeadlines(): Promise<
    Pick<
      WarningTaskRecord,
      'id' | 'status' | 'acknowledgeDueAt' | 'completeDueAt' | 'ackSteps' | 'completeSteps'
    >[]
  >;
  /** Active warnings with an expiry, for the timer reconciler. */
  pendingExpiries(): Promise<{ warningId: string; revision: number; expiresAt: Date }[]>;
}
