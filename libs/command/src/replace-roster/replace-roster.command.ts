import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { UnitRecord } from '@erp/domain';

/** 更新值班表: a unit's duty roster replaced whole, by the unit's own duty officer or the commander. */
export class ReplaceRosterCommand extends Command<UnitRecord> {
  constructor(
    readonly unitId: string,
    /** The PUT body `{ roster: [...] }`, checked by the handler with the whole structure. */
    readonly body: unknown,
    readonly expectedRevision: number,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
