import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError, Sensor, UnitOfWork, validateSensor } from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { mayEditStructure } from '../access/command-access';
import { RegisterSensorCommand } from './register-sensor.command';

/** Registers or changes a monitoring sensor and its threshold: the commander's, checked whole. */
@CommandHandler(RegisterSensorCommand)
export class RegisterSensorHandler implements ICommandHandler<RegisterSensorCommand, Sensor> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ sensorId, body, user }: RegisterSensorCommand): Promise<Sensor> {
    if (!mayEditStructure(user)) {
      throw new DomainError(
        'SENSOR.COMMANDER_ONLY',
        'forbidden',
        '只有指挥长可以登记传感器 only the commander registers sensors',
      );
    }
    const sensor = validateSensor(sensorId, body);
    await this.unitOfWork.run((tx) => tx.sensors.put(sensor, this.clock.now()));
    return sensor;
  }
}
