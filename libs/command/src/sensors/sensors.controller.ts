import { Body, Controller, Get, Param, Put, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ReadStore, Sensor, SENSOR_SCALES } from '@erp/domain';
import { RegisterSensorCommand } from './register-sensor.command';
import { ApiDoc } from '@erp/platform';

type SensorView = Sensor & { unit: string };
const view = (s: Sensor): SensorView => ({ ...s, unit: SENSOR_SCALES[s.kind].unit });

/** Monitoring sensors at hazard points (监测设备) and their thresholds: read by anyone signed in, set by the commander. */
@Controller('api/v1/sensors')
@UseGuards(SignedInGuard)
export class SensorsController {
  constructor(
    private readonly store: ReadStore,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiDoc({ summary: '传感器 the sensors and their thresholds' })
  async list(): Promise<{ sensors: SensorView[] }> {
    return { sensors: (await this.store.sensors.list()).map(view) };
  }

  @Put(':id')
  @ApiDoc({ summary: '登记或修改传感器 register or revise a sensor (commander)' })
  async put(@Req() req: UserRequest, @Param('id') id: string, @Body() body: unknown): Promise<SensorView> {
    return view(await this.commands.execute(new RegisterSensorCommand(id, body ?? null, req.user)));
  }
}
