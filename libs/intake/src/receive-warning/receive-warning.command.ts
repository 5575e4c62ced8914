import { Command } from '@nestjs/cqrs';
import type { CapAlert } from '@erp/cap';
import type { CapWarning } from './cap-warning.mapper';

export type WarningOutcome = 'issued' | 'amended' | 'ended' | 'duplicate';

export interface WarningReceipt {
  warningId: string;
  outcome: WarningOutcome;
  status: 'active' | 'ended';
  tasksAdded: number;
  tasksStoodDown: number;
}

/**
 * 接收预警: a CAP Alert opens a warning, an Update amends the one its references name, a Cancel ends it.
 * `warning` is null for a Cancel (it carries no info).
 */
export class ReceiveWarningCommand extends Command<WarningReceipt> {
  constructor(
    readonly source: string,
    readonly alert: CapAlert,
    readonly warning: CapWarning | null,
  ) {
    super();
  }
}
