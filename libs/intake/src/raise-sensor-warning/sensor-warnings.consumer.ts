import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EventPayload, Topics } from '@erp/contracts';
import { consumeEvents, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { Infrastructure, structured } from '@erp/platform';
import { RaiseSensorWarningCommand } from './raise-sensor-warning.command';
import { SENSOR_WARNINGS } from './raise-sensor-warning.handler';

/** `SensorThresholdExceeded` → RaiseSensorWarningCommand, one event at a time; nothing else happens here. */
@Injectable()
export class SensorWarningsConsumer implements OnModuleInit {
  private readonly logger = new Logger(SensorWarningsConsumer.name);

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
  ) {}

  async onModuleInit(): Promise<void> {
    this.infra.track(
      await consumeEvents(this.stream, {
        group: SENSOR_WARNINGS,
        topics: [Topics.monitoring],
        types: ['SensorThresholdExceeded'],
        log: structured(this.logger, SensorWarningsConsumer.name),
        handle: async ({ eventId, payload }) => {
          const p = payload as EventPayload<'SensorThresholdExceeded'>;
          const exceedance = { ...p, measuredAt: new Date(p.measuredAt) };
          await this.commands.execute(new RaiseSensorWarningCommand(exceedance, eventId));
        },
      }),
    );
  }
}
