import { DomainError } from '@erp/domain';
import { DeadLetter, Topics, UndecodableEvent } from '@erp/contracts';
import { EventStream, StreamRecord, SubscribeOptions, Subscription } from './event-stream.port';

/**
 * A record that can never be taken, whatever is retried: it goes to the dead-letter topic with `reason`.
 * Thrown by a consumer's `decode` (bad bytes) or `handle` (e.g. a sender nobody registered).
 */
export class PoisonRecord extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PoisonRecord';
  }
}

export interface ConsumerLog {
  warn(msg: string, extra?: object): void;
  error(msg: string, extra?: object): void;
}

export interface RecordConsumerOptions<T> {
  group: string;
  topics: readonly string[];
  /**
   * Turns a record's bytes into what `handle` takes. Throws `PoisonRecord` (or the contracts'
   * `UndecodableEvent`) with a reason for bytes that will never decode; any other error is rethrown to
   * the stream, which delivers the record again.
   */
  decode: (record: StreamRecord) => T;
  /** Only decoded items it accepts reach `handle`; others are acknowledged and skipped. */
  accept?: (item: T) => boolean;
  handle: (item: T, record: StreamRecord) => Promise<void>;
  /**
   * Takes a batch's accepted items together, in order (one transaction for all, say). If it throws for
   * any reason, the batch's items are handled again one by one through `handle`, under the policy below:
   * so it must leave nothing behind when it fails (one transaction does that).
   */
  handleBatch?: (items: T[]) => Promise<void>;
  /** What to log of an item whose handler keeps failing. */
  describe?: (item: T) => object;
  log: ConsumerLog;
  /** Backoff cap between attempts of a failing handler. */
  maxBackoffMs?: number;
  /** Where a new group starts (`SubscribeOptions`); the default is the first record kept. */
  startAt?: SubscribeOptions['startAt'];
}

/** The reason a failure makes a record poison, or null when it is worth trying again. */
function poisonReason(e: unknown): string | null {
  if (e instanceof PoisonRecord || e instanceof UndecodableEvent) return e.reason;
  if (e instanceof DomainError && e.kind === 'invalid') return `${e.code}: ${e.message}`;
  return null;
}

/**
 * The one failure policy of every consumer. Each record is decoded before any command runs; a batch's
 * items go to `handleBatch` together when there is one, else (or when it fails) one by one to `handle`:
 * - a record that does not decode, or whose handler throws `PoisonRecord` or breaks a business rule (a
 *   `DomainError` of kind 'invalid'), is poison: it goes to the dead-letter topic with the reason, and the
 *   partition moves on;
 * - any other failure (the database is down…) is retried with capped backoff until it passes or the
 *   consumer stops, so a valid record is never dropped.
 * Whatever the handler wrote is its own transaction's business: a poison record leaves nothing behind.
 */
export async function consumeRecords<T>(
  stream: EventStream,
  options: RecordConsumerOptions<T>,
): Promise<Subscription> {
  let stopping = false;
  const maxBackoff = options.maxBackoffMs ?? 5000;

  const deadLetter = async (record: StreamRecord, reason: string) => {
    options.log.warn(`死信 dead-lettered record from ${record.topic}: ${reason}`, { group: options.group });
    const letter: DeadLetter = {
      reason,
      group: options.group,
      originalTopic: record.topic,
      originalKey: record.key,
      originalValue: record.value,
      failedAt: new Date().toISOString(),
    };
    await stream.publish([
      { topic: Topics.deadLetter, key: record.key || 'unknown', value: JSON.stringify(letter) },
    ]);
  };

  const handleOne = async (item: T, record: StreamRecord): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await options.handle(item, record);
        return;
      } catch (e) {
        const reason = poisonReason(e);
        if (reason !== null) return deadLetter(record, reason);
        if (stopping) throw e;
        const delay = Math.min(maxBackoff, 50 * 2 ** Math.min(attempt, 10));
        options.log.error(`处理失败，将重试 handler failed (attempt ${attempt}), retrying in ${delay} ms`, {
          group: options.group,
          topic: record.topic,
          key: record.key,
          ...options.describe?.(item),
          error: (e as Error).message,
        });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  };

  const onRecords = async (records: StreamRecord[]): Promise<void> => {
    const taken: { item: T; record: StreamRecord }[] = [];
    for (const record of records) {
      let item: T;
      try {
        item = options.decode(record);
      } catch (e) {
        const reason = poisonReason(e);
        if (reason === null) throw e;
        await deadLetter(record, reason);
        continue;
      }
      if (!options.accept || options.accept(item)) taken.push({ item, record });
    }
    if (options.handleBatch && taken.length > 1) {
      try {
        await options.handleBatch(taken.map((t) => t.item));
        return;
      } catch (e) {
        if (stopping) throw e;
        options.log.warn(`批处理失败，逐条处理 batch of ${taken.length} failed, handling them one by one`, {
          group: options.group,
          error: (e as Error).message,
        });
      }
    }
    for (const { item, record } of taken) await handleOne(item, record);
  };
  const subscription = await stream.subscribe(options.group, options.topics, onRecords, {
    startAt: options.startAt,
  });
  return {
    stop: async () => {
      stopping = true;
      await subscription.stop();
    },
  };
}
