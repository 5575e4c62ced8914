import { Query } from '@nestjs/cqrs';
import { SignedInUser } from '@erp/auth';
import { TaskView } from './task-view';

/** The tasks of the units a user acts for, newest first (值班台: 我的任务). */
export class MyTasksQuery extends Query<TaskView[]> {
  constructor(
    readonly user: SignedInUser,
    readonly openOnly: boolean,
  ) {
    super();
  }
}
