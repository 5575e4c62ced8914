import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  assembleResponseTimes,
  checkReportRange,
  INCIDENT_RECORD_READ_MODEL,
  IncidentRecordReadModel,
  reportTownship,
  RESPONSE_TIMES_READ_MODEL,
  ResponseTimesReadModel,
  ResponseTimesReport,
} from '@erp/domain';
import { ResponseTimesReportQuery } from './response-times.query';

@QueryHandler(ResponseTimesReportQuery)
export class ResponseTimesReportHandler implements IQueryHandler<
  ResponseTimesReportQuery,
  ResponseTimesReport
> {
  constructor(
    @Inject(RESPONSE_TIMES_READ_MODEL) private readonly responseTimes: ResponseTimesReadModel,
    @Inject(INCIDENT_RECORD_READ_MODEL) private readonly records: IncidentRecordReadModel,
  ) {}

  async execute({ user, params }: ResponseTimesReportQuery): Promise<ResponseTimesReport> {
    checkReportRange(params.from, params.to);
    // A township office's officer is held to their own township, whatever they asked for.
    const query = { ...params, townshipCode: reportTownship(user, params.townshipCode) };
    const [figures, units] = await Promise.all([this.responseTimes.figures(query), this.records.units()]);
    return assembleResponseTimes(query, figures, (id) => units.byId(id)?.name);
  }
}
