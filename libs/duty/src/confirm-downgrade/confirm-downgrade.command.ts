import { Command } from '@nestjs/cqrs';
import { IncidentState } from '@erp/domain';
import { SignedInUser } from '@erp/auth';

export class ConfirmDowngradeCommand extends Command<IncidentState> {
  constructor(
    readonly incidentId: string,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
