import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Envelope, EventPayload, Topics } from '@erp/contracts';
import { consumeEvents, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { Infrastructure, structured } from '@erp/platform';
import { OpenIncidentCommand } from './open-incident/open-incident.command';
import { DISPATCHER } from './open-incident/open-incident.handler';

/** Feeds AlarmReceived from the stream into OpenIncidentCommand; nothing else happens here. */
@Injectable()
export class AlarmStreamConsumer implements OnModuleInit {
  private readonly logger = new Logger(AlarmStreamConsumer.name);

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
  ) {}

  async onModuleInit(): Promise<void> {
    const subscription = await consumeEvents(this.stream, {
      group: DISPATCHER,
      topics: [Topics.alarms],
      types: ['AlarmReceived'],
      log: structured(this.logger, AlarmStreamConsumer.name),
      handle: (event) =>
        this.commands.execute(new OpenIncidentCommand(event as Envelope<EventPayload<'AlarmReceived'>>)),
    });
    this.infra.track(subscription);
  }
}
