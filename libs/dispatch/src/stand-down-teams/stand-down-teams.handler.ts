import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainEvent } from '@erp/contracts';
import { Clock, isOpenStatus, Task, teamStatusChanged, teamStatusOnStandDown, UnitOfWork } from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { PLAN_DISPATCHER } from '../dispatch-owed-tasks/dispatch-owed-tasks.handler';
import { StandDownTeamsCommand } from './stand-down-teams.command';

/**
 * 事件撤销: an incident was cancelled (a CAP Cancel), so every task still open on it is cancelled (its
 * timers stop) and its rescue teams stand down and count towards the 15-minute circle again as soon as
 * they can: not yet gone, available at once; on the way or on scene, returning. Each team change is
 * conditional on the status read (a team an officer moved meanwhile is left alone).
 */
@CommandHandler(StandDownTeamsCommand)
export class StandDownTeamsHandler implements ICommandHandler<StandDownTeamsCommand, void> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ incidentId, eventId, correlationId }: StandDownTeamsCommand): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      if (!(await tx.firstDelivery(PLAN_DISPATCHER, eventId))) return;
      const incident = await tx.incidents.getForUpdate(incidentId);
      if (incident?.snapshot().status !== 'cancelled') return;
      const now = this.clock.now();
      const [tasks, statuses] = await Promise.all([tx.tasks.listByIncident(incidentId), tx.teams.statuses()]);
      const cancelled = tasks.filter((t) => isOpenStatus(t.status)).map((t) => Task.restore(t));
      for (const task of cancelled) task.cancel(now, '事件撤销 the incident was cancelled');
      await tx.tasks.saveAll(cancelled);
      const events: DomainEvent[] = cancelled.flatMap((t) => t.pullEvents());
      for (const teamId of new Set(tasks.map((t) => t.unitId).filter((id) => statuses.has(id)))) {
        const from = statuses.get(teamId)!;
        const to = teamStatusOnStandDown(from, false);
        if (!to || !(await tx.teams.setStatus(teamId, from, to))) continue;
        events.push(teamStatusChanged(teamId, from, to, incidentId, '事件撤销，队伍撤回 incident cancelled'));
      }
      await tx.record(
        events,
        { actor: { kind: 'system', id: PLAN_DISPATCHER }, correlationId, causationId: eventId },
        now,
      );
    });
  }
}
