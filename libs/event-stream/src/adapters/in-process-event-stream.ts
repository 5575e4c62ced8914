import { AsyncLocalStorage } from 'node:async_hooks';
import { EventStream, RecordHandler, StreamRecord, Subscription } from '../event-stream.port';

interface GroupSubscription {
  group: string;
  topics: ReadonlySet<string>;
  handler: RecordHandler;
}

/**
 * Single-node mode's stream: delivery is a function call. It keeps nothing: durability comes from the
 * outbox that feeds it, which marks a record published only after `publish` resolved, i.e. after every
 * group handled it. A crash before that republishes from the outbox; inboxes drop the repeats.
 */
export class InProcessEventStream implements EventStream {
  readonly kind = 'in-process' as const;
  private readonly subscriptions: GroupSubscription[] = [];
  /** Serialises publishes so that records of one key are never handled out of order. */
  private tail: Promise<void> = Promise.resolve();
  private running = false;
  /** Set while a handler runs: a publish from inside one (a dead letter) is delivered at once, not queued behind it. */
  private readonly delivering = new AsyncLocalStorage<true>();

  async start(): Promise<void> {
    this.running = true;
  }

  async publish(records: StreamRecord[]): Promise<void> {
    if (!this.running) throw new Error('in-process event stream is not running');
    if (this.delivering.getStore()) return this.deliver(records);
    const run = this.tail.then(() => this.deliver(records));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async deliver(records: StreamRecord[]): Promise<void> {
    for (const record of records) {
      // One handler per group, as a Kafka consumer group would share the partition to one member.
      const seen = new Set<string>();
      for (const sub of [...this.subscriptions]) {
        if (!sub.topics.has(record.topic) || seen.has(sub.group)) continue;
        seen.add(sub.group);
        await this.delivering.run(true, () => sub.handler({ ...record }));
      }
    }
  }

  async subscribe(group: string, topics: readonly string[], handler: RecordHandler): Promise<Subscription> {
    const sub: GroupSubscription = { group, topics: new Set(topics), handler };
    this.subscriptions.push(sub);
    return {
      stop: async () => {
        const i = this.subscriptions.indexOf(sub);
        if (i >= 0) this.subscriptions.splice(i, 1);
      },
    };
  }

  async isHealthy(): Promise<boolean> {
    return this.running;
  }

  async stop(): Promise<void> {
    await this.tail;
    this.running = false;
    this.subscriptions.length = 0;
  }
}
