import { DataSource } from 'typeorm';
import type { EventStream } from '@erp/event-stream';
import {
  Clock,
  IncidentRecordReadModel,
  ReadStore,
  ResponseTimesReadModel,
  TimelineReadModel,
  TravelTimeModel,
  UnitOfWork,
} from '@erp/domain';
import {
  PostgresIncidentRecordReadModel,
  PostgresResponseTimesReadModel,
  PostgresTimelineReadModel,
} from './read-models';
import { createDataSource, migrate } from './data-source';
import { OutboxRelay, RelayedEvent, RelayLog } from './outbox/outbox-relay';
import { CommandStructureSnapshots } from './repositories/command-structure-snapshots';
import { DemoCredentials, seedDemoDistrict } from './seed/demo-district.seed';
import { StoresOn } from './stores';
import { CommittedEvent, PostgresUnitOfWork } from './unit-of-work';

export interface DatabaseOptions {
  url: string;
  /** Shown as the connections' application_name. */
  service: string;
  clock: Clock;
  /** The rescue circle's travel-time model, for the structure snapshot's coverage. */
  travelModel: TravelTimeModel;
  /** Run the migrations on this connection (no separate owner did). */
  migrate: boolean;
  /** Seed the demo district on a fresh database. */
  seed?: DemoCredentials;
  log: { warn(message: string): void };
}

/**
 * PostgreSQL as the product uses it: the unit of work for changes, the read store for reads, the outbox
 * relay. The one place a connection is opened; nothing outside this library sees TypeORM.
 */
export class Database {
  private nudgeRelay: () => void = () => undefined;
  private readonly committedListeners = new Set<(events: readonly CommittedEvent[]) => void>();

  /** The audit's read-model ports (the timeline and its checkpoints, response times, incident records). */
  readonly readModels: {
    timeline: TimelineReadModel;
    responseTimes: ResponseTimesReadModel;
    incidentRecords: IncidentRecordReadModel;
  };

  private constructor(
    /** For tests and tools that inspect the database directly; the product goes through the ports. */
    readonly dataSource: DataSource,
    readonly unitOfWork: UnitOfWork,
    readonly reads: ReadStore,
    snapshots: CommandStructureSnapshots,
  ) {
    this.readModels = {
      timeline: new PostgresTimelineReadModel(dataSource),
      responseTimes: new PostgresResponseTimesReadModel(dataSource),
      incidentRecords: new PostgresIncidentRecordReadModel(dataSource, snapshots),
    };
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const dataSource = createDataSource({ url: options.url, applicationName: `erp-${options.service}` });
    await dataSource.initialize();
    try {
      if (options.migrate) await migrate(dataSource);
      await warnIfPrivileged(dataSource, options.log);
      if (options.seed) await seedDemoDistrict(dataSource, options.seed);
    } catch (e) {
      await dataSource.destroy();
      throw e;
    }
    const snapshots = new CommandStructureSnapshots(options.travelModel);
    let database: Database | undefined = undefined;
    const unitOfWork = new PostgresUnitOfWork(dataSource, options.clock, snapshots, (events) =>
      database?.committed(events),
    );
    database = new Database(dataSource, unitOfWork, new StoresOn(dataSource.manager, snapshots), snapshots);
    return database;
  }

  /** The relay publishing this database's outbox to the stream; nudged by this process's commits. */
  relay(
    stream: EventStream,
    log: RelayLog,
    pollMs: number,
    onRelayed?: (events: RelayedEvent[]) => void,
  ): OutboxRelay {
    const relay = new OutboxRelay(this.dataSource, stream, log, pollMs, undefined, onRelayed);
    this.nudgeRelay = () => relay.nudge();
    return relay;
  }

  /**
   * Each commit's events, as this process commits them, before any relay hands them on: for a reader that
   * must not wait for the stream's other consumers (single node's live view). Returns how to stop.
   */
  onCommitted(listener: (events: readonly CommittedEvent[]) => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  private committed(events: readonly CommittedEvent[]): void {
    this.nudgeRelay();
    for (const listener of this.committedListeners) listener(events);
  }

  /** How many tasks stand in each state now, district-wide (for the metrics' tasks-by-state gauge). */
  async tasksByStatus(): Promise<Record<string, number>> {
    const rows: { status: string; tasks: number }[] = await this.dataSource.query(
      'SELECT status, count(*)::int AS tasks FROM tasks GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.tasks]));
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Migrations run as the schema owner on a connection of their own, closed before the app connects. */
export async function migrateAsOwner(ownerUrl: string, service: string): Promise<void> {
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
}

/** A superuser, or the tables' owner, can disable the audit trigger: say so, it is not how to run for real. */
async function warnIfPrivileged(dataSource: DataSource, log: { warn(message: string): void }): Promise<void> {
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
