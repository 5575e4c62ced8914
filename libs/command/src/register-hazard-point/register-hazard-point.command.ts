import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { HazardPointRecord } from '@erp/domain';

/** 新增隐患点: the commander registers a hazard point with its 责任清单. */
export class RegisterHazardPointCommand extends Command<HazardPointRecord> {
  constructor(
    readonly body: unknown,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
