import { randomUUID } from 'node:crypto';
import { Inject, Logger, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  Causation,
  Clock,
  endWarning,
  isWarningExpired,
  planWarningTasks,
  standDownWarningTasks,
  Transaction,
  UnitOfWork,
  WarningRecord,
  warningChanged,
  warningClausesOf,
  warningLadderDueAt,
  warningTaskAssigned,
  WarningTaskRecord,
} from '@erp/domain';
import type { DomainEvent } from '@erp/contracts';
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
 * hazard points in its area are added, those owed no more are stood down (all of them when it ends). The
 * timers (each new task's deadlines, the expiry) are set after commit in the background where this process
 * holds the timers; elsewhere, or if that fails, the escalator's reconciler sets them within RECONCILE_SECONDS.
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
      const { added, stoodDown } = await setTasks(tx, warning, now);
      // The alert is what this answers; the warning is the chain its tasks and ladders follow.
      const causation: Causation = {
        actor: { kind: 'source', id: source },
        correlationId: warning.id,
        causationId: `cap:${alert.identifier}`,
      };
      const events = [...warningChanged(outcome, warning), ...added.map(warningTaskAssigned), ...stoodDown];
      await tx.record(events, causation, now);
      return { warning, outcome, added, tasksStoodDown: stoodDown.length };
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
