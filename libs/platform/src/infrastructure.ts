import { LoggerService } from '@nestjs/common';
import { ALL_TOPICS } from '@erp/contracts';
import { AppConfig } from '@erp/config';
import {
  Clock,
  InMemorySourceRateLimit,
  SourceRateLimit,
  StraightLineTerrainModel,
  StraightLineTerrainOptions,
  systemClock,
  TravelTimeModel,
} from '@erp/domain';
import { EventStream, InProcessEventStream, KafkaEventStream, Subscription } from '@erp/event-stream';
import { CommittedEvent, Database, DEMO_SOURCE_ID, migrateAsOwner, OutboxRelay } from '@erp/persistence';
import { BullMqDeadlineTimers, DeadlineTimers, migrateTimerSchema } from '@erp/timers';
import { greetFirstAdministrator } from './first-administrator';
import { structured } from './logger';
import { MeteredEventStream } from './metered-event-stream';
import { Metrics } from './metrics';
import { RedisSourceRateLimit } from './redis-source-rate-limit';

export interface InfrastructureNeeds {
  /** Apps that write state run a relay; relays take turns through an advisory lock. */
  relay: boolean;
  /** Only the escalator runs timer workers. */
  timers: boolean;
  /** Service name for logs, Kafka client id and Postgres application_name. */
  service: string;
}

/**
 * The engines one process uses, started in dependency order and stopped in reverse: Postgres (migrated,
 * seeded), the event stream, the outbox relay, the deadline timers. Which adapter is chosen follows
 * DESIGN §5: Kafka only if KAFKA_BROKERS is set, Redis timers only if REDIS_URL is set.
 */
export class Infrastructure {
  private readonly subscriptions: Subscription[] = [];
  /** The escalator's last holding of the timer store to PostgreSQL, for /health (null until it ran). */
  lastTimerReconciliation: { at: Date; wanted: number; restored: number; removed: number } | null = null;

  private constructor(
    readonly config: AppConfig & { databaseUrl: string },
    readonly clock: Clock,
    /** The rescue circle's travel-time model (one for dispatch and coverage alike), from TRAVEL_MODEL. */
    readonly travelModel: TravelTimeModel,
    readonly database: Database,
    readonly stream: EventStream,
    readonly relay: OutboxRelay | null,
    readonly timers: DeadlineTimers | null,
    /** This process's Prometheus series, served at /metrics (null with METRICS=false). */
    readonly metrics: Metrics | null,
    /** Alarm sources' rate limits: in Redis where Redis is used (shared by instances), else in memory. */
    readonly sourceRateLimit: SourceRateLimit,
    private readonly logger: LoggerService,
  ) {}

  static async start(
    config: AppConfig,
    needs: InfrastructureNeeds,
    logger: LoggerService,
    clock: Clock = systemClock,
  ): Promise<Infrastructure> {
    const databaseUrl = config.databaseUrl;
    if (!databaseUrl) throw new Error('DATABASE_URL: no database to connect to');
    const log = structured(logger, 'Infrastructure');
    const timersOnPostgres = needs.timers && !config.redisUrl;
    const ownerUrl = config.databaseOwnerUrl !== databaseUrl ? config.databaseOwnerUrl : undefined;
    if (ownerUrl) {
      await migrateAsOwner(ownerUrl, needs.service);
      if (timersOnPostgres) await migrateTimerSchema(ownerUrl, config.timerQueue);
    }
    const travelModel = new StraightLineTerrainModel(config.travelModel as StraightLineTerrainOptions);
    const database = await Database.open({
      url: databaseUrl,
      service: needs.service,
      clock,
      travelModel,
      migrate: !ownerUrl,
      seed: config.seedDemo
        ? { sourceId: DEMO_SOURCE_ID, sourceKey: config.demoSourceKey, password: config.demoPassword }
        : undefined,
      log,
    });
    await greetFirstAdministrator(database.reads.users, config, log);
    const metrics = config.metrics ? new Metrics(needs.service, () => database.tasksByStatus()) : null;
    const adapter: EventStream = config.kafkaBrokers
      ? new KafkaEventStream({
          brokers: config.kafkaBrokers,
          clientId: `${config.kafkaClientId}-${needs.service}`,
          topics: ALL_TOPICS,
          namespace: config.kafkaNamespace,
          fetchWaitMs: config.kafkaFetchWaitMs,
          topicSettings: config.kafkaTopics,
          sessionTimeoutMs: config.kafkaSessionTimeoutMs,
          log: (level, message, extra) => log[level](message, extra),
          onLag: ({ group, topic, partition, records }) =>
            metrics?.consumerLag.set({ group, topic, partition: String(partition) }, records),
        })
      : new InProcessEventStream();
    const stream = metrics ? new MeteredEventStream(adapter, metrics) : adapter;
    await stream.start();
    const relay = needs.relay
      ? database.relay(
          stream,
          log,
          config.outboxPollMs,
          metrics ? (events) => metrics.relayed(events) : undefined,
        )
      : null;
    const timers = needs.timers
      ? new BullMqDeadlineTimers(
          config.redisUrl
            ? { kind: 'redis', url: config.redisUrl }
            : { kind: 'postgres', url: databaseUrl, migrate: !ownerUrl },
          clock,
          { queueName: config.timerQueue, onError: (message) => log.error(message) },
        )
      : null;
    const sourceRateLimit = config.redisUrl
      ? new RedisSourceRateLimit(config.redisUrl, config.timerQueue, clock, {
          count: () => metrics?.rateLimiterFailOpen.inc(),
          warn: (message) => log.warn(message),
        })
      : new InMemorySourceRateLimit(clock);
    log.log(
      `引擎就绪 engines ready: postgres, ${stream.kind} stream${timers ? `, ${timers.backend} timers` : ''}`,
    );
    return new Infrastructure(
      { ...config, databaseUrl },
      clock,
      travelModel,
      database,
      stream,
      relay,
      timers,
      metrics,
      sourceRateLimit,
      logger,
    );
  }

  /** Starts publishing. Called once every consumer has subscribed, so in-process delivery finds them. */
  async startRelay(): Promise<void> {
    await this.relay?.start();
  }

  /**
   * Events as this process commits them, when the stream is in-process (single node: every event is
   * committed here), else null. The relay hands a batch on only once every consumer took the one before,
   * so a best-effort reader that must not wait for the audit (the console's live view) listens here.
   */
  committedEvents(): { listen(listener: (events: readonly CommittedEvent[]) => void): () => void } | null {
    return this.stream.kind === 'in-process' ? { listen: (l) => this.database.onCommitted(l) } : null;
  }

  /** Consumers hand their subscriptions here, so they stop after the relay and before the stream. */
  track(subscription: Subscription): void {
    this.subscriptions.push(subscription);
  }

  /**
   * Stops in the one safe order: the relay first (in single-node mode it delivers to the consumers, and
   * must not mark anything published that nobody handled), then consumers, timers, stream, database.
   */
  async stop(): Promise<void> {
    const steps: [string, () => Promise<unknown> | undefined][] = [
      ['relay', () => this.relay?.stop()],
      ['consumers', () => Promise.all(this.subscriptions.splice(0).map((s) => s.stop()))],
      ['timers', () => this.timers?.stop()],
      ['rate limits', () => this.sourceRateLimit.stop()],
      ['stream', () => this.stream.stop()],
      ['postgres', () => this.database.close()],
    ];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (e) {
        this.logger.error(`stopping ${name} failed: ${(e as Error).message}`, 'Infrastructure');
      }
    }
  }
}
