import {
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { z } from 'zod';
import { ReadStore, requireStructureAdministrator } from '@erp/domain';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ApiDoc, parseBody } from '@erp/platform';
import { CommanderGuard } from '../access/commander.guard';
import { sheetsOf } from './district-sheets';
import { hazardRowsOf } from './hazard-sheet';
import { ImportDistrictCommand } from './import-district.command';
import type { ImportReport } from './import-district.handler';
import { TEMPLATE_ROWS } from './template-rows';
import { IMPORT_LIMITS, writeWorkbook } from './workbook-io';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ImportQuerySchema = z.strictObject({
  kind: z.string().optional(),
  dryRun: z.enum(['true', 'false']).default('true'),
});

/** The district's data as a workbook: its template, its export, and importing it (the commander's). */
@Controller('api/v1')
@UseGuards(SignedInGuard)
export class DistrictWorkbookController {
  constructor(
    private readonly bus: CommandBus,
    private readonly store: ReadStore,
  ) {}

  /** A dry run by default: what would change and every error with its cell; 422 when applying finds errors. */
  @Post('imports')
  @HttpCode(200)
  @UseGuards(CommanderGuard)
  @ApiDoc({
    summary: '导入 import units, people, rosters and teams from a workbook',
    description:
      'Multipart field `file`: an .xlsx workbook with the sheets 单位, 人员, 值班表, 队伍, 隐患点 (Chinese headings, as the template), or one UTF-8 CSV with `kind`. Each sheet present is the whole list of its kind. A dry run (the default) answers what would be created, changed and retired and every error with its sheet, row and column; `dryRun=false` applies it in one transaction, or answers 422 with the errors and changes nothing.',
    query: ImportQuerySchema,
    body: {
      contentTypes: ['multipart/form-data'],
      description: 'field `file`: .xlsx (at most 20 MB, 200 MB unpacked, 50,000 rows a sheet) or .csv',
    },
    success: { description: '`{dryRun, applied, created, changed, retired, errors, oneTimePasswords}`' },
    errors: {
      403: 'UNIT.COMMANDER_ONLY: the commander or an administrator only',
      413: 'file over 20 MB',
      422: 'errors found: nothing applied',
    },
  })
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: IMPORT_LIMITS.fileBytes, files: 1, fields: 10 } }),
  )
  async import(
    @Req() req: UserRequest,
    @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined,
    @Query() query: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportReport> {
    const { kind, dryRun } = parseBody(ImportQuerySchema, query);
    const report: ImportReport = await this.bus.execute(
      new ImportDistrictCommand(file, kind, dryRun === 'true', req.user),
    );
    if (!report.dryRun && !report.applied) res.status(422);
    res.setHeader('Cache-Control', 'no-store');
    return report;
  }

  @Get('imports/template.xlsx')
  @ApiDoc({
    summary: '导入模板 the workbook template: headings and one example row per sheet',
    success: { description: 'the template', contentTypes: [XLSX] },
  })
  async template(@Res() res: Response): Promise<void> {
    this.sendWorkbook(res, '导入模板.xlsx', await writeWorkbook(TEMPLATE_ROWS));
  }

  /** What is in service now, in the import's shape; passwords are never in it. */
  @Get('exports/district.xlsx')
  @ApiDoc({
    summary: "导出 the district in service, in the import's shape (no passwords)",
    success: { description: 'imported again, it changes nothing', contentTypes: [XLSX] },
    errors: { 403: 'UNIT.COMMANDER_ONLY: the commander or an administrator only' },
  })
  async export(@Req() req: UserRequest, @Res() res: Response): Promise<void> {
    requireStructureAdministrator(req.user, 'UNIT.COMMANDER_ONLY', '导出 export the district');
    const [records, points] = await Promise.all([this.store.units.list(), this.store.hazardPoints.list()]);
    const rows = { ...sheetsOf(records), 'hazard-points': hazardRowsOf(points) };
    this.sendWorkbook(res, 'district.xlsx', await writeWorkbook(rows));
  }

  private sendWorkbook(res: Response, name: string, body: Buffer): void {
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}
