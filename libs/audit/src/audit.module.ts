import { Module } from '@nestjs/common';
import { AuthModule } from '@erp/auth';
import { TimelineProjector } from './append-entry/timeline-projector';
import { IncidentTimelineHandler } from './timeline/incident-timeline.handler';
import { TimelineController } from './timeline/timeline.controller';

/** Audit (审计): every incident event lands in an append-only, hash-chained timeline. */
@Module({ providers: [TimelineProjector] })
export class AuditModule {}

/** The audit's reads over HTTP, for the consoles: an incident's timeline. */
@Module({
  imports: [AuthModule],
  controllers: [TimelineController],
  providers: [IncidentTimelineHandler],
})
export class AuditReadsModule {}
