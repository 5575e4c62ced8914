import { createPostgresBackend, Job, Queue, runMigrations, Worker, withBackend } from 'bullmq';
import { Client } from 'pg';
import IORedis, { RedisOptions } from 'ioredis';
import { Clock } from '@erp/domain';
import {
  DeadlineTimer,
  DeadlineTimers,
  DueHandler,
  TIMER_ID_PREFIX,
  timerId,
  TimerRef,
} from './deadline-timers.port';

/** `migrate: false` when the schema owner prepared BullMQ's schema already (migrateTimerSchema): the app's role may not. */
export type TimerBackend =
  { kind: 'redis'; url: string } | { kind: 'postgres'; url: string; migrate?: boolean };

/**
 * Creates or upgrades BullMQ's PostgreSQL schema as the role that owns the database's schema, and the
 * queue's job-id sequence, which BullMQ otherwise creates on the first add: the app's role may not create
 * anything (its privileges on both come from the owner's default privileges, see the roles migration).
 */
export async function migrateTimerSchema(ownerUrl: string, queueName = QUEUE_NAME): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await runMigrations(client);
    await client.query(`DO $$ BEGIN
      IF to_regprocedure('bullmq.job_id_seq_name(text)') IS NOT NULL THEN
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS bullmq.%I', bullmq.job_id_seq_name(${client.escapeLiteral(queueName)}));
      END IF;
    END $$`);
  } finally {
    await client.end();
  }
}

interface TimerJobData {
  taskId: string;
  deadline: DeadlineTimer['deadline'];
  ordinal: number;
  dueAt: string;
}

/** Job states in which a timer still stands: waiting to fire, or firing. */
const PENDING_STATES = ['delayed', 'wait', 'prioritized', 'active', 'waiting-children'] as const;

const QUEUE_NAME = 'erp-deadlines';

/**
 * Deadlines as BullMQ delayed jobs, on Redis (services mode) or on BullMQ's PostgreSQL backend
 * (single-node mode). The job carries only ids: the handler re-reads the task before it escalates.
 */
export class BullMqDeadlineTimers implements DeadlineTimers {
  readonly backend: 'redis' | 'postgres';
  private readonly queue: Queue;
  private worker?: Worker;
  /** Connections we opened for Redis (BullMQ does not close connections it was handed). */
  private readonly redisConnections: IORedis[] = [];
  private readonly reportError: (e: Error) => void;
  private readonly makeWorker: (handler: (job: Job<TimerJobData>) => Promise<void>) => Worker;

  constructor(
    backend: TimerBackend,
    private readonly clock: Clock,
    options: { queueName?: string; concurrency?: number; onError?: (message: string) => void } = {},
  ) {
    this.backend = backend.kind;
    const name = options.queueName ?? QUEUE_NAME;
    const concurrency = options.concurrency ?? 8;
    // BullMQ reports connection trouble as 'error' events; unheard, they print stack traces to the console.
    const onError = options.onError ?? (() => undefined);
    this.reportError = (e: Error) => onError(`deadline timers (${backend.kind}): ${e.message}`);
    if (backend.kind === 'redis') {
      const connect = (options: RedisOptions) => {
        const connection = new IORedis(backend.url, options);
        this.redisConnections.push(connection);
        return connection;
      };
      // Schedules and cancels fail at once while Redis is down rather than wait in ioredis' offline queue:
      // nothing upstream may wait on the timer store; the reconciler catches up from PostgreSQL.
      this.queue = new Queue(name, {
        connection: connect({ maxRetriesPerRequest: 1, enableOfflineQueue: false }),
      });
      // The worker's blocking reads wait for Redis to come back, as BullMQ requires.
      this.makeWorker = (handler) =>
        new Worker(name, handler, {
          connection: connect({ maxRetriesPerRequest: null }),
          concurrency,
          autorun: true,
        });
    } else {
      const pg = withBackend(createPostgresBackend);
      const connection = { connectionString: backend.url, migrate: backend.migrate ?? true, max: 4 };
      this.queue = new pg.Queue(name, { connection }) as unknown as Queue;
      this.makeWorker = (handler) =>
        new pg.Worker(name, handler, { connection, concurrency, autorun: true }) as unknown as Worker;
    }
    this.queue.on('error', this.reportError);
  }

  async start(onDue: DueHandler): Promise<void> {
    await this.queue.waitUntilReady();
    this.worker = this.makeWorker(async (job) => {
      await onDue({
        taskId: job.data.taskId,
        deadline: job.data.deadline,
        ordinal: job.data.ordinal ?? 0,
        dueAt: new Date(job.data.dueAt),
      });
    });
    this.worker.on('error', this.reportError);
    await this.worker.waitUntilReady();
  }

  async schedule(timer: DeadlineTimer): Promise<void> {
    await this.scheduleAll([timer]);
  }

  /** One `addBulk`: a Redis pipeline, or one set-based insert on PostgreSQL; existing ids are left as they are. */
  async scheduleAll(timers: readonly DeadlineTimer[]): Promise<void> {
    if (!timers.length) return;
    const now = this.clock.now().getTime();
    await this.queue.addBulk(
      timers.map((timer) => ({
        name: 'deadline',
        data: {
          taskId: timer.taskId,
          deadline: timer.deadline,
          ordinal: timer.ordinal,
          dueAt: timer.dueAt.toISOString(),
        } satisfies TimerJobData,
        opts: {
          jobId: timerId(timer),
          delay: Math.max(0, timer.dueAt.getTime() - now),
          attempts: 20,
          backoff: { type: 'exponential', delay: 500 },
          removeOnComplete: true,
          // A failed job would keep its id and block the same timer from being scheduled again; the
          // reconciler schedules it anew from PostgreSQL instead.
          removeOnFail: true,
        },
      })),
    );
  }

  async cancel(timer: TimerRef): Promise<void> {
    await this.removeAll([timerId(timer)]);
  }

  async removeAll(ids: readonly string[]): Promise<void> {
    // remove() answers 0 when the job is absent, and fails on one being processed: that one re-reads the
    // task under a lock, finds it moved on, and does nothing.
    for (const id of ids) await this.queue.remove(id).catch(() => 0);
  }

  async pendingIds(): Promise<Set<string>> {
    const ids = await this.queue.getRanges([...PENDING_STATES], 0, -1);
    return new Set(ids.filter((id) => id.startsWith(TIMER_ID_PREFIX)));
  }

  async isHealthy(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queue.getJobCounts('delayed'),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000))),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    // BullMQ is done with them; disconnect (not quit) so a never-connected client stops retrying at once.
    for (const c of this.redisConnections) c.disconnect();
  }
}
