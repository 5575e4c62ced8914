import { Command } from '@nestjs/cqrs';
import { TaskState } from '@erp/domain';
import { SignedInUser } from '../auth/access-token';

export class AcknowledgeTaskCommand extends Command<TaskState> {
  constructor(
    readonly taskId: string,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
