import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { HazardPointRecord } from '@erp/domain';

/** 修改隐患点: the commander replaces a point's fields, against the revision they read (If-Match). */
export class ReviseHazardPointCommand extends Command<HazardPointRecord> {
  constructor(
    readonly id: string,
    readonly body: unknown,
    readonly expectedRevision: number,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
