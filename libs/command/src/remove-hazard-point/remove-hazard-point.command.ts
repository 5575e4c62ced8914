import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';

/** 删除隐患点 (e.g. 销号 after remediation): the commander removes a point from the register. */
export class RemoveHazardPointCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
