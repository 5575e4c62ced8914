import { DomainError } from '@erp/domain';
import { decodeEnvelope, Envelope, EventPayload, EventType, Topics, UndecodableEvent } from '@erp/contracts';
import { EventStream, StreamRecord, Subscription } from './event-stream.port';

export type DecodedEvent = Envelope<EventPayload<EventType>> & { type: EventType };

export interface EventConsumerOptions {
  group: string;
  topics: readonly string[];
  /** Only these types reach `handle`; others are acknowledged and skipped. */
  types: readonly EventType[];
  handle: (event: DecodedEvent) => Promise<void>;
  log: { warn(msg: string, extra?: object): void; error(msg: string, extra?: object): void };
  /** Backoff cap between attempts of a failing handler. */
  maxBackoffMs?: number;
}

/**
 * Validates every record before any command runs, and decides what a failure means:
 * - a record that does not decode, or whose handler breaks a business rule (a `DomainError` of kind
 *   'invalid'), is poison: it goes to the dead-letter topic with the reason, and the partition moves on;
 * - any other failure (the database is down…) is retried with backoff until it passes or the consumer
 *   stops, so a valid event is never dropped.
 */
export async function consumeEvents(
  stream: EventStream,
  options: EventConsumerOptions,
): Promise<Subscription> {
  let stopping = false;
  const wanted = new Set<string>(options.types);
  const maxBackoff = options.maxBackoffMs ?? 5000;

  const deadLetter = async (record: StreamRecord, reason: string) => {
    options.log.warn(`死信 dead-lettered record from ${record.topic}: ${reason}`, { group: options.group });
    await stream.publish([
      {
        topic: Topics.deadLetter,
        key: record.key || 'unknown',
        value: JSON.stringify({
          reason,
          group: options.group,
          originalTopic: record.topic,
          originalKey: record.key,
          originalValue: record.value,
          failedAt: new Date().toISOString(),
        }),
      },
    ]);
  };

  const subscription = await stream.subscribe(options.group, options.topics, async (record) => {
    let event: DecodedEvent;
    try {
      event = decodeEnvelope(record.value);
    } catch (e) {
      if (e instanceof UndecodableEvent) return deadLetter(record, e.reason);
      throw e;
    }
    if (!wanted.has(event.type)) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await options.handle(event);
        return;
      } catch (e) {
        if (e instanceof DomainError && e.kind === 'invalid') {
          return deadLetter(record, `${e.code}: ${e.message}`);
        }
        if (stopping) throw e;
        const delay = Math.min(maxBackoff, 50 * 2 ** Math.min(attempt, 10));
        options.log.error(`处理失败，将重试 handler failed (attempt ${attempt}), retrying in ${delay} ms`, {
          group: options.group,
          eventId: event.eventId,
          type: event.type,
          error: (e as Error).message,
        });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  });
  return {
    stop: async () => {
      stopping = true;
      await subscription.stop();
    },
  };
}
