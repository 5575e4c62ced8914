import { decodeEnvelope, Envelope, EventPayload, EventType, isKnownEventType } from '@erp/contracts';
import { EventStream, Subscription } from './event-stream.port';
import { ConsumerLog, consumeRecords, RecordConsumerOptions } from './record-consumer';

export type DecodedEvent = Envelope<EventPayload<EventType>> & { type: EventType };

export interface EventConsumerOptions {
  group: string;
  topics: readonly string[];
  /** Only these types reach `handle`; others are acknowledged and skipped. */
  types: readonly EventType[];
  handle: (event: DecodedEvent) => Promise<void>;
  /** A batch's wanted events together, in order; when it throws, each goes through `handle` alone. */
  handleBatch?: (events: DecodedEvent[]) => Promise<void>;
  log: ConsumerLog;
  /** Backoff cap between attempts of a failing handler. */
  maxBackoffMs?: number;
  /** Where a new group starts; the default is the first record kept. */
  startAt?: RecordConsumerOptions<DecodedEvent>['startAt'];
}

/**
 * Consumes our own events: each record is decoded and validated as an envelope (poison otherwise), and
 * only the wanted types reach `handle` (or `handleBatch`). Failures follow `consumeRecords`' one policy: poison and broken
 * business rules go to the dead-letter topic with the reason; anything else is retried with backoff.
 */
export function consumeEvents(stream: EventStream, options: EventConsumerOptions): Promise<Subscription> {
  const wanted = new Set<string>(options.types);
  return consumeRecords<DecodedEvent | null>(stream, {
    group: options.group,
    topics: options.topics,
    // Types nobody here wants decode to null and are skipped: by the type beside the value when the
    // producer states one (the value is not even parsed: most of a topic flows past most consumers), else
    // before the payload is validated.
    decode: (record) =>
      record.type !== undefined && isKnownEventType(record.type) && !wanted.has(record.type)
        ? null
        : decodeEnvelope(record.value, wanted),
    accept: (event) => event !== null,
    handle: (event) => options.handle(event!),
    handleBatch: options.handleBatch && ((events) => options.handleBatch!(events as DecodedEvent[])),
    describe: (event) => ({ eventId: event?.eventId, type: event?.type }),
    log: options.log,
    maxBackoffMs: options.maxBackoffMs,
    startAt: options.startAt,
  });
}
