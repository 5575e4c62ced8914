import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { endWarning, isWarningExpired, WarningRecord } from '@erp/domain';
import { ReceiveWarningCommand, WarningOutcome, WarningReceipt } from './receive-warning.command';
import { WarningChanges } from './warning-changes';

/**
 * A CAP alert opens, amends or ends the warning its identifier or references name; `WarningChanges` writes
 * it with its tasks and sets their timers.
 */
@CommandHandler(ReceiveWarningCommand)
export class ReceiveWarningHandler implements ICommandHandler<ReceiveWarningCommand, WarningReceipt> {
  constructor(private readonly warnings: WarningChanges) {}

  async execute({ source, alert, warning: read }: ReceiveWarningCommand): Promise<WarningReceipt> {
    const identifiers = [alert.identifier, ...alert.referenceList.map((r) => r.identifier)];
    const lockKeys = identifiers.map((id) => `warning:${source}:${id}`);
    const receipt = await this.warnings.apply(lockKeys, async (tx, now) => {
      const existing = await tx.warnings.byIdentifier(source, identifiers, { forUpdate: true });
      if (existing?.identifiers.includes(alert.identifier)) {
        return { warning: existing, outcome: 'duplicate' as const };
      }
      const cap = JSON.parse(JSON.stringify(alert)) as object;
      let warning: WarningRecord;
      let outcome: Exclude<WarningOutcome, 'duplicate'>;
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
      }
      return { warning, outcome, cap };
    });
    // Every CAP alert decides something: a duplicate at least.
    return receipt!;
  }
}
