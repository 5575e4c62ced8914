import { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALL_TOPICS } from '@erp/contracts';
import { AppConfig } from '@erp/config';
import { Clock, systemClock } from '@erp/domain';
import { EventStream, InProcessEventStream, KafkaEventStream, Subscription } from '@erp/event-stream';
import {
  createDataSource,
  DEMO_SOURCE_ID,
  migrate,
  OutboxRelay,
  seedDemoDistrict,
  UnitOfWork,
} from '@erp/persistence';
import { BullMqDeadlineTimers, DeadlineTimers, migrateTimerSchema } from '@erp/timers';
import { structured } from './logger';

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
    readonly dataSource: DataSource,
    readonly unitOfWork: UnitOfWork,
    readonly stream: EventStream,
    readonly relay: OutboxRelay | null,
    readonly timers: DeadlineTimers | null,
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
    if (ownerUrl) await migrateAsOwner(ownerUrl, needs.service, timersOnPostgres ? config.timerQueue : null);
    const dataSource = createDataSource({ url: databaseUrl, applicationName: `erp-${needs.service}` });
    await dataSource.initialize();
    if (!ownerUrl) await migrate(dataSource);
    await warnIfPrivileged(dataSource, log);
    if (config.seedDemo) {
      await seedDemoDistrict(dataSource, {
        sourceId: DEMO_SOURCE_ID,
        sourceKey: config.demoSourceKey,
        password: config.demoPassword,
      });
    }
    const stream: EventStream = config.kafkaBrokers
      ? new KafkaEventStream({
          brokers: config.kafkaBrokers,
          clientId: `${config.kafkaClientId}-${needs.service}`,
          topics: ALL_TOPICS,
          namespace: config.kafkaNamespace,
          fetchWaitMs: config.kafkaFetchWaitMs,
          log: (level, message, extra) => log[level](message, extra),
        })
      : new InProcessEventStream();
    await stream.start();
    const relay = needs.relay ? new OutboxRelay(dataSource, stream, log, config.outboxPollMs) : null;
    const timers = needs.timers
      ? new BullMqDeadlineTimers(
          config.redisUrl
            ? { kind: 'redis', url: config.redisUrl }
            : { kind: 'postgres', url: databaseUrl, migrate: !ownerUrl },
          clock,
          { queueName: config.timerQueue, onError: (message) => log.error(message) },
        )
      : null;
    log.log(
      `引擎就绪 engines ready: postgres, ${stream.kind} stream${timers ? `, ${timers.backend} timers` : ''}`,
    );
    return new Infrastructure(
      { ...config, databaseUrl },
      clock,
      dataSource,
      new UnitOfWork(dataSource, clock, () => relay?.nudge()),
      stream,
      relay,
      timers,
      logger,
    );
  }

  /** Starts publishing. Called once every consumer has subscribed, so in-process delivery finds them. */
  async startRelay(): Promise<void> {
    await this.relay?.start();
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
      ['stream', () => this.stream.stop()],
      ['postgres', () => (this.dataSource.isInitialized ? this.dataSource.destroy() : undefined)],
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

/** Migrations run as the schema owner on a connection of their own, closed before the app connects. */
async function migrateAsOwner(ownerUrl: string, service: string, timerQueue: string | null): Promise<void> {
  // Two connections: migrate() holds one for its advisory lock while the migrations run on the other.
  const owner = createDataSource({
    url: ownerUrl,
    poolSize: 2,
    applicationName: `erp-${service}-migrations`,
  });
  await owner.initialize();
  try {
    await migrate(owner);
  } finally {
    await owner.destroy();
  }
  if (timerQueue) await migrateTimerSchema(ownerUrl, timerQueue);
}

/** A superuser, or the tables' owner, can disable the audit trigger: say so, it is not how to run for real. */
async function warnIfPrivileged(dataSource: DataSource, log: ReturnType<typeof structured>): Promise<void> {
  const [role]: { name: string; superuser: boolean; owner: boolean }[] = await dataSource.query(
    `SELECT current_user AS name, rolsuper AS superuser,
            EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'timeline_entries' AND tableowner = current_user) AS owner
       FROM pg_roles WHERE rolname = current_user`,
  );
  if (role && (role.superuser || role.owner)) {
    log.warn(
      `应用以${role.superuser ? '超级用户' : '表的所有者'}连接数据库 the apps connect as ${role.name}, ` +
        `${role.superuser ? 'a superuser' : 'the owner of the tables'}: set DATABASE_URL to the erp_app role ` +
        'and DATABASE_OWNER_URL to the owner',
    );
  }
}
