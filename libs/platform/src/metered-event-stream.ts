import { Topics } from '@erp/contracts';
import { BatchHandler, EventStream, StreamRecord, SubscribeOptions, Subscription } from '@erp/event-stream';
import { Metrics } from './metrics';

/**
 * The event stream as the app sees it, counting what it publishes to the dead-letter topic: every
 * consumer sends its poison there through this one door, whichever adapter carries it.
 */
export class MeteredEventStream implements EventStream {
  constructor(
    private readonly inner: EventStream,
    private readonly metrics: Metrics,
  ) {}

  get kind(): EventStream['kind'] {
    return this.inner.kind;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  async publish(records: StreamRecord[]): Promise<void> {
    await this.inner.publish(records);
    for (const record of records) {
      if (record.topic !== Topics.deadLetter) continue;
      let group = 'unknown';
      try {
        group = String((JSON.parse(record.value) as { group?: unknown }).group ?? group);
      } catch {
        /* not a letter of ours: counted without its group */
      }
      this.metrics.deadLetters.inc({ group });
    }
  }

  subscribe(
    group: string,
    topics: readonly string[],
    handler: BatchHandler,
    options?: SubscribeOptions,
  ): Promise<Subscription> {
    return this.inner.subscribe(group, topics, handler, options);
  }

  isHealthy(): Promise<boolean> {
    return this.inner.isHealthy();
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }
}
