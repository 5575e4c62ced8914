import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventType, TASK_EVENT_TYPES, Topics } from '@erp/contracts';
import { consumeEvents, DecodedEvent, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { EntityManager } from 'typeorm';
import { Clock, UnitRegistry } from '@erp/domain';
import { CommandStructureSnapshots, lockKeys, preparedQuery, UnitOfWork } from '@erp/persistence';
import { CLOCK, Infrastructure, structured } from '@erp/platform';
import { chainHash, ChainedFields, GENESIS_HASH } from '../timeline/hash-chain';
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
    private readonly structure: CommandStructureSnapshots,
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

  private async unitNames(m: EntityManager): Promise<UnitRegistry> {
    const now = this.clock.now().getTime();
    if (!this.names || now - this.names.at > 30_000) {
      this.names = { at: now, registry: await this.structure.registry(m) };
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
      const registry = await this.unitNames(tx.manager);
      const incidentIds = [...new Set(todo.map((e) => e.incidentId))];
      // Serialises appends per incident, even with several projector instances (same key as ever: the id).
      await lockKeys(tx.manager, incidentIds);
      const heads = await lastEntries(tx.manager, incidentIds);
      const rows = todo.map((event) => {
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
        return { fields, summary, prevHash: head.hash, hash };
      });
      await preparedQuery(
        tx.manager,
        `INSERT INTO timeline_entries (incident_id, seq, event_id, event_type, occurred_at, recorded_at, actor,
           summary, payload, prev_hash, hash)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::timestamptz[],
           $6::timestamptz[], $7::jsonb[], $8::text[], $9::jsonb[], $10::text[], $11::text[])`,
        [
          rows.map((r) => r.fields.incidentId),
          rows.map((r) => r.fields.seq),
          rows.map((r) => r.fields.eventId),
          rows.map((r) => r.fields.eventType),
          rows.map((r) => r.fields.occurredAt),
          rows.map((r) => r.fields.recordedAt),
          rows.map((r) => JSON.stringify(r.fields.actor)),
          rows.map((r) => r.summary),
          rows.map((r) => JSON.stringify(r.fields.payload)),
          rows.map((r) => r.prevHash),
          rows.map((r) => r.hash),
        ],
      );
    });
  }
}

/** Each incident's last (seq, hash), read after its lock is held (so a committed predecessor is seen). */
async function lastEntries(
  m: EntityManager,
  incidentIds: readonly string[],
): Promise<Map<string, { seq: number; hash: string }>> {
  const rows = await preparedQuery<{ incident_id: string; seq: number; hash: string }>(
    m,
    // Keyed by the ids as given (text), not as Postgres would print the uuid back.
    `SELECT u.id AS incident_id, last.seq, last.hash
       FROM unnest($1::text[]) AS u(id)
       CROSS JOIN LATERAL (
         SELECT seq, hash FROM timeline_entries WHERE incident_id = u.id::uuid ORDER BY seq DESC LIMIT 1
       ) AS last`,
    [incidentIds],
  );
  return new Map(rows.map((r) => [r.incident_id, { seq: r.seq, hash: r.hash }]));
}
