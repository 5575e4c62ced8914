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
import { ReadStore } from '@erp/domain';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ApiDoc, parseBody } from '@erp/platform';
import { commanderOnly } from '../access/command-access';
import { CommanderGuard } from '../access/commander.guard';
import { sheetsOf } from './district-sheets';
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
  @ApiDoc({ summary: '导入工作簿 import the district workbook (xlsx, multipart)', query: ImportQuerySchema })
  @HttpCode(200)
  @UseGuards(CommanderGuard)
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
    summary: '导入模板 the workbook template',
    success: {
      description: 'an xlsx workbook',
      contentTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
  })
  async template(@Res() res: Response): Promise<void> {
    this.sendWorkbook(res, '导入模板.xlsx', await writeWorkbook(TEMPLATE_ROWS));
  }

  /** What is in service now, in the import's shape; passwords are never in it. */
  @Get('exports/district.xlsx')
  @ApiDoc({
    summary: '导出全区 the district as a workbook',
    success: {
      description: 'an xlsx workbook',
      contentTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
  })
  async export(@Req() req: UserRequest, @Res() res: Response): Promise<void> {
    commanderOnly(req.user, '导出 export the district');
    const records = await this.store.units.list();
    this.sendWorkbook(res, 'district.xlsx', await writeWorkbook(sheetsOf(records)));
  }

  private sendWorkbook(res: Response, name: string, body: Buffer): void {
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}
