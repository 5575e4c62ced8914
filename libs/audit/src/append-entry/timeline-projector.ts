import { EventType, TASK_EVENT_TYPES, Topics } from '@erp/contracts';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { consumeEvents, DecodedEvent, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { Clock, Stores, TimelineRow, UnitOfWork, UnitRegistry } from '@erp/domain';
import { CLOCK, Infrastructure, structured } from '@erp/platform';
import { ChainedFields, chainHash, GENESIS_HASH } from '../timeline/hash-chain';
import { summarize } from '../timeline/timeline-summary';

export const AUDIT = 'audit';

const INCIDENT_EVENTS: EventType[] = [
  'IncidentOpened',
  'IncidentClassified',
  'AlarmJoinedIncident',
  'IncidentReclassified',
  'IncidentDowngradeProposed',
  'IncidentCancelled',
  'RescueCircleBreachPredicted',
  'CityReportRequired',
  'IncidentClosed',
  ...TASK_EVENT_TYPES,
];

/**
 * Projects every incident event into the incident's append-only, hash-chained timeline, a batch at a time.
 * The inbox and the unique event id make a redelivery a no-op; an advisory lock per incident keeps `seq`
 * gapless and the chain linear, even with several projector instances.
 */
@Injectable()
export class TimelineProjector implements OnModuleInit {
  private readonly logger = new Logger(TimelineProjector.name);

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
        // Incident facts only: a team's status changes travel on the command-structure topic, in no order
        // relative to this one, and the team's own TaskDispatched already says it was sent (with its ETA).
        topics: [Topics.incidents],
        types: INCIDENT_EVENTS,
        log: structured(this.logger, TimelineProjector.name),
        handle: (event) => this.append(event),
        handleBatch: (events) => this.appendAll(events),
      }),
    );
  }

  /** Names are for reading only (the id stays beside them): refreshed at most every 30 s, not per event. */
  private names: { at: number; registry: UnitRegistry } | null = null;

  private async unitNames(stores: Stores): Promise<UnitRegistry> {
    const now = this.clock.now().getTime();
    if (!this.names || now - this.names.at > 30_000) {
      this.names = { at: now, registry: await stores.structure.registry() };
    }
    return this.names.registry;
  }

  async append(event: DecodedEvent): Promise<void> {
    await this.appendAll([event]);
  }

  /**
   * Appends a batch in one transaction: one inbox statement, the locks of all its incidents in one round
   * trip, their last entries in one query, the chain computed here in event order, one multi-row insert.
   * Events of one incident keep their batch order; redelivered ones (and events without an incident) are
   * skipped. A failure rolls the whole batch back, inbox marks included.
   */
  async appendAll(events: readonly DecodedEvent[]): Promise<void> {
    const candidates = events.filter((e): e is DecodedEvent & { incidentId: string } => !!e.incidentId);
    if (!candidates.length) return;
    await this.unitOfWork.run(async (tx) => {
      const todo = await tx.firstDeliveries(AUDIT, candidates, (e) => e.eventId);
      if (!todo.length) return;
      const registry = await this.unitNames(tx);
      const incidentIds = [...new Set(todo.map((e) => e.incidentId))];
      // Serialises appends per incident, even with several projector instances (same key as ever: the id).
      await tx.lockKeys(incidentIds);
      const heads = await tx.timeline.heads(incidentIds);
      const rows = todo.map((event): TimelineRow => {
        const head = heads.get(event.incidentId) ?? { seq: 0, hash: GENESIS_HASH };
        const payload = event.payload as Record<string, unknown>;
        const fields: ChainedFields = {
          incidentId: event.incidentId,
          seq: head.seq + 1,
          eventId: event.eventId,
          eventType: event.type,
          occurredAt: event.occurredAt,
          recordedAt: event.recordedAt,
          actor: event.actor,
          payload,
        };
        const hash = chainHash(head.hash, fields);
        heads.set(event.incidentId, { seq: fields.seq, hash });
        const summary = summarize(event.type, payload, event.actor, (id) => registry.byId(id)?.name);
        return { ...fields, summary, prevHash: head.hash, hash };
      });
      await tx.timeline.append(rows);
    });
  }
}
