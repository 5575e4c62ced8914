import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent } from '@erp/contracts';
import { Clock } from '@erp/domain';
import { Causation, envelopeFor } from './outbox/envelope-factory';
import { preparedQuery } from './prepared-query';

/** What a transaction can do besides plain reads and writes. */
export interface Transaction {
  readonly manager: EntityManager;
  /** Writes events into the outbox (at the end of the transaction, in order), committed with the state that caused them. */
  record(events: DomainEvent[], causation: Causation, occurredAt?: Date): Promise<void>;
  /**
   * The inbox: true the first time `consumer` sees `eventId` in a committed transaction, false after.
   * Concurrent deliveries wait on the row lock, so exactly one applies the event.
   */
  firstDelivery(consumer: string, eventId: string): Promise<boolean>;
  /**
   * The inbox for a batch, in one statement: those of `items` whose event `consumer` sees for the first
   * time, in their order (an event twice in the batch counts once).
   */
  firstDeliveries<T>(consumer: string, items: readonly T[], eventIdOf: (item: T) => string): Promise<T[]>;
}

/** Runs work in one Postgres transaction: state, its events (outbox) and the inbox mark commit together. */
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    /** Called after a commit that recorded events: the outbox relay's nudge. */
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let recorded = false;
    const result = await this.dataSource.transaction(async (manager) => {
      // Events wait here and go into the outbox in one statement at the end, in the order recorded: a
      // transaction over a batch of alarms writes its outbox in one round trip, not one per alarm.
      const outbox: { eventId: string; topic: string; partitionKey: string; envelope: unknown }[] = [];
      const tx: Transaction = {
        manager,
        record: async (events, causation, occurredAt) => {
          const recordedAt = this.clock.now();
          for (const e of events) {
            const { topic, envelope } = envelopeFor(e, causation, occurredAt ?? recordedAt, recordedAt);
            outbox.push({ eventId: envelope.eventId, topic, partitionKey: envelope.key, envelope });
          }
        },
        firstDelivery: async (consumer, eventId) =>
          (await tx.firstDeliveries(consumer, [eventId], (id) => id)).length > 0,
        firstDeliveries: async (consumer, items, eventIdOf) => {
          if (!items.length) return [];
          // Sorted, so that two batches sharing ids wait for each other instead of deadlocking.
          const rows = await preparedQuery<{ event_id: string }>(
            manager,
            `INSERT INTO processed_events (consumer, event_id)
             SELECT $1, id FROM unnest($2::uuid[]) AS u(id) ORDER BY id
             ON CONFLICT DO NOTHING RETURNING event_id`,
            [consumer, items.map(eventIdOf)],
          );
          // PostgreSQL answers uuids in its own spelling (lower case); `delete` keeps an id's first item only.
          const fresh = new Set(rows.map((r) => r.event_id));
          return items.filter((item) => fresh.delete(eventIdOf(item).toLowerCase()));
        },
      };
      const value = await work(tx);
      if (outbox.length) {
        recorded = true;
        // Raw insert: the envelope is stored as-is, and TypeORM's deep-partial typing rejects its nulls.
        await preparedQuery(
          manager,
          `INSERT INTO outbox (event_id, topic, partition_key, envelope)
           SELECT a, b, c, d FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS u(a, b, c, d, n)
           ORDER BY n`,
          [
            outbox.map((r) => r.eventId),
            outbox.map((r) => r.topic),
            outbox.map((r) => r.partitionKey),
            outbox.map((r) => JSON.stringify(r.envelope)),
          ],
        );
      }
      return value;
    });
    if (recorded) this.afterCommit();
    return result;
  }
}
