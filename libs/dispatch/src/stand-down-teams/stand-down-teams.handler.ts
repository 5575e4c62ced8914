import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainEvent } from '@erp/contracts';
import { Clock, TeamStatus } from '@erp/domain';
import { IncidentRepository, RescueTeamRepository, TaskRepository, UnitOfWork } from '@erp/persistence';
import { CLOCK } from '@erp/platform';
import { PLAN_DISPATCHER } from '../dispatch-owed-tasks/dispatch-owed-tasks.handler';
import { StandDownTeamsCommand } from './stand-down-teams.command';

/**
 * Where a team sent to a cancelled incident goes: a team that has not left yet is available again at once
 * (撤回); one on the way or on scene turns back (returning) and is available when it reports back. Teams
 * already returning, back, or out of service are left as they are.
 */
const STAND_DOWN: Partial<Record<TeamStatus, TeamStatus>> = {
  dispatched: 'available',
  en_route: 'returning',
  on_scene: 'returning',
};

/**
 * 事件撤销: an incident was cancelled (a CAP Cancel, for now), so its rescue teams stand down and count
 * towards the 15-minute circle again as soon as they can. Each change is conditional on the status read
 * (a team moved on meanwhile by an officer is left alone), recorded as RescueTeamStatusChanged.
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
      const incident = await IncidentRepository.getForUpdate(tx.manager, incidentId);
      if (incident?.snapshot().status !== 'cancelled') return;
      const [tasks, statuses] = await Promise.all([
        TaskRepository.listByIncident(tx.manager, incidentId),
        RescueTeamRepository.statuses(tx.manager),
      ]);
      const events: DomainEvent[] = [];
      for (const teamId of new Set(tasks.map((t) => t.unitId).filter((id) => statuses.has(id)))) {
        const from = statuses.get(teamId)!;
        const to = STAND_DOWN[from];
        if (!to || !(await RescueTeamRepository.setStatus(tx.manager, teamId, from, to))) continue;
        events.push({
          type: 'RescueTeamStatusChanged',
          payload: { teamId, from, to, incidentId, reason: '事件撤销，队伍撤回 incident cancelled' },
        });
      }
      await tx.record(
        events,
        { actor: { kind: 'system', id: PLAN_DISPATCHER }, correlationId, causationId: eventId },
        this.clock.now(),
      );
    });
  }
}
