import { Query } from '@nestjs/cqrs';
import type { UnmatchedHead } from '@erp/domain';
import type { SignedInUser } from '@erp/duty';

/** The district-wide chain of incident heads checked link by link, and every sealed head against the timeline. */
export interface DistrictVerification {
  intact: boolean;
  /** Links that hold, from the first. */
  checkpoints: number;
  /** The last link that holds (the chain's head when intact): compare it with a copy kept elsewhere. */
  headSeq: number;
  headHash: string;
  /** The number of the first link that does not hold; absent when all hold. */
  firstBrokenAt?: number;
  /** Incidents whose sealed head the timeline no longer holds (a cut tail, a removed incident, a rewrite). */
  unmatchedHeads: UnmatchedHead[];
}

export class VerifyDistrictQuery extends Query<DistrictVerification> {
  constructor(readonly user: SignedInUser) {
    super();
  }
}
