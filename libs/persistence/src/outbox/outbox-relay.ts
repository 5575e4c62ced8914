import { DataSource } from 'typeorm';
import { EventStream } from '@erp/event-stream';
import { preparedQuery } from '../prepared-query';

export interface RelayLog {
  log(message: string, extra?: object): void;
  error(message: string, extra?: object): void;
}

/** What the relay hands its observer after a batch went out: each event's type and stored text. */
export interface RelayedEvent {
  type: string;
  envelope: string;
  /** How long the row waited in the outbox, from its commit's start to this pass. */
  waitedSeconds: number;
}

/** One relay publishes at a time across every process, so records leave in outbox order. */
const RELAY_LOCK_KEY = 0x65727002;
const BUSY_RETRY_MS = 20;

/**
 * Publishes outbox rows and marks them published only once the stream took them (a crash between the two
 * republishes; inboxes drop the repeats). Woken by its own process's commits (`nudge`) and a poll for
 * other processes' rows, never by NOTIFY (docs/decisions/2026-11-30-outbox-relay-without-listen-notify.md).
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private dirty = true;
  private lockBusy = false;
  /** This process committed events since its relay last found the outbox empty. */
  private ownPending = false;
  /** Counts nudges: a pass clears `ownPending` only if no commit of ours came after it began. */
  private nudges = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly stream: EventStream,
    private readonly log: RelayLog,
    private readonly pollMs = 50,
    private readonly batchSize = 500,
    private readonly onRelayed: (events: RelayedEvent[]) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    this.loop = this.run();
  }

  /** Ask for a pass now rather than at the next poll. */
  nudge(): void {
    this.dirty = true;
    this.ownPending = true;
    this.nudges++;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let relayed = 0;
      if (this.dirty) {
        this.dirty = false;
        try {
          relayed = await this.relayOnce();
        } catch (error) {
          this.dirty = true;
          this.log.error(`发件箱转发失败 outbox relay failed: ${(error as Error).message}`);
        }
      }
      if (relayed > 0) {
        this.dirty = true;
        continue;
      }
      // Another relay holds the turn: retry shortly only while rows of ours wait, else just poll
      // (docs/decisions/2026-11-30-outbox-poll-and-nudges.md).
      const busy = this.lockBusy && this.ownPending;
      if (busy) this.dirty = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(
          () => {
            this.dirty = true;
            resolve();
          },
          busy ? Math.min(BUSY_RETRY_MS, this.pollMs) : this.pollMs,
        );
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Publishes one batch; returns how many rows it published (0 when another relay holds the lock). */
  async relayOnce(): Promise<number> {
    const nudgesBefore = this.nudges;
    return this.dataSource.transaction(async (manager) => {
      // The turn and the batch in one round trip; envelopes go out as stored text, their type beside them
      // (docs/decisions/2026-11-30-relay-pass-in-one-statement.md).
      const read: {
        locked: boolean;
        id: string | null;
        topic: string;
        partition_key: string;
        type: string;
        envelope: string;
        waited: number;
      }[] = await preparedQuery(
        manager,
        `WITH turn AS MATERIALIZED (SELECT pg_try_advisory_xact_lock($1) AS locked)
         SELECT turn.locked, o.id, o.topic, o.partition_key, o.type, o.envelope, o.waited
           FROM turn LEFT JOIN LATERAL (
             SELECT id, topic, partition_key, envelope->>'type' AS type, envelope::text AS envelope,
                    extract(epoch FROM clock_timestamp() - created_at)::float8 AS waited
               FROM outbox WHERE turn.locked AND published_at IS NULL ORDER BY id LIMIT $2) o ON true`,
        [RELAY_LOCK_KEY, this.batchSize],
      );
      this.lockBusy = !read[0].locked;
      if (!read[0].locked) return 0;
      const rows = read.filter((row) => row.id !== null);
      if (!rows.length) {
        if (this.nudges === nudgesBefore) this.ownPending = false;
        return 0;
      }
      await this.stream.publish(
        rows.map((row) => ({
          topic: row.topic,
          key: row.partition_key,
          value: row.envelope,
          type: row.type,
        })),
      );
      await preparedQuery(manager, `UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((row) => row.id!),
      ]);
      this.onRelayed(
        rows.map((row) => ({ type: row.type, envelope: row.envelope, waitedSeconds: row.waited })),
      );
      return rows.length;
    });
  }
}
