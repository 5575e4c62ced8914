import { AsyncLocalStorage } from 'node:async_hooks';
import {
  BatchHandler,
  EventStream,
  MAX_BATCH_RECORDS,
  StreamRecord,
  Subscription,
} from '../event-stream.port';

/** As many lanes per group as the Kafka topics have partitions. */
const LANES = 3;

function laneOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % LANES;
}

interface GroupSubscription {
  group: string;
  topics: ReadonlySet<string>;
  handler: BatchHandler;
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

  /**
   * Like Kafka: consumer groups proceed independently, and within a group records are spread over
   * lanes by key (as over partitions), so one key stays in order while other keys go alongside.
   * Resolves when every lane of every group is done; rejects (after all settle) if any handler threw.
   */
  private async deliver(records: StreamRecord[]): Promise<void> {
    const groups = new Map<string, GroupSubscription>();
    for (const sub of this.subscriptions) if (!groups.has(sub.group)) groups.set(sub.group, sub);
    const lanes: Promise<void>[] = [];
    for (const sub of groups.values()) {
      const byLane = new Map<number, StreamRecord[]>();
      for (const record of records) {
        if (!sub.topics.has(record.topic)) continue;
        const lane = laneOf(record.key);
        byLane.set(lane, [...(byLane.get(lane) ?? []), record]);
      }
      for (const laneRecords of byLane.values()) {
        lanes.push(
          (async () => {
            for (let i = 0; i < laneRecords.length; i += MAX_BATCH_RECORDS) {
              const batch = laneRecords.slice(i, i + MAX_BATCH_RECORDS).map((r) => ({ ...r }));
              await this.delivering.run(true, () => sub.handler(batch));
            }
          })(),
        );
      }
    }
    const failed = (await Promise.allSettled(lanes)).find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  /** Keeps no history, so every group starts with what is published next (`startAt` changes nothing). */
  async subscribe(group: string, topics: readonly string[], handler: BatchHandler): Promise<Subscription> {
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
