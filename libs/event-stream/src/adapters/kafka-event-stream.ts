import './kafkajs-idle-timer';
import { Admin, Consumer, Kafka, logLevel, Message, Producer, LogEntry } from 'kafkajs';
import {
  BatchHandler,
  EventStream,
  MAX_BATCH_RECORDS,
  StreamRecord,
  SubscribeOptions,
  Subscription,
} from '../event-stream.port';

/** The record header carrying `StreamRecord.type` (as CloudEvents' Kafka binding carries `ce_type`). */
const TYPE_HEADER = 'event-type';

export interface KafkaStreamOptions {
  brokers: string[];
  clientId: string;
  /** Topics created (if missing) at start: subscribing to an absent topic fails under KRaft. */
  topics: readonly string[];
  /** Settings of the topics this stream creates; an existing topic keeps its own. */
  topicSettings?: Partial<TopicSettings>;
  /**
   * Prefix of every topic and consumer group on the broker (`<namespace>.<name>`), so that runs sharing
   * one broker stay apart. Callers and handlers only ever see the logical names. Unset: names as given.
   */
  namespace?: string;
  /**
   * How long the broker may hold a fetch to gather records (64 KiB is enough). 0, the default, answers with
   * the first record: see docs/decisions/2026-11-30-kafka-fetch-wait.md for what a few ms trade.
   */
  fetchWaitMs?: number;
  /**
   * How long a consumer may go silent before its group hands its partitions to the others: the time a
   * killed instance's partitions wait. kafkajs' default is 30 s; the broker allows 6 s at least.
   */
  sessionTimeoutMs?: number;
  log?: (level: 'error' | 'warn', message: string, extra: Record<string, unknown>) => void;
  /** After each handled chunk: how many records of that partition the group still has to take. */
  onLag?: (lag: { group: string; topic: string; partition: number; records: number }) => void;
}

/**
 * A topic's settings. Partitions are the ceiling on parallelism: a consumer group spreads them over its
 * instances, so more instances than partitions stand idle.
 */
export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
  retentionHours: number;
}

export const DEFAULT_TOPIC_SETTINGS: TopicSettings = {
  partitions: 3,
  replicationFactor: 1,
  retentionHours: 168,
};

/** A partition batch smaller than this means records trickle in: the consumer pauses before fetching again. */
const TRICKLE_RECORDS = 20;
/** That pause: at most this much more latency per hop, at low rates only. */
const TRICKLE_PAUSE_MS = 5;

/** How long a handled record may wait for its offset to be committed. */
const OFFSET_COMMIT_INTERVAL_MS = 1000;

/**
 * Commits a consumer's offsets at most once per OFFSET_COMMIT_INTERVAL_MS, not after every batch: a restart
 * reads that much again, which inboxes drop (docs/decisions/2026-11-30-kafka-offset-commits-once-a-second.md).
 */
class OffsetCommits {
  private readonly next = new Map<string, { topic: string; partition: number; offset: string }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly consumer: Consumer,
    private readonly log: KafkaStreamOptions['log'],
  ) {}

  /** The records of this partition up to `offset` are handled: commit past it soon. */
  handled(topic: string, partition: number, offset: string): void {
    this.next.set(`${topic}:${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
    this.timer ??= setTimeout(() => void this.flush(), OFFSET_COMMIT_INTERVAL_MS);
  }

  /** Commits what is handled now (also on stop, so a restart reads nothing twice). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.next.size) return;
    const offsets = [...this.next.values()];
    this.next.clear();
    try {
      await this.consumer.commitOffsets(offsets);
    } catch (error) {
      // A rebalance took the partition away, or the broker is unreachable: the next owner reads these
      // records again, and drops them as repeats.
      this.log?.('warn', `偏移量提交失败 offset commit failed: ${(error as Error).message}`, { offsets });
    }
  }
}

/**
 * The one place logical names become broker names and back. Handlers get the logical topic, so code
 * comparing `record.topic` with `Topics.*` (and dead letters' `originalTopic`) works in any namespace.
 */
class BrokerNames {
  private readonly prefix: string;

  constructor(namespace: string | undefined) {
    this.prefix = namespace ? `${namespace}.` : '';
  }

  /** A topic's or a consumer group's name on the broker. */
  onBroker(logical: string): string {
    return this.prefix + logical;
  }

  /** Only ever given topics this stream subscribed to, which all carry the prefix. */
  logicalTopic(onBroker: string): string {
    return onBroker.slice(this.prefix.length);
  }
}

/** The services-mode stream: kafkajs, idempotent producer with acks from all in-sync replicas. */
export class KafkaEventStream implements EventStream {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer?: Producer;
  private admin?: Admin;
  private readonly consumers = new Map<Consumer, OffsetCommits>();
  private readonly names: BrokerNames;

  constructor(private readonly options: KafkaStreamOptions) {
    this.names = new BrokerNames(options.namespace);
    const log = options.log;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { retries: 8, initialRetryTime: 200 },
      logCreator:
        () =>
        ({ level, log: entry }: LogEntry) => {
          if (!log) return;
          const { message, ...extra } = entry;
          log(level === logLevel.ERROR ? 'error' : 'warn', `kafkajs: ${message}`, extra);
        },
    });
  }

  async start(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = this.options.topics
      .map((topic) => this.names.onBroker(topic))
      .filter((topic) => !existing.has(topic));
    const settings = { ...DEFAULT_TOPIC_SETTINGS, ...this.options.topicSettings };
    if (missing.length) {
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: settings.partitions,
          replicationFactor: settings.replicationFactor,
          configEntries: [
            { name: 'retention.ms', value: String(settings.retentionHours * 3_600_000) },
            // With three copies, a write waits for two: one broker may be lost without losing a record.
            { name: 'min.insync.replicas', value: settings.replicationFactor >= 3 ? '2' : '1' },
          ],
        })),
      });
    }
    await this.warnOfFewerPartitions(settings.partitions);
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
  }

  /** An existing topic keeps its partitions: say when it has fewer than configured (fewer instances can work). */
  private async warnOfFewerPartitions(wanted: number): Promise<void> {
    const topics = this.options.topics.map((topic) => this.names.onBroker(topic));
    const { topics: found } = await this.admin!.fetchTopicMetadata({ topics });
    for (const t of found) {
      if (t.partitions.length < wanted) {
        this.options.log?.(
          'warn',
          `topic ${t.name} has ${t.partitions.length} partitions, fewer than KAFKA_PARTITIONS=${wanted}: at most ${t.partitions.length} instances of a group work on it (kafka-topics.sh --alter --partitions raises it)`,
          { topic: t.name },
        );
      }
    }
  }

  async publish(records: StreamRecord[]): Promise<void> {
    if (!this.producer) throw new Error('kafka event stream is not started');
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      const list = byTopic.get(record.topic) ?? [];
      list.push({
        key: record.key,
        value: record.value,
        ...(record.type ? { headers: { [TYPE_HEADER]: record.type } } : {}),
      });
      byTopic.set(record.topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({
        topic: this.names.onBroker(topic),
        messages,
      })),
    });
  }

  async subscribe(
    group: string,
    topics: readonly string[],
    handler: BatchHandler,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    if (options.startAt === 'latest') await this.placeNewGroupAtEnd(group, topics);
    const consumer = this.kafka.consumer({
      groupId: this.names.onBroker(group),
      allowAutoTopicCreation: false,
      retry: { retries: 10 },
      ...(this.options.sessionTimeoutMs
        ? {
            sessionTimeout: this.options.sessionTimeoutMs,
            heartbeatInterval: Math.min(3000, Math.floor(this.options.sessionTimeoutMs / 3)),
          }
        : {}),
      ...(this.options.fetchWaitMs ? { minBytes: 64 * 1024, maxWaitTimeInMs: this.options.fetchWaitMs } : {}),
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: topics.map((topic) => this.names.onBroker(topic)),
      fromBeginning: true,
    });
    const commits = new OffsetCommits(consumer, this.options.log);
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      // Offsets move only past records whose batch was handled: a consumer stopped mid-fetch resumes there.
      eachBatchAutoResolve: false,
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const topic = this.names.logicalTopic(batch.topic);
        const { messages } = batch;
        for (let i = 0; i < messages.length; i += MAX_BATCH_RECORDS) {
          if (!isRunning() || isStale()) return;
          const chunk = messages.slice(i, i + MAX_BATCH_RECORDS);
          await handler(
            chunk.map((message) => {
              const type = message.headers?.[TYPE_HEADER];
              return {
                topic,
                key: message.key?.toString('utf8') ?? '',
                value: message.value?.toString('utf8') ?? '',
                ...(type && !Array.isArray(type) ? { type: type.toString('utf8') } : {}),
              };
            }),
          );
          const last = chunk[chunk.length - 1].offset;
          resolveOffset(last);
          commits.handled(batch.topic, batch.partition, last);
          this.options.onLag?.({
            group,
            topic,
            partition: batch.partition,
            records: Math.max(0, Number(batch.highWatermark) - Number(last) - 1),
          });
          await heartbeat();
        }
        // Records trickle in: pause so the next fetch brings several (a fetch costs the broker about as
        // much for one record as for a hundred; docs/decisions/2026-11-30-kafka-trickle-pause.md).
        if (messages.length < TRICKLE_RECORDS)
          await new Promise((resolve) => setTimeout(resolve, TRICKLE_PAUSE_MS));
      },
    });
    this.consumers.set(consumer, commits);
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await commits.flush();
        await consumer.disconnect();
      },
    };
  }

  /**
   * Commits the topics' end offsets for a group that has none, before any member joins: it then starts
   * exactly after what was published before this call. (kafkajs' `fromBeginning: false` instead reads
   * the end when the first fetch happens, after the group join, and would skip what is published between.)
   */
  private async placeNewGroupAtEnd(group: string, topics: readonly string[]): Promise<void> {
    if (!this.admin) throw new Error('kafka event stream is not started');
    const groupId = this.names.onBroker(group);
    const brokerTopics = topics.map((t) => this.names.onBroker(t));
    const committed = await this.admin.fetchOffsets({ groupId, topics: brokerTopics });
    for (const { topic, partitions } of committed) {
      if (partitions.some((p) => p.offset !== '-1')) continue; // the group has a position: resume there
      const ends = await this.admin.fetchTopicOffsets(topic);
      await this.admin.setOffsets({
        groupId,
        topic,
        partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
      });
    }
  }

  async isHealthy(): Promise<boolean> {
    if (!this.admin) return false;
    try {
      const cluster = await this.admin.describeCluster();
      return cluster.brokers.length > 0;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled(
      [...this.consumers].map(async ([consumer, commits]) => {
        await commits.flush();
        await consumer.disconnect();
      }),
    );
    this.consumers.clear();
    await this.producer?.disconnect();
    await this.admin?.disconnect();
  }
}
