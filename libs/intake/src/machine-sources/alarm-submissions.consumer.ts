import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Topics } from '@erp/contracts';
import { consumeRecords, EVENT_STREAM, EventStream, PoisonRecord } from '@erp/event-stream';
import { AlarmSourceEntity } from '@erp/persistence';
import { Infrastructure, structured } from '@erp/platform';
import { AlarmSubmission } from '../receive-alarm/alarm-submission.schema';
import { toAlarmReport } from '../receive-alarm/alarm-report.mapper';
import { ReceiveAlarmCommand } from '../receive-alarm/receive-alarm.command';
import { decodeAlarmSubmission } from './alarm-submission.decoder';

export const ALARM_INTAKE_GROUP = 'alarm-intake';

/**
 * Machine sources (sensors, other systems) put the same JSON alarm the HTTP API takes on
 * `erp.alarm-submissions.v1`; each becomes a ReceiveAlarmCommand, as over HTTP. Who may write to the
 * topic is the broker's business (ACLs); here the alarm's `source` must be a registered alarm source.
 * Bad JSON, schema errors, an unknown source and refused alarms go to the dead-letter topic with the
 * reason; the same source and external id twice is one alarm (the handler is idempotent).
 */
@Injectable()
export class AlarmSubmissionsConsumer implements OnModuleInit {
  private readonly logger = new Logger(AlarmSubmissionsConsumer.name);

  constructor(
    private readonly commands: CommandBus,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
  ) {}

  async onModuleInit(): Promise<void> {
    const subscription = await consumeRecords<AlarmSubmission>(this.stream, {
      group: ALARM_INTAKE_GROUP,
      topics: [Topics.alarmSubmissions],
      log: structured(this.logger, AlarmSubmissionsConsumer.name),
      decode: (record) => decodeAlarmSubmission(record.value),
      describe: (alarm) => ({ source: alarm.source, externalId: alarm.externalId }),
      handle: async (alarm, record) => {
        // Inside the retried handler: a database that is down is retried, not mistaken for an unknown source.
        const known = await this.dataSource.getRepository(AlarmSourceEntity).existsBy({ id: alarm.source });
        if (!known) throw new PoisonRecord(`unknown source ${alarm.source}`);
        const requestId = `kafka:${record.topic}:${record.key || alarm.externalId}`;
        await this.commands.execute(new ReceiveAlarmCommand(toAlarmReport(alarm), requestId));
      },
    });
    this.infra.track(subscription);
  }
}
