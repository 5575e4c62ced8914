import { Body, Controller, Get, Param, Put, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ReadStore, Sensor, SENSOR_SCALES, SensorRegistrationSchema } from '@erp/domain';
import { ApiDoc } from '@erp/platform';
import { RegisterSensorCommand } from './register-sensor.command';

type SensorView = Sensor & { unit: string };
const view = (s: Sensor): SensorView => ({ ...s, unit: SENSOR_SCALES[s.kind].unit });

/** Monitoring sensors at hazard points (监测设备) and their thresholds: read by anyone signed in, set by the commander or an administrator. */
@Controller('api/v1/sensors')
@UseGuards(SignedInGuard)
export class SensorsController {
  constructor(
    private readonly store: ReadStore,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiDoc({ summary: '监测设备 the sensors at hazard points, each with its threshold and unit' })
  async list(): Promise<{ sensors: SensorView[] }> {
    return { sensors: (await this.store.sensors.list()).map(view) };
  }

  @Put(':id')
  @ApiDoc({
    summary: '登记传感器 register or change a sensor and its threshold',
    description:
      'The id (1–100 letters, digits, . _ : -) from the path. Every error at once, each by a JSON pointer.',
    body: SensorRegistrationSchema,
    success: { description: 'the sensor as stored, with its unit' },
    errors: { 400: 'SENSOR.INVALID: every error', 403: 'SENSOR.COMMANDER_ONLY' },
  })
  async put(@Req() req: UserRequest, @Param('id') id: string, @Body() body: unknown): Promise<SensorView> {
    return view(await this.commands.execute(new RegisterSensorCommand(id, body ?? null, req.user)));
  }
}
