import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { AlarmSubmission, AlarmSubmissionSchema, FieldError, fieldErrors } from '@erp/contracts';
import { Clock, DateWindow, DomainError, ReadStore } from '@erp/domain';
import { ApiDoc, CLOCK, parseBody, requestIdOf, RequestRejected } from '@erp/platform';
import { ApiKeyGuard, SourceRequest } from './alarm-source/api-key.guard';
import { assertAlarmDates } from './receive-alarm/alarm-dates';
import { toAlarmReport } from './receive-alarm/alarm-report.mapper';
import { AlarmReceipt, ReceiveAlarmCommand } from './receive-alarm/receive-alarm.command';

export const MAX_BATCH = 500;

const BatchSchema = z.object({ alarms: z.array(z.unknown()).min(1).max(MAX_BATCH) }).strict();
/** The batch as documented: its items are each checked with `AlarmSubmissionSchema`, on their own. */
const BatchBody = BatchSchema.extend({ alarms: z.array(AlarmSubmissionSchema).min(1).max(MAX_BATCH) });

const ALARM_ERRORS = {
  413: 'REQUEST.TOO_LARGE: over the body limit',
  415: 'send application/json',
  429: "over the source's rate limit, with Retry-After",
};

export type BatchItemResult =
  | ({ index: number; status: 202 } & AlarmReceipt)
  | { index: number; status: number; error: { code: string; message: string; fields?: FieldError[] } };

@Controller('api/v1/alarms')
@UseGuards(ApiKeyGuard)
export class AlarmsController {
  private readonly logger = new Logger(AlarmsController.name);

  constructor(
    private readonly commands: CommandBus,
    private readonly store: ReadStore,
    private readonly dates: DateWindow,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** 202 once the alarm is durable; dispatch happens downstream. */
  @Post()
  @HttpCode(202)
  @ApiDoc({
    summary: '报警 an alarm: 202 once it is durable',
    description: 'The same `source` + `externalId` again answers the same id (`duplicate: true`).',
    body: AlarmSubmissionSchema,
    success: { description: '`{alarmId, duplicate}`' },
    errors: ALARM_ERRORS,
  })
  async receive(@Req() req: SourceRequest, @Body() body: unknown): Promise<AlarmReceipt> {
    assertJson(req);
    const alarm = parseBody(AlarmSubmissionSchema, body);
    assertAlarmDates(alarm, this.dates, this.clock.now());
    assertOwnSource(req, alarm, '/source');
    return this.commands.execute(new ReceiveAlarmCommand(toAlarmReport(alarm), requestIdOf(req)));
  }

  /**
   * Up to 500 alarms, each accepted or refused on its own. The valid ones are submitted together and share
   * group commits; a commit that fails is retried alarm by alarm, so one bad item never blocks, or
   * half-writes, the others. 200 with a result per item, in order. When nothing was accepted because of
   * failures of ours (the database is down, say), the request fails as a whole, as a single alarm would:
   * nothing was written, and the source sends it again.
   */
  @Post('batch')
  @HttpCode(200)
  @ApiDoc({
    summary: '批量报警 up to 500 alarms, each accepted or refused on its own',
    body: BatchBody,
    success: { description: '`{accepted, refused, results[]}`: a status per item, in order' },
    errors: ALARM_ERRORS,
  })
  async receiveBatch(@Req() req: SourceRequest, @Body() body: unknown) {
    assertJson(req);
    const { alarms } = parseBody(BatchSchema, body);
    const batchId = requestIdOf(req);
    const results = await Promise.all(
      alarms.map((item, index) => this.receiveItem(req, item, index, batchId)),
    );
    const accepted = results.filter((r) => r.status === 202).length;
    const failedHere = results.find((r): r is BatchItemResult & { failure: unknown } => 'failure' in r);
    if (accepted === 0 && failedHere) throw failedHere.failure;
    return {
      accepted,
      refused: results.length - accepted,
      results: results.map(({ failure: _failure, ...result }) => result),
    };
  }

  /** An item's result; `failure` holds the error of an item that failed on our side (never sent). */
  private async receiveItem(
    req: SourceRequest,
    item: unknown,
    index: number,
    batchId: string,
  ): Promise<BatchItemResult & { failure?: unknown }> {
    const prefix = `/alarms/${index}`;
    const parsed = AlarmSubmissionSchema.safeParse(item);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error).map((f) => ({
        ...f,
        pointer: prefix + (f.pointer === '/' ? '' : f.pointer),
      }));
      return { index, status: 400, error: { code: 'REQUEST.INVALID', message: 'invalid alarm', fields } };
    }
    try {
      assertAlarmDates(parsed.data, this.dates, this.clock.now(), prefix);
      assertOwnSource(req, parsed.data, `${prefix}/source`);
      const receipt = await this.commands.execute(
        new ReceiveAlarmCommand(toAlarmReport(parsed.data), `${batchId}#${index}`),
      );
      return { index, status: 202, ...receipt };
    } catch (e) {
      if (e instanceof RequestRejected) {
        return { index, status: e.status, error: { code: e.code, message: e.message, fields: e.fields } };
      }
      if (e instanceof DomainError && e.kind === 'invalid') {
        const pointer = typeof e.details?.pointer === 'string' ? prefix + e.details.pointer : prefix;
        return {
          index,
          status: 400,
          error: { code: e.code, message: e.message, fields: [{ pointer, message: e.message }] },
        };
      }
      // The database refused this item alone (the group commit was retried item by item): the others stand.
      this.logger.error({
        message: '批量告警条目入库失败 batch item failed',
        index,
        batchId,
        error: (e as Error).message,
      });
      return {
        index,
        status: 500,
        error: { code: 'INTERNAL', message: '内部错误 internal error' },
        failure: e,
      };
    }
  }

  /** A source may read back the alarms it sent. */
  @Get(':id')
  @ApiDoc({
    summary: '告警状态 an alarm you sent: its status and incident',
    errors: { 404: 'ALARM.NOT_FOUND: none from this source' },
  })
  async status(@Req() req: SourceRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    const found = await this.store.alarms.find(id);
    const alarm = found?.source === req.alarmSource.id ? found : null;
    if (!alarm) throw new RequestRejected(404, 'ALARM.NOT_FOUND', `no alarm ${id} from this source`);
    return {
      id: alarm.id,
      status: alarm.status,
      incidentId: alarm.incidentId,
      notDispatchedReason: alarm.notDispatchedReason,
      exercise: alarm.exercise,
      source: alarm.source,
      externalId: alarm.externalId,
      type: alarm.type,
      townshipCode: alarm.townshipCode,
      occurredAt: alarm.occurredAt,
      receivedAt: alarm.receivedAt,
    };
  }
}

function assertJson(req: SourceRequest): void {
  if (!req.is('application/json') && !req.is('application/*+json')) {
    throw new RequestRejected(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'send alarms as application/json');
  }
}

function assertOwnSource(req: SourceRequest, alarm: AlarmSubmission, pointer: string): void {
  if (alarm.source !== req.alarmSource.id) {
    throw new RequestRejected(
      403,
      'ALARM.SOURCE_MISMATCH',
      `this API key belongs to source ${req.alarmSource.id}`,
      [{ pointer, message: `must be ${req.alarmSource.id} for this API key` }],
    );
  }
}
