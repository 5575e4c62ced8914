import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Envelope, EventPayload, Topics } from '@erp/contracts';
import { consumeEvents, DecodedEvent, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { Infrastructure, structured } from '@erp/platform';
import { DispatchOwedTasksCommand, OwedTasksNotice } from './dispatch-owed-tasks/dispatch-owed-tasks.command';
import { PLAN_DISPATCHER } from './dispatch-owed-tasks/dispatch-owed-tasks.handler';
import { OpenIncidentCommand } from './open-incident/open-incident.command';
import { StandDownTeamsCommand } from './stand-down-teams/stand-down-teams.command';
import { ReinforceCommand } from './reinforce/reinforce.command';
import { RegradeOnReportCommand } from './regrade-on-report/regrade-on-report.command';
import { DISPATCHER } from './open-incident/open-incident.handler';

/**
 * Feeds the stream into dispatch's two commands; nothing else happens here. Two consumer groups, so an
 * alarm backlog never delays the tasks of incidents already classified:
 * - AlarmReceived → OpenIncidentCommand (correlation and classification), a batch at a time;
 * - IncidentClassified / IncidentReclassified → DispatchOwedTasksCommand (the tiered plan's tasks), a
 *   batch at a time;
 * - IncidentCancelled → StandDownTeamsCommand (its tasks cancelled, its rescue teams come back);
 * - TaskDeclined, and TaskEscalated asking for the next team → ReinforceCommand (增派);
 * - TaskReported with figures → RegradeOnReportCommand (re-graded like an alarm's facts).
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
        types: [
          'IncidentClassified',
          'IncidentReclassified',
          'IncidentCancelled',
          'TaskDeclined',
          'TaskEscalated',
          'TaskReported',
        ],
        log,
        handle: (event) => this.plan([event]),
        handleBatch: (events) => this.plan(events),
      }),
    );
  }

  /** What a task event asks of dispatch: stand down, send another team, or re-grade; null for nothing. */
  private followUp(event: DecodedEvent, incidentId: string): object | null {
    const { eventId, correlationId } = event;
    switch (event.type) {
      case 'IncidentCancelled':
        return new StandDownTeamsCommand(incidentId, eventId, correlationId);
      case 'TaskDeclined': {
        const p = event.payload as EventPayload<'TaskDeclined'>;
        return new ReinforceCommand(incidentId, p.taskId, p.capabilities, 'declined', eventId, correlationId);
      }
      case 'TaskEscalated': {
        const p = event.payload as EventPayload<'TaskEscalated'>;
        if (p.action !== 'dispatch_next_team' || !p.target.capabilities) return null;
        return new ReinforceCommand(
          incidentId,
          p.taskId,
          p.target.capabilities,
          'late',
          eventId,
          correlationId,
        );
      }
      case 'TaskReported': {
        const p = event.payload as EventPayload<'TaskReported'>;
        if (!p.casualties && p.economicLossCny === undefined) return null;
        const facts = { casualties: p.casualties, economicLossCny: p.economicLossCny };
        return new RegradeOnReportCommand(incidentId, facts, eventId, correlationId);
      }
      default:
        return null;
    }
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
      const { incidentId, eventId, correlationId } = event as DecodedEvent & { incidentId: string };
      if (event.type === 'IncidentClassified' || event.type === 'IncidentReclassified') {
        owed.push({ incidentId, eventId, correlationId });
        continue;
      }
      await flush();
      const command = this.followUp(event, incidentId);
      if (command) await this.commands.execute(command);
    }
    await flush();
  }
}
