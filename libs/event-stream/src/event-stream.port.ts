/** One message on the stream: bytes under a topic and a partition key. */
export interface StreamRecord {
  topic: string;
  key: string;
  value: string;
  /**
   * The event type the value carries, when its producer states it beside the value (a Kafka header): a
   * consumer passes over a type it does not want without parsing the value. It decides nothing else; what
   * a consumer takes, it reads from the value.
   */
  type?: string;
}

/** Most records handed over at once: a consumer's transaction per batch stays short. */
export const MAX_BATCH_RECORDS = 100;

/**
 * A run of consecutive records of one partition (Kafka) or lane (in-process), in order, at most
 * MAX_BATCH_RECORDS. Under load a batch is whatever arrived meanwhile; at rest, usually one record: no
 * record waits for others to fill a batch.
 */
export type BatchHandler = (records: StreamRecord[]) => Promise<void>;

export interface Subscription {
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /**
   * Where a group that has no position yet starts: at the first record the stream still keeps (the
   * default: a new service catches up on everything), or after the last record published before
   * `subscribe` resolved (an observer that only wants what happens from now on, e.g. the live feed of
   * one console instance, whose group is new at every start). A group with a position resumes there.
   */
  startAt?: 'earliest' | 'latest';
}

/**
 * The event stream, whatever carries it (Kafka, or in-process in single-node mode).
 * Guarantees every adapter keeps (checked by the shared contract suite):
 * - `publish` resolves only once the records are safe: acknowledged by the broker, or handled by every
 *   subscribed group in-process. If it rejects, the caller publishes again (at-least-once).
 * - Records with one key reach a group in the order they were published, in batches (`BatchHandler`).
 * - Each consumer group gets every record; a batch whose handler throws is delivered again.
 */
export interface EventStream {
  readonly kind: 'kafka' | 'in-process';
  start(): Promise<void>;
  publish(records: StreamRecord[]): Promise<void>;
  subscribe(
    group: string,
    topics: readonly string[],
    handler: BatchHandler,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
  isHealthy(): Promise<boolean>;
  stop(): Promise<void>;
}

export const EVENT_STREAM = Symbol('EventStream');

/** A batch handler that takes its records one at a time, in order (observers, probes). */
export function eachRecord(handle: (record: StreamRecord) => Promise<void>): BatchHandler {
  return async (records) => {
    for (const record of records) await handle(record);
  };
}
