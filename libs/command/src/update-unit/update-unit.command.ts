import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { UnitRecord } from '@erp/domain';

/** 修改单位信息: the commander changes some of a unit's name, contact, members, roster, responsibilities, note. */
export class UpdateUnitCommand extends Command<UnitRecord> {
  constructor(
    readonly unitId: string,
    /** The PATCH body, checked by the handler with the whole structure. */
    readonly changes: unknown,
    readonly expectedRevision: number,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
