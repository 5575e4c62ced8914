import { randomUUID } from 'node:crypto';
import { Inject, Logger, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  Clock,
  endWarning,
  isWarningExpired,
  planWarningTasks,
  Transaction,
  UnitOfWork,
  WarningRecord,
  warningClausesOf,
  warningLadderDueAt,
  WarningTaskRecord,
} from '@erp/domain';
import { CLOCK } from '@erp/platform';
import {
  DEADLINE_TIMERS,
  DeadlineTimer,
  DeadlineTimers,
  WARNING_EXPIRY,
  WARNING_TASK_TIMERS,
} from '@erp/timers';
import { ReceiveWarningCommand, WarningOutcome, WarningReceipt } from './receive-warning.command';

/**
 * Opens, amends or ends a warning and sets its tasks in one transaction: the tasks its clauses owe the
 * hazard points in its area are added, those owed no more are stood down (all of them when it ends). Its
 * expiry timer is set after commit where this process holds the timers; elsewhere the escalator's
 * reconciler sets it within RECONCILE_SECONDS.
 */
@CommandHandler(ReceiveWarningCommand)
export class ReceiveWarningHandler implements ICommandHandler<ReceiveWarningCommand, WarningReceipt> {
  private readonly logger = new Logger(ReceiveWarningHandler.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(DEADLINE_TIMERS) private readonly timers: DeadlineTimers | null,
  ) {}

  async execute({ source, alert, warning: read }: ReceiveWarningCommand): Promise<WarningReceipt> {
    const identifiers = [alert.identifier, ...alert.referenceList.map((r) => r.identifier)];
    const receipt = await this.unitOfWork.run(async (tx) => {
      // Two deliveries of one alert take turns, so one warning comes of them.
      await tx.lockKeys(identifiers.map((id) => `warning:${source}:${id}`));
      const now = this.clock.now();
      const existing = await tx.warnings.byIdentifier(source, identifiers, { forUpdate: true });
      if (existing?.identifiers.includes(alert.identifier)) {
        return { warning: existing, outcome: 'duplicate' as const, added: [], tasksStoodDown: 0 };
      }
      const cap = JSON.parse(JSON.stringify(alert)) as object;
      let warning: WarningRecord;
      let outcome: WarningOutcome;
      if (existing) {
        const next: WarningRecord = {
          ...existing,
          identifiers: [...existing.identifiers, alert.identifier],
          revision: existing.revision + 1,
          ...(read && existing.status === 'active'
            ? {
                event: read.event,
                hazardType: read.hazardType,
                colour: read.colour,
                headline: read.headline,
                area: read.area,
                expiresAt: read.expiresAt,
              }
            : {}),
        };
        const ended =
          alert.msgType === 'Cancel'
            ? endWarning(next, 'cancelled', now)
            : isWarningExpired(next, now)
              ? endWarning(next, 'expired', now)
              : null;
        warning = ended ?? next;
        outcome = ended ? 'ended' : 'amended';
        await tx.warnings.update({ ...warning, cap });
      } else {
        if (!read) throw new Error(`CAP ${alert.msgType} ${alert.identifier} names no warning to end`);
        warning = {
          id: randomUUID(),
          source,
          identifiers: [alert.identifier],
          sender: alert.sender,
          ...read,
          issuedAt: now,
          status: 'active',
          endedAt: null,
          endReason: null,
          revision: 0,
        };
        if (isWarningExpired(warning, now)) warning = endWarning(warning, 'expired', now)!;
        outcome = 'issued';
        await tx.warnings.insert({ ...warning, cap });
      }
      const { added, tasksStoodDown } = await setTasks(tx, warning, now);
      return { warning, outcome, added, tasksStoodDown };
    });
    const { warning } = receipt;
    const timers: DeadlineTimer[] = receipt.added.flatMap((t) =>
      (['ack', 'complete'] as const).map((deadline) => ({
        taskId: t.id,
        deadline: WARNING_TASK_TIMERS[deadline],
        ordinal: 0,
        dueAt: warningLadderDueAt(t, deadline, 0)!,
      })),
    );
    if (warning.status === 'active' && warning.expiresAt && receipt.outcome !== 'duplicate') {
      timers.push({
        taskId: warning.id,
        deadline: WARNING_EXPIRY,
        ordinal: warning.revision,
        dueAt: warning.expiresAt,
      });
    }
    if (this.timers && timers.length) {
      await this.timers
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
