import { Query } from '@nestjs/cqrs';
import type { TimelineVerification } from '@erp/domain';
import type { SignedInUser } from '@erp/auth';

export type TimelineVerificationView = TimelineVerification & { incidentId: string };

/** Whether an incident's timeline holds: its hash chain, and against the checkpoints that sealed it. */
export class VerifyTimelineQuery extends Query<TimelineVerificationView> {
  constructor(
    readonly user: SignedInUser,
    readonly incidentId: string,
  ) {
    super();
  }
}
