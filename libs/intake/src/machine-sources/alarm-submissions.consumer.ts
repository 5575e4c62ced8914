import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AlarmSubmission, Topics } from '@erp/contracts';
import { Clock, DateWindow, ReadStore } from '@erp/domain';
import { consumeRecords, EVENT_STREAM, EventStream, PoisonRecord } from '@erp/event-stream';
import { CLOCK, Infrastructure, structured } from '@erp/platform';
import { toAlarmReport } from '../receive-alarm/alarm-report.mapper';
import { ReceiveAlarmCommand } from '../receive-alarm/receive-alarm.command';
import { decodeAlarmSubmission } from './alarm-submission.decoder';

export const ALARM_INTAKE_GROUP = 'alarm-intake';

/** A machine source's record, decoded: the alarm and the request id its event is caused by. */
interface MachineAlarm {
  alarm: AlarmSubmission;
  requestId: string;
}

/**
 * Machine sources (sensors, other systems) put the same JSON alarm the HTTP API takes on
 * `erp.alarm-submissions.v1`; each becomes a ReceiveAlarmCommand, as over HTTP, and the records of a
 * batch are submitted together so that they share group commits. Who may write to the topic is the
 * broker's business (ACLs); here the alarm's `source` must be a registered alarm source. Bad JSON, schema
 * errors, an unknown source and refused alarms go to the dead-letter topic with the reason; the same
 * source and external id twice is one alarm (the admission is idempotent).
 */
@Injectable()
export class AlarmSubmissionsConsumer implements OnModuleInit {
  private readonly logger = new Logger(AlarmSubmissionsConsumer.name);

  constructor(
    private readonly commands: CommandBus,
    private readonly store: ReadStore,
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
    private readonly dates: DateWindow,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const subscription = await consumeRecords<MachineAlarm>(this.stream, {
      group: ALARM_INTAKE_GROUP,
      topics: [Topics.alarmSubmissions],
      log: structured(this.logger, AlarmSubmissionsConsumer.name),
      decode: (record) => {
        const alarm = decodeAlarmSubmission(record.value, this.dates, this.clock.now());
        return { alarm, requestId: `kafka:${record.topic}:${record.key || alarm.externalId}` };
      },
      describe: ({ alarm }) => ({ source: alarm.source, externalId: alarm.externalId }),
      handle: (item) => this.receive([item]),
      // A failed batch is handled again record by record: what it committed comes back as duplicates,
      // which write nothing, so the replay neither loses nor doubles an alarm.
      handleBatch: (items) => this.receive(items),
    });
    this.infra.track(subscription);
  }

  /** Submits the alarms together; throws the first failure once every one has settled. */
  private async receive(items: MachineAlarm[]): Promise<void> {
    // Inside the retried handler: a database that is down is retried, not mistaken for an unknown source.
    const sources = [...new Set(items.map(({ alarm }) => alarm.source))];
    const known = await this.store.alarmSources.existing(sources);
    const unknown = sources.find((id) => !known.has(id));
    if (unknown) throw new PoisonRecord(`unknown source ${unknown}`);
    const results = await Promise.allSettled(
      items.map(({ alarm, requestId }) =>
        this.commands.execute(new ReceiveAlarmCommand(toAlarmReport(alarm), requestId)),
      ),
    );
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
