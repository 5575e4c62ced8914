import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Topics } from '@erp/contracts';
import { consumeEvents, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { Infrastructure, structured } from '@erp/platform';
import { DispatchOwedTasksCommand } from './dispatch-owed-tasks/dispatch-owed-tasks.command';
import { PLAN_DISPATCHER } from './dispatch-owed-tasks/dispatch-owed-tasks.handler';

/** Feeds a (re)classified incident into DispatchOwedTasksCommand; nothing else happens here. */
@Injectable()
export class IncidentStreamConsumer implements OnModuleInit {
  private readonly logger = new Logger(IncidentStreamConsumer.name);

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
  ) {}

  async onModuleInit(): Promise<void> {
    const subscription = await consumeEvents(this.stream, {
      group: PLAN_DISPATCHER,
      topics: [Topics.incidents],
      types: ['IncidentClassified', 'IncidentReclassified'],
      log: structured(this.logger, IncidentStreamConsumer.name),
      handle: (event) =>
        this.commands.execute(
          new DispatchOwedTasksCommand(event.incidentId!, event.eventId, event.correlationId),
        ),
    });
    this.infra.track(subscription);
  }
}
