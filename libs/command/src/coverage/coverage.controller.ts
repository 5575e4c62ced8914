import { Controller, Get, UseGuards } from '@nestjs/common';
import type { CoverageReport } from '@erp/domain';
import { SignedInGuard } from '@erp/auth';
import { ApiDoc } from '@erp/platform';
import { ReadStore } from '@erp/domain';

/** 15分钟应急救援圈: which townships an available team reaches within the circle, and by whom. */
@Controller('api/v1/coverage')
@UseGuards(SignedInGuard)
export class CoverageController {
  constructor(private readonly store: ReadStore) {}

  @Get()
  @ApiDoc({
    summary: "15分钟覆盖 each township's best rescue-team ETA and whether the circle covers it",
    success: { description: '`{circleSeconds, townships, coveredShare}`' },
  })
  async coverage(): Promise<CoverageReport> {
    return (await this.store.structure.read()).coverage.report();
  }
}
