import { Module } from '@nestjs/common';
import { AuthModule } from '@erp/auth';
import { AuditController } from './audit.controller';
import { IncidentAudience } from './incident-audience/incident-audience';
import { IncidentReportHandler } from './incident-report/incident-report.handler';
import { ResponseTimesReportHandler } from './response-times/response-times.handler';
import { VerifyDistrictHandler } from './verify-district/verify-district.handler';
import { IncidentTimelineHandler } from './verify-timeline/incident-timeline.handler';
import { VerifyTimelineHandler } from './verify-timeline/verify-timeline.handler';
import { WarningTimelineHandler } from './verify-timeline/warning-timeline.handler';

/**
 * The audit's reads (审计查询), served by the duty console: the timeline and its verification (per incident and
 * district-wide), a warning's timeline, the printable incident report, the response-time report. Projection stays in AuditModule.
 */
@Module({
  imports: [AuthModule],
  controllers: [AuditController],
  providers: [
    IncidentAudience,
    IncidentTimelineHandler,
    VerifyTimelineHandler,
    WarningTimelineHandler,
    VerifyDistrictHandler,
    IncidentReportHandler,
    ResponseTimesReportHandler,
  ],
})
export class AuditReportsModule {}
