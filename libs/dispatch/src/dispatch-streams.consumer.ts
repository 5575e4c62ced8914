import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Envelope, EventPayload, Topics } from '@erp/contracts';
import { consumeEvents, DecodedEvent, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { Infrastructure, structured } from '@erp/platform';
import { DispatchOwedTasksCommand, OwedTasksNotice } from './dispatch-owed-tasks/dispatch-owed-tasks.command';
import { PLAN_DISPATCHER } from './dispatch-owed-tasks/dispatch-owed-tasks.handler';
import { OpenIncidentCommand } from './open-incident/open-incident.command';
import { StandDownTeamsCommand } from './stand-down-teams/stand-down-teams.command';
import { DISPATCHER } from './open-incident/open-incident.handler';

/**
 * Feeds the stream into dispatch's two commands; nothing else happens here. Two consumer groups, so an
 * alarm backlog never delays the tasks of incidents already classified:
 * - AlarmReceived → OpenIncidentCommand (correlation and classification), a batch at a time;
 * - IncidentClassified / IncidentReclassified → DispatchOwedTasksCommand (the tiered plan's tasks), a
 *   batch at a time;
 * - IncidentCancelled → StandDownTeamsCommand (its rescue teams come back).
 */
type AlarmReceived = Envelope<EventPayload<'AlarmReceived'>>;

@Injectable()
export class DispatchStreams implements OnModuleInit {
  private readonly logger = new Logger(DispatchStreams.name);

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
  ) {}

  async onModuleInit(): Promise<void> {
    const log = structured(this.logger, DispatchStreams.name);
    this.infra.track(
      await consumeEvents(this.stream, {
        group: DISPATCHER,
        topics: [Topics.alarms],
        types: ['AlarmReceived'],
        log,
        handle: (event) => this.commands.execute(new OpenIncidentCommand([event as AlarmReceived])),
        handleBatch: (events) => this.commands.execute(new OpenIncidentCommand(events as AlarmReceived[])),
      }),
    );
    this.infra.track(
      await consumeEvents(this.stream, {
        group: PLAN_DISPATCHER,
        topics: [Topics.incidents],
        types: ['IncidentClassified', 'IncidentReclassified', 'IncidentCancelled'],
        log,
        handle: (event) => this.plan([event]),
        handleBatch: (events) => this.plan(events),
      }),
    );
  }

  /**
   * In order: each run of (re-)classifications is one DispatchOwedTasksCommand; a cancellation stands its
   * teams down in turn, after what came before it.
   */
  private async plan(events: readonly DecodedEvent[]): Promise<void> {
    let owed: OwedTasksNotice[] = [];
    const flush = async () => {
      if (owed.length) await this.commands.execute(new DispatchOwedTasksCommand(owed));
      owed = [];
    };
    for (const event of events) {
      if (event.type === 'IncidentCancelled') {
        await flush();
        await this.commands.execute(
          new StandDownTeamsCommand(event.incidentId!, event.eventId, event.correlationId),
        );
      } else {
        owed.push({
          incidentId: event.incidentId!,
          eventId: event.eventId,
          correlationId: event.correlationId,
        });
      }
    }
    await flush();
  }
}
