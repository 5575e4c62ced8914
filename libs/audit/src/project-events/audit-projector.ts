import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventPayloads, EventType, Topics } from '@erp/contracts';
import { consumeEvents, DecodedEvent, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { Clock, Transaction, UnitOfWork, UnitRegistry } from '@erp/domain';
import { CLOCK, Infrastructure, structured } from '@erp/platform';
import { appendToAuditTrail } from './audit-trail-writer';
import { timelineOf, mentionedUnits } from './timeline-facts';

export const AUDIT = 'audit';

/** Every event there is: the audit logs them all, whatever it projects. */
const EVERY_EVENT = Object.keys(EventPayloads) as EventType[];

/** The topics that carry our events (the machine sources' submissions and dead letters are not events). */
const EVENT_TOPICS = [Topics.alarms, Topics.incidents, Topics.commandStructure, Topics.monitoring];

/**
 * The audit consumer: every event of every topic goes into the append-only event log, and from it, in the
 * same transaction, into the incident timelines and the response-time tables, a batch at a time. The
 * inbox makes a redelivery a no-op; the incident locks keep each timeline gapless and linear.
 */
@Injectable()
export class AuditProjector implements OnModuleInit {
  private readonly logger = new Logger(AuditProjector.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
  ) {}

  async onModuleInit(): Promise<void> {
    this.infra.track(
      await consumeEvents(this.stream, {
        group: AUDIT,
        topics: EVENT_TOPICS,
        types: EVERY_EVENT,
        log: structured(this.logger, AuditProjector.name),
        handle: (event) => this.append(event),
        handleBatch: (events) => this.appendAll(events),
      }),
    );
  }

  /** Names are for reading (the id stays beside them): refreshed at most every 30 s, not per event. */
  private names: { at: number; registry: UnitRegistry } | null = null;

  private async unitNames(tx: Transaction): Promise<UnitRegistry> {
    const now = this.clock.now().getTime();
    if (!this.names || now - this.names.at > 30_000) {
      this.names = { at: now, registry: await tx.structure.registry() };
    }
    return this.names.registry;
  }

  async append(event: DecodedEvent): Promise<void> {
    await this.appendAll([event]);
  }

  /** A batch in one transaction; a failure rolls it all back, inbox marks included. */
  async appendAll(events: readonly DecodedEvent[]): Promise<void> {
    if (!events.length) return;
    await this.unitOfWork.run(async (tx) => {
      const todo = await tx.firstDeliveries(AUDIT, events, (e) => e.eventId);
      if (!todo.length) return;
      const registry = await this.unitNames(tx);
      await appendToAuditTrail(
        tx,
        todo.map((event) => ({
          event,
          topic: EventPayloads[event.type].topic,
          unitNames: timelineOf(event) ? namesOf(mentionedUnits(event), registry) : null,
        })),
      );
    });
  }
}

function namesOf(unitIds: readonly string[], registry: UnitRegistry): Record<string, string> | null {
  const known = unitIds.flatMap((id) => {
    const name = registry.byId(id)?.name;
    return name ? [[id, name] as const] : [];
  });
  return known.length ? Object.fromEntries(known) : null;
}
