import { Command } from '@nestjs/cqrs';
import type { TaskView } from '../my-tasks/task-view';
import { SignedInUser } from '@erp/auth';

/** The moves an officer makes on a task's stages (a report has its own command). */
export type StageMove = 'acknowledge' | 'depart' | 'arrive' | 'complete' | 'decline';

export class MoveTaskCommand extends Command<TaskView> {
  constructor(
    readonly taskId: string,
    readonly move: StageMove,
    readonly user: SignedInUser,
    /** Why, for a decline. */
    readonly reason?: string,
  ) {
    super();
  }
}
