import { Inject } from '@nestjs/common';
import { AppConfig } from '@erp/config';
import { APP_CONFIG } from '@erp/platform';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  DomainError,
  firstBrokenCheckpoint,
  GENESIS_HASH,
  readsEverything,
  TIMELINE_READ_MODEL,
  TimelineReadModel,
} from '@erp/domain';
import { DistrictVerification, VerifyDistrictQuery } from './verify-district.query';

const PAGE = 5_000;
const UNMATCHED_SHOWN = 100;
/** Slack for a seal running late (a slow transaction, a restart) before a lag counts as a gap. */
const GRACE_SECONDS = 2;

@QueryHandler(VerifyDistrictQuery)
export class VerifyDistrictHandler implements IQueryHandler<VerifyDistrictQuery, DistrictVerification> {
  constructor(
    @Inject(TIMELINE_READ_MODEL) private readonly timelines: TimelineReadModel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ user }: VerifyDistrictQuery): Promise<DistrictVerification> {
    if (!readsEverything(user)) {
      throw new DomainError(
        'AUDIT.NOT_ALLOWED',
        'forbidden',
        '区级检查点校验仅限指挥长和审计员 only commanders and auditors verify the district chain',
      );
    }
    let last = { seq: 0, hash: GENESIS_HASH };
    let firstBrokenAt: number | undefined;
    for (;;) {
      const page = await this.timelines.checkpointLinks(last.seq, PAGE);
      if (!page.length) break;
      const broken = firstBrokenCheckpoint(page, last);
      if (broken >= 0) {
        firstBrokenAt = last.seq + 1 + broken;
        if (broken > 0) last = page[broken - 1];
        break;
      }
      last = page[page.length - 1];
    }
    const unmatchedHeads = await this.timelines.unmatchedHeads(UNMATCHED_SHOWN);
    const unsealedForSeconds = await this.timelines.unsealedSeconds();
    const checkpointsBehind =
      unsealedForSeconds !== null && unsealedForSeconds > 3 * this.config.checkpointSeconds + GRACE_SECONDS;
    return {
      intact: firstBrokenAt === undefined && !unmatchedHeads.length && !checkpointsBehind,
      checkpoints: last.seq,
      headSeq: last.seq,
      headHash: last.hash,
      ...(firstBrokenAt !== undefined ? { firstBrokenAt } : {}),
      unmatchedHeads,
      unsealedForSeconds,
      checkpointsBehind,
    };
  }
}
