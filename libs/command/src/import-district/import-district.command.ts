import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { ImportReport } from './import-district.handler';

/** 导入: a workbook (or one CSV of one kind) checked, and with `dryRun` false applied whole or not at all. */
export class ImportDistrictCommand extends Command<ImportReport> {
  constructor(
    readonly file: { buffer: Buffer; originalname: string } | undefined,
    readonly kind: string | undefined,
    readonly dryRun: boolean,
    readonly user: SignedInUser,
  ) {
    super();
  }
}
