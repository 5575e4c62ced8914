import { Client } from 'pg';
import { progress } from './terminal';
import { sleep, wallNow } from './wall-clock';

export interface QueueDepth {
  t: number;
  alarms: number;
  awaitingDispatch: number;
  unpublished: number;
  audited: number;
}

/**
 * While the load runs: queue depths every 2 s (where the backlog builds is where the bottleneck is), and
 * every 500 ms what each app's PostgreSQL sessions are doing (a poor man's active-session history).
 */
export class QueueWatch {
  readonly depths: QueueDepth[] = [];
  /** application_name → "state / wait" → samples. */
  private readonly sessions = new Map<string, Map<string, number>>();
  private sessionSamples = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly busy = { depth: false, sessions: false };
  private readonly depthClient: Client;
  private readonly sessionClient: Client;

  constructor(databaseUrl: string) {
    this.depthClient = new Client({ connectionString: databaseUrl, application_name: 'bench-watch' });
    this.sessionClient = new Client({ connectionString: databaseUrl, application_name: 'bench-watch' });
  }

  async start(): Promise<void> {
    await this.depthClient.connect();
    await this.sessionClient.connect();
    this.timers.push(setInterval(() => void this.sampleDepth(), 2000));
    this.timers.push(setInterval(() => void this.sampleSessions(), 500));
  }

  /** Per app: the average number of non-idle sessions by what they were doing. */
  sessionSummary(): Record<string, Record<string, number>> {
    const summary: Record<string, Record<string, number>> = {};
    for (const [app, counts] of this.sessions) {
      summary[app] = Object.fromEntries(
        [...counts]
          .sort((a, b) => b[1] - a[1])
          .map(([what, samples]) => [what, samples / Math.max(1, this.sessionSamples)]),
      );
    }
    return summary;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    while (this.busy.depth || this.busy.sessions) await sleep(20);
    await this.depthClient.end().catch(() => undefined);
    await this.sessionClient.end().catch(() => undefined);
  }

  private async sampleDepth(): Promise<void> {
    if (this.busy.depth) return;
    this.busy.depth = true;
    try {
      const result = await this.depthClient.query<Omit<QueueDepth, 't'>>(
        `SELECT (SELECT count(*) FROM alarms)::int AS alarms,
                (SELECT count(*) FROM alarms WHERE status = 'received')::int AS "awaitingDispatch",
                (SELECT count(*) FROM outbox WHERE published_at IS NULL)::int AS unpublished,
                (SELECT count(*) FROM processed_events WHERE consumer = 'audit')::int AS audited`,
      );
      this.depths.push({ t: wallNow(), ...result.rows[0] });
    } catch (error) {
      progress(`queue watch: ${(error as Error).message}`);
    } finally {
      this.busy.depth = false;
    }
  }

  private async sampleSessions(): Promise<void> {
    if (this.busy.sessions) return;
    this.busy.sessions = true;
    try {
      const result = await this.sessionClient.query<{ app: string; what: string; n: number }>(
        `SELECT application_name AS app,
                CASE WHEN state = 'active' THEN 'active: ' || coalesce(wait_event_type || '/' || wait_event, 'on CPU')
                     ELSE coalesce(state, '?') END AS what,
                count(*)::int AS n
           FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'erp-%'
            AND state <> 'idle'
          GROUP BY 1, 2`,
      );
      this.sessionSamples++;
      for (const row of result.rows) {
        const counts = this.sessions.get(row.app) ?? new Map<string, number>();
        counts.set(row.what, (counts.get(row.what) ?? 0) + row.n);
        this.sessions.set(row.app, counts);
      }
    } catch (error) {
      progress(`session watch: ${(error as Error).message}`);
    } finally {
      this.busy.sessions = false;
    }
  }
}

export interface DatabaseCounters {
  commits: number;
  rollbacks: number;
  inserted: number;
  updated: number;
  walBytes: number;
}

/** The run database's cumulative counters (pg_stat_database) and the WAL position (machine-wide). */
export async function readDatabaseCounters(databaseUrl: string): Promise<DatabaseCounters> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-watch' });
  await client.connect();
  try {
    const result = await client.query<{
      commits: string;
      rollbacks: string;
      inserted: string;
      updated: string;
      wal: string;
    }>(
      `SELECT xact_commit AS commits, xact_rollback AS rollbacks, tup_inserted AS inserted, tup_updated AS updated,
              pg_current_wal_lsn() - '0/0'::pg_lsn AS wal
         FROM pg_stat_database WHERE datname = current_database()`,
    );
    const row = result.rows[0];
    return {
      commits: Number(row.commits),
      rollbacks: Number(row.rollbacks),
      inserted: Number(row.inserted),
      updated: Number(row.updated),
      walBytes: Number(row.wal),
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
