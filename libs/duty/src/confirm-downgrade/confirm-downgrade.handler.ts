import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError, IncidentState, UnitIds, UnitOfWork } from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { ConfirmDowngradeCommand } from './confirm-downgrade.command';

/**
 * 降级确认: new information never lowers an incident's grade by itself; the township's duty officer or
 * the commander confirms the proposed downgrade, and the confirmation is attributed in the timeline.
 */
@CommandHandler(ConfirmDowngradeCommand)
export class ConfirmDowngradeHandler implements ICommandHandler<ConfirmDowngradeCommand, IncidentState> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ incidentId, user }: ConfirmDowngradeCommand): Promise<IncidentState> {
    return this.unitOfWork.run(async (tx) => {
      const incident = await tx.incidents.getForUpdate(incidentId);
      if (!incident) throw new DomainError('INCIDENT.NOT_FOUND', 'not_found', `no incident ${incidentId}`);
      const owner = UnitIds.townshipOffice(incident.snapshot().townshipCode);
      if (user.role !== 'commander' && user.unitId !== owner) {
        throw new DomainError(
          'INCIDENT.NOT_YOUR_TOWNSHIP',
          'forbidden',
          'only the township office or the commander may confirm',
        );
      }
      incident.confirmDowngrade(user.username);
      await tx.incidents.save(incident);
      await tx.record(
        incident.pullEvents(),
        {
          actor: { kind: 'user', id: user.userId, name: user.username, unitId: user.unitId ?? undefined },
          correlationId: incidentId,
          causationId: null,
        },
        this.clock.now(),
      );
      return incident.snapshot();
    });
  }
}
