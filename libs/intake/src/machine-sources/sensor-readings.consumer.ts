import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  fieldErrors,
  findUnstorableText,
  SensorReadingRecord,
  SensorReadingRecordSchema,
  Topics,
} from '@erp/contracts';
import { ReadStore } from '@erp/domain';
import { consumeRecords, EVENT_STREAM, EventStream, PoisonRecord, StreamRecord } from '@erp/event-stream';
import { Infrastructure, structured } from '@erp/platform';
import { READINGS_INTAKE, ReadingIntake } from '../receive-readings/reading-intake';

/**
 * Readings on `erp.sensor-readings.v1` (one JSON reading a record, with its `source`): taken as over HTTP.
 * A record that is not a reading, or from a source nobody registered, goes to the dead-letter topic with the
 * reason; so does a reading its sensor refuses (unknown sensor, wrong unit, out of range).
 */
@Injectable()
export class SensorReadingsConsumer implements OnModuleInit {
  private readonly logger = new Logger(SensorReadingsConsumer.name);

  constructor(
    private readonly intake: ReadingIntake,
    private readonly store: ReadStore,
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
  ) {}

  async onModuleInit(): Promise<void> {
    this.infra.track(
      await consumeRecords<SensorReadingRecord>(this.stream, {
        group: READINGS_INTAKE,
        topics: [Topics.sensorReadings],
        log: structured(this.logger, SensorReadingsConsumer.name),
        decode: decodeReadingRecord,
        describe: (r) => ({ sensorId: r.sensorId, measuredAt: r.measuredAt }),
        handle: (item, record) => this.take([item], record),
        handleBatch: (items) => this.take(items),
      }),
    );
  }

  private async take(items: SensorReadingRecord[], record?: StreamRecord): Promise<void> {
    const sources = [...new Set(items.map((r) => r.source))];
    const known = await this.store.alarmSources.existing(sources);
    const unknown = sources.find((s) => !known.has(s));
    // In a batch, the records go one by one again and only this source's are dead-lettered.
    if (unknown) throw new PoisonRecord(`未登记的来源 unknown source ${unknown}`);
    const correlationId = record ? `kafka:${record.topic}:${record.key}` : `kafka:${Topics.sensorReadings}`;
    await this.intake.take(
      items.map(({ source, ...reading }) => ({ reading, source, via: Topics.sensorReadings })),
      correlationId,
    );
  }
}

export function decodeReadingRecord(record: StreamRecord): SensorReadingRecord {
  let json: unknown;
  try {
    json = JSON.parse(record.value);
  } catch (e) {
    throw new PoisonRecord(`not JSON: ${(e as Error).message}`);
  }
  // Text PostgreSQL cannot store would fail every retry of the look-ups: it is poison, not a passing fault.
  const unstorable = findUnstorableText(json);
  if (unstorable) throw new PoisonRecord(`${unstorable.pointer} ${unstorable.message}`);
  const parsed = SensorReadingRecordSchema.safeParse(json);
  if (!parsed.success) {
    const problems = fieldErrors(parsed.error).map((f) => `${f.pointer} ${f.message}`);
    throw new PoisonRecord(`读数无效 invalid reading: ${problems.join('; ')}`);
  }
  return parsed.data;
}
