import { Controller, Get, Param, ParseUUIDPipe, Req, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { IncidentTimelineQuery } from './timeline.query';

/** An incident's hash-chained timeline, for whoever may see the incident. */
@Controller('api/v1/incidents')
@UseGuards(SignedInGuard)
export class TimelineController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/timeline')
  timeline(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.execute(new IncidentTimelineQuery(req.user, id));
  }
}
