import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { StoredPlan } from '@erp/domain';

/** 发布预案: the commander publishes a whole new version of the tiered response plan. */
export class PublishPlanCommand extends Command<PublishedPlan> {
  constructor(
    /** The request body: a whole `TieredResponsePlan` document, checked by the handler. */
    readonly document: unknown,
    readonly user: SignedInUser,
  ) {
    super();
  }
}

export interface PublishedPlan {
  stored: StoredPlan;
  previousVersion: string | null;
}
