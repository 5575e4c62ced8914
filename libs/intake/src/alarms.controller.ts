import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AlarmEntity } from '@erp/persistence';
import { parseBody, RequestRejected } from '@erp/platform';
import { ApiKeyGuard, SourceRequest } from './alarm-source/api-key.guard';
import { AlarmSubmissionSchema } from './receive-alarm/alarm-submission.schema';
import { AlarmReceipt, ReceiveAlarmCommand } from './receive-alarm/receive-alarm.command';

@Controller('api/v1/alarms')
@UseGuards(ApiKeyGuard)
export class AlarmsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly dataSource: DataSource,
  ) {}

  /** 202 once the alarm is durable; dispatch happens downstream. */
  @Post()
  @HttpCode(202)
  async receive(@Req() req: SourceRequest, @Body() body: unknown): Promise<AlarmReceipt> {
    if (!req.is('application/json') && !req.is('application/*+json')) {
      throw new RequestRejected(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'send the alarm as application/json');
    }
    const alarm = parseBody(AlarmSubmissionSchema, body);
    if (alarm.source !== req.alarmSource.id) {
      throw new RequestRejected(
        403,
        'ALARM.SOURCE_MISMATCH',
        `this API key belongs to source ${req.alarmSource.id}`,
        [{ pointer: '/source', message: `must be ${req.alarmSource.id} for this API key` }],
      );
    }
    return this.commands.execute(
      new ReceiveAlarmCommand(
        {
          source: alarm.source,
          externalId: alarm.externalId,
          type: alarm.type,
          occurredAt: new Date(alarm.occurredAt),
          townshipCode: alarm.townshipCode,
          location: alarm.location,
          description: alarm.description,
        },
        req.header('x-request-id') ?? randomUUID(),
      ),
    );
  }

  /** A source may read back the alarms it sent. */
  @Get(':id')
  async status(@Req() req: SourceRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    const alarm = await this.dataSource
      .getRepository(AlarmEntity)
      .findOneBy({ id, source: req.alarmSource.id });
    if (!alarm) throw new RequestRejected(404, 'ALARM.NOT_FOUND', `no alarm ${id} from this source`);
    return {
      id: alarm.id,
      status: alarm.status,
      incidentId: alarm.incidentId,
      source: alarm.source,
      externalId: alarm.externalId,
      type: alarm.type,
      townshipCode: alarm.townshipCode,
      occurredAt: alarm.occurredAt,
      receivedAt: alarm.receivedAt,
    };
  }
}
