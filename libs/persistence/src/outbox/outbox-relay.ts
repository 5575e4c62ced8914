import { DataSource } from 'typeorm';
import { EventStream } from '@erp/event-stream';
import { preparedQuery } from '../prepared-query';

export interface RelayLog {
  log(message: string, extra?: object): void;
  error(message: string, extra?: object): void;
}

/** One relay publishes at a time across every process, so records leave in outbox order. */
const RELAY_LOCK_KEY = 0x65727002;
const BUSY_RETRY_MS = 20;

/**
 * Publishes outbox rows to the event stream and marks them published only after the stream accepted
 * them. A crash between the two republishes the batch: consumers' inboxes drop the repeats.
 * Woken at once by commits in its own process (`nudge`, from the UnitOfWork), and by a short poll for rows
 * other processes wrote. Not by LISTEN/NOTIFY: a NOTIFY takes a database-wide lock through commit, which
 * serialised every writing transaction behind one WAL flush (measured: intake capped near 120 alarms/s).
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
        } catch (e) {
          this.dirty = true;
          this.log.error(`发件箱转发失败 outbox relay failed: ${(e as Error).message}`);
        }
      }
      if (relayed > 0) {
        this.dirty = true;
        continue;
      }
      // Another process's relay holds the turn: rows of ours it did not see would otherwise wait a whole
      // poll, so try again shortly. A process with nothing of its own waiting just polls: five apps trying
      // every 20 ms cost a tenth of a core under load (the duty console alone 9.6% of one).
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
      // The relay's turn and its batch in one round trip: the outbox is read only once the lock is held.
      // The envelope as text: it goes onto the stream as it is stored, not parsed and serialised again.
      // Its type goes beside it, so consumers pass over what they do not want without parsing it.
      const read: {
        locked: boolean;
        id: string | null;
        topic: string;
        partition_key: string;
        type: string;
        envelope: string;
      }[] = await preparedQuery(
        manager,
        `WITH turn AS MATERIALIZED (SELECT pg_try_advisory_xact_lock($1) AS locked)
         SELECT turn.locked, o.id, o.topic, o.partition_key, o.type, o.envelope
           FROM turn LEFT JOIN LATERAL (
             SELECT id, topic, partition_key, envelope->>'type' AS type, envelope::text AS envelope
               FROM outbox WHERE turn.locked AND published_at IS NULL ORDER BY id LIMIT $2) o ON true`,
        [RELAY_LOCK_KEY, this.batchSize],
      );
      this.lockBusy = !read[0].locked;
      if (!read[0].locked) return 0;
      const rows = read.filter((r) => r.id !== null);
      if (!rows.length) {
        if (this.nudges === nudgesBefore) this.ownPending = false;
        return 0;
      }
      await this.stream.publish(
        rows.map((r) => ({ topic: r.topic, key: r.partition_key, value: r.envelope, type: r.type })),
      );
      await preparedQuery(manager, `UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id!),
      ]);
      return rows.length;
    });
  }
}
