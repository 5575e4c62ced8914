import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent } from '@erp/contracts';
import { Causation, Clock, StraightLineTerrainModel, Transaction, UnitOfWork } from '@erp/domain';
import { envelopeFor } from './outbox/envelope-factory';
import { preparedQuery } from './prepared-query';
import { CommandStructureSnapshots } from './repositories/command-structure-snapshots';
import { StoresOn } from './stores';

interface OutboxRow {
  eventId: string;
  topic: string;
  partitionKey: string;
  envelope: unknown;
}

/** An event a transaction of this process committed, as its outbox row holds it. */
export type CommittedEvent = Pick<OutboxRow, 'topic' | 'envelope'>;

/** One transaction's stores, its events waiting for the outbox, and its inbox marks. */
class TransactionOn extends StoresOn implements Transaction {
  /** Written in one statement at the end, in the order recorded (one round trip for a batch's events). */
  readonly outbox: OutboxRow[] = [];

  constructor(
    manager: EntityManager,
    snapshots: CommandStructureSnapshots,
    private readonly clock: Clock,
  ) {
    super(manager, snapshots);
  }

  async record(events: DomainEvent[], causation: Causation, occurredAt?: Date): Promise<void> {
    const recordedAt = this.clock.now();
    for (const event of events) {
      const { topic, envelope } = envelopeFor(event, causation, occurredAt ?? recordedAt, recordedAt);
      this.outbox.push({ eventId: envelope.eventId, topic, partitionKey: envelope.key, envelope });
    }
  }

  async firstDelivery(consumer: string, eventId: string): Promise<boolean> {
    return (await this.firstDeliveries(consumer, [eventId], (id) => id)).length > 0;
  }

  async firstDeliveries<T>(
    consumer: string,
    items: readonly T[],
    eventIdOf: (item: T) => string,
  ): Promise<T[]> {
    if (!items.length) return [];
    // Sorted, so that two batches sharing ids wait for each other instead of deadlocking.
    const rows = await preparedQuery<{ event_id: string }>(
      this.manager,
      `INSERT INTO processed_events (consumer, event_id)
       SELECT $1, id FROM unnest($2::uuid[]) AS u(id) ORDER BY id
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, items.map(eventIdOf)],
    );
    // PostgreSQL answers uuids in its own spelling (lower case); `delete` keeps an id's first item only.
    const fresh = new Set(rows.map((row) => row.event_id));
    return items.filter((item) => fresh.delete(eventIdOf(item).toLowerCase()));
  }

  async writeOutbox(): Promise<boolean> {
    if (!this.outbox.length) return false;
    // Raw insert: the envelope is stored as-is, and TypeORM's deep-partial typing rejects its nulls.
    await preparedQuery(
      this.manager,
      `INSERT INTO outbox (event_id, topic, partition_key, envelope)
       SELECT a, b, c, d FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS u(a, b, c, d, n)
       ORDER BY n`,
      [
        this.outbox.map((row) => row.eventId),
        this.outbox.map((row) => row.topic),
        this.outbox.map((row) => row.partitionKey),
        this.outbox.map((row) => JSON.stringify(row.envelope)),
      ],
    );
    return true;
  }
}

/** Runs work in one PostgreSQL transaction: state, its events (outbox) and the inbox mark commit together. */
export class PostgresUnitOfWork extends UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly snapshots = new CommandStructureSnapshots(new StraightLineTerrainModel()),
    /** Called after a commit that recorded events, with them: the outbox relay's nudge, the live view. */
    private readonly afterCommit: (events: readonly CommittedEvent[]) => void = () => undefined,
  ) {
    super();
  }

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let recorded: readonly CommittedEvent[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const tx = new TransactionOn(manager, this.snapshots, this.clock);
      const value = await work(tx);
      if (await tx.writeOutbox()) recorded = tx.outbox;
      return value;
    });
    if (recorded.length) this.afterCommit(recorded);
    return result;
  }
}
