import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { classifyByType, Clock, DomainError, firstResponseClauses, Incident, Task } from '@erp/domain';
import { AppConfig } from '@erp/config';
import { AlarmRepository, IncidentRepository, TaskRepository, UnitOfWork } from '@erp/persistence';
import { APP_CONFIG, CLOCK } from '@erp/platform';
import { OpenIncidentCommand } from './open-incident.command';

export const DISPATCHER = 'dispatcher';

/**
 * An alarm becomes an incident, is classified, and its first task goes to the township's emergency
 * office (属地负责), all in one transaction with the inbox mark: a redelivered AlarmReceived changes nothing.
 */
@CommandHandler(OpenIncidentCommand)
export class OpenIncidentHandler implements ICommandHandler<OpenIncidentCommand, void> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ alarmReceived: event }: OpenIncidentCommand): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      if (!(await tx.firstDelivery(DISPATCHER, event.eventId))) return;
      const alarm = await AlarmRepository.get(tx.manager, event.payload.alarmId, true);
      if (!alarm) {
        throw new DomainError(
          'ALARM.NOT_FOUND',
          'invalid',
          `AlarmReceived names unknown alarm ${event.payload.alarmId}`,
        );
      }
      if (alarm.snapshot().incidentId) return;
      const now = this.clock.now();
      const incident = Incident.openFromAlarm(
        randomUUID(),
        alarm.snapshot(),
        classifyByType(alarm.snapshot().type),
        now,
      );
      alarm.joinIncident(incident.id);
      const tasks = firstResponseClauses(incident.snapshot()).map((clause) =>
        Task.dispatch(
          {
            id: randomUUID(),
            incidentId: incident.id,
            ...clause,
            ackWithinSeconds: this.config.ackDeadlineSeconds,
            escalationStep: 0,
            escalatedFromTaskId: null,
          },
          now,
        ),
      );
      await IncidentRepository.insert(tx.manager, incident);
      await AlarmRepository.save(tx.manager, alarm);
      for (const task of tasks) await TaskRepository.insert(tx.manager, task);
      await tx.record(
        [...incident.pullEvents(), ...tasks.flatMap((t) => t.pullEvents())],
        {
          actor: { kind: 'system', id: DISPATCHER },
          correlationId: event.correlationId,
          causationId: event.eventId,
        },
        now,
      );
    });
  }
}
