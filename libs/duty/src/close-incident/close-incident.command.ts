import { Command } from '@nestjs/cqrs';
import { IncidentState } from '@erp/domain';
import { SignedInUser } from '@erp/auth';

export class CloseIncidentCommand extends Command<IncidentState> {
  constructor(
    readonly incidentId: string,
    readonly outcome: string,
    readonly summary: string,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
