import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError, transitionTeam, UnitOfWork, UnitRecord } from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { userCausation } from '@erp/auth';
import { mayChangeTeamStatus } from '../access/command-access';
import { ChangeTeamStatusCommand } from './change-team-status.command';

/**
 * The team status machine decides what move is legal; the write is conditional on the status read, so a
 * dispatcher claiming the team at the same moment makes one of the two fail (409), never both succeed.
 */
@CommandHandler(ChangeTeamStatusCommand)
export class ChangeTeamStatusHandler implements ICommandHandler<ChangeTeamStatusCommand, UnitRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ teamId, to, incidentId, reason, user }: ChangeTeamStatusCommand): Promise<UnitRecord> {
    return this.unitOfWork.run(async (tx) => {
      const record = await tx.units.get(teamId);
      if (!record?.team) {
        throw new DomainError('RESCUE_TEAM.NOT_FOUND', 'not_found', `无此救援队伍 no rescue team ${teamId}`, {
          teamId,
        });
      }
      if (record.retiredAt) {
        throw new DomainError('RESCUE_TEAM.RETIRED', 'conflict', `队伍已撤编 team ${teamId} is retired`, {
          teamId,
        });
      }
      const parentId = record.unit.parentId;
      const parent = parentId ? await tx.units.get(parentId) : null;
      if (!mayChangeTeamStatus(user, record.unit, parent?.unit ?? null)) {
        throw new DomainError(
          'RESCUE_TEAM.NOT_YOUR_TEAM',
          'forbidden',
          `只有本队、所属乡镇值班员或指挥长可以更新队伍状态 only the team, its township office's duty officer or the commander may change the status of ${teamId}`,
        );
      }
      const from = record.team.status;
      const moved = transitionTeam(record.team, to);
      if (!(await tx.teams.setStatus(teamId, from, to))) {
        throw new DomainError(
          'RESCUE_TEAM.STATUS_CHANGED',
          'conflict',
          `队伍状态已被他人更新 the status of ${teamId} changed from ${from} meanwhile: reload and try again`,
          { teamId, from },
        );
      }
      await tx.record(
        [{ type: 'RescueTeamStatusChanged', payload: { teamId, from, to, incidentId, reason } }],
        userCausation(user, incidentId ?? teamId),
        this.clock.now(),
      );
      return { ...record, team: moved };
    });
  }
}
