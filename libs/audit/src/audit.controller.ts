import {
  Controller,
  Get,
  Header,
  Headers,
  Param,
  ParseUUIDPipe,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { z } from 'zod';
import { REPORT_GROUPINGS } from '@erp/domain';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ApiDoc, parseBody } from '@erp/platform';
import { IncidentReportQuery } from './incident-report/incident-report.query';
import { responseTimesCsv } from './response-times/response-times-csv';
import { ResponseTimesReportQuery } from './response-times/response-times.query';
import { VerifyDistrictQuery } from './verify-district/verify-district.query';
import { IncidentTimelineQuery } from './verify-timeline/incident-timeline.query';
import { VerifyTimelineQuery } from './verify-timeline/verify-timeline.query';
import { WarningTimelineQuery } from './verify-timeline/warning-timeline.query';

/** An instant with its offset, or a calendar day (its midnight in Beijing time). */
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00+08:00` : v));

const ResponseTimesSchema = z.strictObject({
  from: instant,
  to: instant,
  groupBy: z.enum(REPORT_GROUPINGS).default('township'),
  includeExercises: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  townshipCode: z
    .string()
    .regex(/^\d{9}$/, 'a 9-digit township code')
    .optional(),
  format: z.enum(['json', 'csv']).optional(),
});

/**
 * 审计: an incident's timeline, its verification and printable report, a warning's timeline, the district
 * chain, the response-time report.
 */
@Controller('api/v1')
@UseGuards(SignedInGuard)
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('incidents/:id/timeline')
  @ApiDoc({
    summary: "时间线 the incident's hash-chained timeline, in order",
    description: 'Entries with actor, both times, summary and hashes; `chainIntact` and `verification`.',
    errors: { 404: 'no such incident visible to you' },
  })
  async timeline(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.execute(new IncidentTimelineQuery(req.user, id));
  }

  @Get('warnings/:id/timeline')
  @ApiDoc({
    summary: "预警时间线 the warning's hash-chained timeline: its changes, tasks, ladder and notices",
    description: 'Entries as an incident timeline has them; `chainIntact` and `verification`.',
    errors: { 404: 'WARNING.NOT_FOUND' },
  })
  async warningTimeline(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.execute(new WarningTimelineQuery(id));
  }

  @Get('incidents/:id/timeline/verify')
  @ApiDoc({
    summary: '校验时间线 verify the timeline against its chain and checkpoints',
    errors: { 404: 'no such incident visible to you' },
  })
  async verify(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.execute(new VerifyTimelineQuery(req.user, id));
  }

  @Get('incidents/:id/report')
  @ApiDoc({
    summary: '突发事件处置报告 the printable incident report',
    success: { description: 'an HTML page that prints on A4', contentTypes: ['text/html'] },
    errors: { 404: 'no such incident visible to you' },
  })
  @Header('content-type', 'text/html; charset=utf-8')
  async report(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.execute(new IncidentReportQuery(req.user, id));
  }

  @Get('audit/checkpoints/verify')
  @ApiDoc({
    summary: '校验全区链 verify the district chain of incident heads',
    errors: { 403: 'commanders and auditors only' },
  })
  async verifyDistrict(@Req() req: UserRequest) {
    return this.queries.execute(new VerifyDistrictQuery(req.user));
  }

  /** `?from=&to=&groupBy=&includeExercises=&townshipCode=`; CSV with `Accept: text/csv` or `format=csv`. */
  @Get('reports/response-times')
  @ApiDoc({
    summary: '响应时间报表 response times by stage, per group and overall',
    description: 'CSV (UTF-8 with BOM, Chinese headers) with `Accept: text/csv` or `format=csv`.',
    query: ResponseTimesSchema,
    success: { description: 'the report', contentTypes: ['application/json', 'text/csv'] },
    errors: { 403: 'REPORT.OTHER_TOWNSHIP, or a role that reads no report' },
  })
  async responseTimes(
    @Req() req: UserRequest,
    @Query() query: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { format, townshipCode, ...params } = parseBody(ResponseTimesSchema, query);
    const report = await this.queries.execute(
      new ResponseTimesReportQuery(req.user, { ...params, townshipCode: townshipCode ?? null }),
    );
    if (format === 'csv' || (format !== 'json' && /\btext\/csv\b/i.test(accept ?? ''))) {
      const day = (d: Date) => d.toISOString().slice(0, 10);
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader(
        'content-disposition',
        `attachment; filename="response-times-${params.groupBy}-${day(params.from)}-${day(params.to)}.csv"`,
      );
      return responseTimesCsv(report);
    }
    return report;
  }
}
