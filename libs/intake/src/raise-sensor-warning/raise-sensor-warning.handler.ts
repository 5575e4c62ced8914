import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, raiseSensorWarning, SENSOR_WARNING_SOURCE } from '@erp/domain';
import { WarningReceipt } from '../receive-warning/receive-warning.command';
import { WarningChanges } from '../receive-warning/warning-changes';
import { RaiseSensorWarningCommand } from './raise-sensor-warning.command';

/** The inbox name of the sensor warnings' consumer. */
export const SENSOR_WARNINGS = 'intake.sensor-warnings';

/**
 * Applies an exceedance through the same writer as a CAP warning: the exceedances at one hazard point take
 * turns (one active sensor warning per point), and each event is applied once. A sensor whose hazard point
 * is not registered has no place to warn: the event is refused with the reason (dead-lettered), not dropped.
 */
@CommandHandler(RaiseSensorWarningCommand)
export class RaiseSensorWarningHandler implements ICommandHandler<
  RaiseSensorWarningCommand,
  WarningReceipt | null
> {
  constructor(private readonly warnings: WarningChanges) {}

  execute({ exceedance, eventId }: RaiseSensorWarningCommand): Promise<WarningReceipt | null> {
    const lockKeys = [`warning:${SENSOR_WARNING_SOURCE}:${exceedance.hazardPointId}`];
    return this.warnings.apply(lockKeys, async (tx, now) => {
      if (!(await tx.firstDelivery(SENSOR_WARNINGS, eventId))) return null;
      const point = await tx.hazardPoints.get(exceedance.hazardPointId);
      if (!point) {
        throw new DomainError(
          'SENSOR_WARNING.UNKNOWN_HAZARD_POINT',
          'invalid',
          `传感器 ${exceedance.sensorId} 的隐患点 ${exceedance.hazardPointId} 未登记，无法预警 ` +
            `hazard point ${exceedance.hazardPointId} of sensor ${exceedance.sensorId} is not registered`,
        );
      }
      const active = await tx.warnings.activeFrom(SENSOR_WARNING_SOURCE, point.id, { forUpdate: true });
      return raiseSensorWarning(active, exceedance, point, now, randomUUID());
    });
  }
}
