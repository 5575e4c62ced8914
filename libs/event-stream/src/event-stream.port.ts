/** One message on the stream: bytes under a topic and a partition key. */
export interface StreamRecord {
  topic: string;
  key: string;
  value: string;
}

export type RecordHandler = (record: StreamRecord) => Promise<void>;

export interface Subscription {
  stop(): Promise<void>;
}

/**
 * The event stream, whatever carries it (Kafka, or in-process in single-node mode).
 * Guarantees every adapter keeps (checked by the shared contract suite):
 * - `publish` resolves only once the records are safe: acknowledged by the broker, or handled by every
 *   subscribed group in-process. If it rejects, the caller publishes again (at-least-once).
 * - Records with one key reach a group in the order they were published.
 * - Each consumer group gets every record; a record whose handler throws is delivered again.
 */
export interface EventStream {
  readonly kind: 'kafka' | 'in-process';
  start(): Promise<void>;
  publish(records: StreamRecord[]): Promise<void>;
  subscribe(group: string, topics: readonly string[], handler: RecordHandler): Promise<Subscription>;
  isHealthy(): Promise<boolean>;
  stop(): Promise<void>;
}

export const EVENT_STREAM = Symbol('EventStream');
