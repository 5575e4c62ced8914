import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DomainEvent } from '@erp/contracts';
import {
  Causation,
  Clock,
  planWarningTasks,
  standDownWarningTasks,
  Transaction,
  UnitOfWork,
  WarningRecord,
  warningChanged,
  warningClausesOf,
  warningTaskAssigned,
  WarningTaskRecord,
} from '@erp/domain';
import { CLOCK } from '@erp/platform';
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
 * area (those owed no more stood down; all of them when it ends), in one transaction with their events. The
 * escalator sets their timers (each new task's deadlines, the expiry) from those events, as it does for an
 * incident's tasks; what it misses, its reconciler sets within RECONCILE_SECONDS.
 */
@Injectable()
export class WarningChanges {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * `decide` null: nothing to do (e.g. an event delivered before), and no receipt. `cause` is who asked and
   * what it answers; the warning's id is the chain (correlation) its tasks and ladders follow.
   */
  async apply(
    lockKeys: readonly string[],
    cause: Omit<Causation, 'correlationId'>,
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
      const { added, stoodDown } = await setTasks(tx, warning, now);
      const events = [
        ...warningChanged(change.outcome, warning),
        ...added.map(warningTaskAssigned),
        ...stoodDown,
      ];
      await tx.record(events, { ...cause, correlationId: warning.id }, now);
      return { warning, outcome: change.outcome, added, tasksStoodDown: stoodDown.length };
    });
    if (!receipt) return null;
    const { warning } = receipt;
    return {
      warningId: warning.id,
      outcome: receipt.outcome,
      status: warning.status,
      tasksAdded: receipt.added.length,
      tasksStoodDown: receipt.tasksStoodDown,
    };
  }
}

/** The warning's tasks made to match what its clauses owe now: those added, and the stand-downs' events. */
async function setTasks(
  tx: Transaction,
  warning: WarningRecord,
  now: Date,
): Promise<{ added: WarningTaskRecord[]; stoodDown: DomainEvent[] }> {
  const points = warning.status === 'active' ? await tx.hazardPoints.list() : [];
  const existing = await tx.warnings.tasksOf(warning.id);
  const clauses = warningClausesOf((await tx.plans.current())?.plan);
  const plan = planWarningTasks(warning, existing, points, clauses, now);
  const added = plan.add.map((t) => ({ ...t, id: randomUUID() }));
  await tx.warnings.insertTasks(added);
  return { added, stoodDown: await standDownWarningTasks(tx.warnings, plan, existing, now) };
}
