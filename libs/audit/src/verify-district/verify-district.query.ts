import { Query } from '@nestjs/cqrs';
import type { UnmatchedHead } from '@erp/domain';
import type { SignedInUser } from '@erp/auth';

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
  /**
   * How long logged incident events have waited for a seal. Beyond three sealing intervals, links were
   * removed from the chain's end (or the sealer is not running): the chain no longer covers the log.
   */
  unsealedForSeconds: number | null;
  /** Set when the chain lags behind the log by more than that. */
  checkpointsBehind: boolean;
}

export class VerifyDistrictQuery extends Query<DistrictVerification> {
  constructor(readonly user: SignedInUser) {
    super();
  }
}
