import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { StructureChangeResult } from '../structure-change/structure-writer';

/** 新增单位: the commander adds a unit or a rescue team (its members get accounts with one-time passwords). */
export class CreateUnitCommand extends Command<StructureChangeResult> {
  constructor(
    /** The POST body, checked by the handler against the whole structure. */
    readonly body: unknown,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
