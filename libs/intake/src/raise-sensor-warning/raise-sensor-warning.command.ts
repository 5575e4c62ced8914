import { Command } from '@nestjs/cqrs';
import type { SensorExceedance } from '@erp/domain';
import type { WarningReceipt } from '../receive-warning/receive-warning.command';

/**
 * 监测预警: a reading over its sensor's threshold raises or amends its hazard point's warning. Null when the
 * event was applied before.
 */
export class RaiseSensorWarningCommand extends Command<WarningReceipt | null> {
  constructor(
    readonly exceedance: SensorExceedance,
    /** The `SensorThresholdExceeded` event's id: each is applied once. */
    readonly eventId: string,
  ) {
    super();
  }
}
