import type { DomainEvent } from '@erp/contracts';

/** Collects the facts an aggregate recorded, for the unit of work to write into the outbox. */
export abstract class AggregateRoot {
  private pending: DomainEvent[] = [];

  protected record(event: DomainEvent): void {
    this.pending.push(event);
  }

  pullEvents(): DomainEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }
}
