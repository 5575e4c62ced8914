import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { WarningTaskMove, WarningTaskRecord } from '@erp/domain';

/** 签收 / 完成 a warning task: its responsible person (or the commander) moves it. */
export class MoveWarningTaskCommand extends Command<WarningTaskRecord> {
  constructor(
    readonly taskId: string,
    readonly move: WarningTaskMove,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
