import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@erp/config';
import { Clock, DISTRICT_ESCALATION, Task } from '@erp/domain';
import { IncidentRepository, TaskRepository, UnitOfWork } from '@erp/persistence';
import { APP_CONFIG, CLOCK } from '@erp/platform';
import { DeadlineOutcome, HandleAckDeadlineCommand } from './handle-ack-deadline.command';

export const ESCALATOR = 'escalator';

/**
 * A deadline timer fired. The task is re-read under a row lock: if it was acknowledged meanwhile, or this
 * deadline was already handled, nothing happens. Otherwise the breach is recorded and, per the
 * escalation ladder, the next rung (the district command room) gets its own task, in one transaction;
 * a rung that already supervises the incident keeps its one task (one task per incident, unit and role).
 */
@CommandHandler(HandleAckDeadlineCommand)
export class HandleAckDeadlineHandler implements ICommandHandler<HandleAckDeadlineCommand, DeadlineOutcome> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ taskId }: HandleAckDeadlineCommand): Promise<DeadlineOutcome> {
    return this.unitOfWork.run(async (tx) => {
      const task = await TaskRepository.getForUpdate(tx.manager, taskId);
      if (!task || !task.awaitsAcknowledgement) return 'moved-on';
      // The incident's row lock serialises escalations of its tasks (several may miss one deadline together).
      const incident = await IncidentRepository.getForUpdate(tx.manager, task.snapshot().incidentId);
      if (incident?.snapshot().status !== 'open') return 'moved-on'; // cancelled or closed: nobody is owed a response
      const now = this.clock.now();
      if (now.getTime() < task.snapshot().ackDeadlineAt.getTime()) return 'not-yet-due';
      // The rung's unit may already supervise this incident (another task missed its deadline first): the
      // escalation goes to that task rather than a second one for the same unit and role.
      const next = DISTRICT_ESCALATION.next(task.snapshot().escalationStep);
      const already = next
        ? (await TaskRepository.listByIncident(tx.manager, incident.id)).find(
            (t) => t.unitId === next.unitId && t.role === next.role,
          )
        : undefined;
      const escalationTaskId = already?.id ?? randomUUID();
      const rung = task.ackDeadlinePassed(now, DISTRICT_ESCALATION, escalationTaskId);
      await TaskRepository.save(tx.manager, task);
      const events = task.pullEvents();
      if (rung && !already) {
        const from = task.snapshot();
        const escalation = Task.dispatch(
          {
            id: escalationTaskId,
            incidentId: from.incidentId,
            unitId: rung.unitId,
            role: rung.role,
            ackWithinSeconds: this.config.ackDeadlineSeconds ?? rung.ackWithinSeconds,
            escalationStep: rung.step,
            escalatedFromTaskId: from.id,
            clauseId: rung.clauseId,
            planVersion: from.planVersion,
          },
          now,
        );
        await TaskRepository.insert(tx.manager, escalation);
        events.push(...escalation.pullEvents());
      }
      await tx.record(
        events,
        {
          actor: { kind: 'system', id: ESCALATOR },
          correlationId: task.snapshot().incidentId,
          causationId: `timer:${taskId}:ack`,
        },
        now,
      );
      return rung ? 'escalated' : 'missed';
    });
  }
}
