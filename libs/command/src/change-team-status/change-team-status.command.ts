import { Command } from '@nestjs/cqrs';
import type { TeamStatus, UnitRecord } from '@erp/domain';
import type { SignedInUser } from '@erp/auth';

/** 队伍状态: a rescue team reports (or is reported) dispatched, en route, on scene, returning, back, or out of service. */
export class ChangeTeamStatusCommand extends Command<UnitRecord> {
  constructor(
    readonly teamId: string,
    readonly to: TeamStatus,
    readonly incidentId: string | null,
    readonly reason: string,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
