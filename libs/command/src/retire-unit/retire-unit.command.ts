import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { StructureChangeResult } from '../structure-change/structure-writer';

/** 撤销单位: the unit stays for history (past tasks keep its name) and is never tasked or dispatched again. */
export class RetireUnitCommand extends Command<StructureChangeResult> {
  constructor(
    readonly unitId: string,
    readonly expectedRevision: number,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
