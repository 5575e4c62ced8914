import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainEvent } from '@erp/contracts';
import {
  Clock,
  DomainError,
  IncidentState,
  isOpenStatus,
  TaskState,
  teamStatusChanged,
  teamStatusOnStandDown,
  UnitIds,
  UnitOfWork,
} from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { SignedInUser, userCausation } from '@erp/auth';
import { CloseIncidentCommand } from './close-incident.command';

/**
 * 闭环: the lead unit's officer or the commander closes an incident once every task has its recorded
 * outcome (409 INCIDENT.OPEN_TASKS naming those that have none). Teams still attached to it are freed in
 * the same transaction; its tasks' timers are already stopped, since no task is open.
 */
@CommandHandler(CloseIncidentCommand)
export class CloseIncidentHandler implements ICommandHandler<CloseIncidentCommand, IncidentState> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ incidentId, outcome, summary, user }: CloseIncidentCommand): Promise<IncidentState> {
    return this.unitOfWork.run(async (tx) => {
      const incident = await tx.incidents.getForUpdate(incidentId);
      if (!incident) throw new DomainError('INCIDENT.NOT_FOUND', 'not_found', `no incident ${incidentId}`);
      const tasks = await tx.tasks.listByIncident(incidentId);
      if (!mayClose(user, incident.snapshot(), tasks)) {
        throw new DomainError(
          'INCIDENT.NOT_LEAD_UNIT',
          'forbidden',
          '只有牵头单位值班员或指挥长可以结案 only the lead unit or the commander may close',
        );
      }
      const open = tasks
        .filter((t) => isOpenStatus(t.status))
        .map((t) => ({ taskId: t.id, unitId: t.unitId, status: t.status }));
      const now = this.clock.now();
      const closure = { outcome, summary, closedBy: user.username };
      if (open.length) incident.close(closure, now, open, []); // throws INCIDENT.OPEN_TASKS
      const registry = await tx.structure.registry();
      const teamEvents: DomainEvent[] = [];
      const teamIds = [...new Set(tasks.map((t) => t.unitId))].filter(
        (id) => registry.byId(id)?.kind === 'rescue_team',
      );
      for (const teamId of teamIds) {
        const from = await tx.teams.statusOf(teamId);
        const to = from ? teamStatusOnStandDown(from, true) : null;
        if (!from || !to || !(await tx.teams.setStatus(teamId, from, to))) continue;
        teamEvents.push(
          teamStatusChanged(teamId, from, to, incidentId, '事件结案，队伍解除 incident closed'),
        );
      }
      incident.close(
        closure,
        now,
        [],
        teamEvents.map((e) => (e.payload as { teamId: string }).teamId),
      );
      await tx.incidents.save(incident);
      await tx.record([...incident.pullEvents(), ...teamEvents], userCausation(user, incidentId), now);
      return incident.snapshot();
    });
  }
}

/** The commander, or an officer of a unit leading the response (the township office when none leads). */
function mayClose(user: SignedInUser, incident: IncidentState, tasks: readonly TaskState[]): boolean {
  if (user.role === 'commander') return true;
  if (user.role !== 'duty_officer' || !user.unitId) return false;
  const leads = tasks.filter((t) => t.role === 'lead').map((t) => t.unitId);
  const owners = leads.length ? leads : [UnitIds.townshipOffice(incident.townshipCode)];
  return owners.includes(user.unitId);
}
