import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { StructureChangeResult } from '../structure-change/structure-writer';

/**
 * 新增人员: a member joins a unit, and gets an account (a duty officer of the unit) with a one-time password
 * shown once, unless they already have one.
 */
export class AddMemberCommand extends Command<StructureChangeResult> {
  constructor(
    readonly unitId: string,
    readonly member: unknown,
    readonly expectedRevision: number,
    readonly user: SignedInUser,
  ) {
    super();
  }
}

/** 人员离岗: a member leaves the unit; their account is retired unless they still serve elsewhere. */
export class RemoveMemberCommand extends Command<StructureChangeResult> {
  constructor(
    readonly unitId: string,
    readonly userName: string,
    readonly expectedRevision: number,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
