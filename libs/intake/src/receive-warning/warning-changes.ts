import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  Clock,
  planWarningTasks,
  Transaction,
  UnitOfWork,
  WarningRecord,
  warningClausesOf,
  WarningTaskRecord,
} from '@erp/domain';
import { CLOCK } from '@erp/platform';
import {
  DEADLINE_TIMERS,
  DeadlineTimer,
  DeadlineTimers,
  warningExpiryTimer,
  warningTaskTimers,
} from '@erp/timers';
import { WarningOutcome, WarningReceipt } from './receive-warning.command';

/**
 * What a source decided for a warning, given what is stored: the warning as it is now (new, amended or
 * ended), or the one it already applied (`duplicate`); `cap` the alert kept with it.
 */
export type WarningChange =
  | { outcome: Exclude<WarningOutcome, 'duplicate'>; warning: WarningRecord; cap?: object | null }
  | { outcome: 'duplicate'; warning: WarningRecord };

/**
 * The one way a warning is opened, amended or ended, whoever asks (a CAP alert, a sensor over threshold):
 * under the caller's locks, its decision is written with the tasks its clauses owe the hazard points in its
 * area (those owed no more stood down; all of them when it ends), in one transaction. The timers (each new
 * task's deadlines, the expiry) are set after commit in the background where this process holds the timers;
 * elsewhere, or if that fails, the escalator's reconciler sets them within RECONCILE_SECONDS.
 */
@Injectable()
export class WarningChanges {
  private readonly logger = new Logger(WarningChanges.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(DEADLINE_TIMERS) private readonly timers: DeadlineTimers | null,
  ) {}

  /** `decide` null: nothing to do (e.g. an event delivered before), and no receipt. */
  async apply(
    lockKeys: readonly string[],
    decide: (tx: Transaction, now: Date) => Promise<WarningChange | null>,
  ): Promise<WarningReceipt | null> {
    const receipt = await this.unitOfWork.run(async (tx) => {
      // Two deliveries of one change take turns, so one warning comes of them.
      await tx.lockKeys(lockKeys);
      const now = this.clock.now();
      const change = await decide(tx, now);
      if (!change) return null;
      if (change.outcome === 'duplicate') return { ...change, added: [], tasksStoodDown: 0 };
      const { warning, cap } = change;
      if (change.outcome === 'issued') await tx.warnings.insert({ ...warning, cap });
      else await tx.warnings.update({ ...warning, cap });
      const { added, tasksStoodDown } = await setTasks(tx, warning, now);
      return { warning, outcome: change.outcome, added, tasksStoodDown };
    });
    if (!receipt) return null;
    const { warning } = receipt;
    const timers: DeadlineTimer[] = receipt.added.flatMap(warningTaskTimers);
    if (warning.status === 'active' && warning.expiresAt && receipt.outcome !== 'duplicate') {
      timers.push(
        warningExpiryTimer({
          warningId: warning.id,
          revision: warning.revision,
          expiresAt: warning.expiresAt,
        }),
      );
    }
    if (this.timers && timers.length) {
      // Not awaited: the warning and its tasks are durable, and the timers a mirror the reconciler rebuilds;
      // a district-wide warning's thousands of timers must not hold up its answer.
      void this.timers
        .scheduleAll(timers)
        .catch((e: Error) =>
          this.logger.warn(
            `预警定时未设 warning timers not set (the reconciler will set them): ${e.message}`,
          ),
        );
    }
    return {
      warningId: warning.id,
      outcome: receipt.outcome,
      status: warning.status,
      tasksAdded: receipt.added.length,
      tasksStoodDown: receipt.tasksStoodDown,
    };
  }
}

/** The warning's tasks made to match what its clauses owe now. */
async function setTasks(
  tx: Transaction,
  warning: WarningRecord,
  now: Date,
): Promise<{ added: WarningTaskRecord[]; tasksStoodDown: number }> {
  const points = warning.status === 'active' ? await tx.hazardPoints.list() : [];
  const existing = await tx.warnings.tasksOf(warning.id);
  const clauses = warningClausesOf((await tx.plans.current())?.plan);
  const plan = planWarningTasks(warning, existing, points, clauses, now);
  const added = plan.add.map((t) => ({ ...t, id: randomUUID() }));
  await tx.warnings.insertTasks(added);
  let tasksStoodDown = 0;
  for (const reason of new Set(plan.standDown.map((s) => s.reason))) {
    const ids = plan.standDown.filter((s) => s.reason === reason).map((s) => s.taskId);
    tasksStoodDown += await tx.warnings.standDown(ids, reason, now);
  }
  return { added, tasksStoodDown };
}
