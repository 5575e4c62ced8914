import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, requireStructureAdministrator, Sensor, UnitOfWork, validateSensor } from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { RegisterSensorCommand } from './register-sensor.command';

/** Registers or changes a monitoring sensor and its threshold: the commander's or an administrator's, checked whole. */
@CommandHandler(RegisterSensorCommand)
export class RegisterSensorHandler implements ICommandHandler<RegisterSensorCommand, Sensor> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ sensorId, body, user }: RegisterSensorCommand): Promise<Sensor> {
    requireStructureAdministrator(user, 'SENSOR.COMMANDER_ONLY', '登记传感器 register a sensor');
    const sensor = validateSensor(sensorId, body);
    await this.unitOfWork.run((tx) => tx.sensors.put(sensor, this.clock.now()));
    return sensor;
  }
}
