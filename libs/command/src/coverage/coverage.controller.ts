import { Controller, Get, UseGuards } from '@nestjs/common';
import type { CoverageReport } from '@erp/domain';
import { SignedInGuard } from '@erp/duty';
import { DataSource } from 'typeorm';
import { CommandStructureSnapshots } from '@erp/persistence';

/** 15分钟应急救援圈: which townships an available team reaches within the circle, and by whom. */
@Controller('api/v1/coverage')
@UseGuards(SignedInGuard)
export class CoverageController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly snapshots: CommandStructureSnapshots,
  ) {}

  @Get()
  async coverage(): Promise<CoverageReport> {
    return (await this.snapshots.read(this.dataSource.manager)).coverage.report();
  }
}
