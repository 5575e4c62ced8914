import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Topics, EventType } from '@erp/contracts';
import { consumeEvents, DecodedEvent, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { EntityManager } from 'typeorm';
import { Clock, UnitRegistry } from '@erp/domain';
import { CommandStructureSnapshots, UnitOfWork } from '@erp/persistence';
import { CLOCK, Infrastructure, structured } from '@erp/platform';
import { chainHash, GENESIS_HASH } from '../timeline/hash-chain';
import { summarize } from '../timeline/timeline-summary';

export const AUDIT = 'audit';

const INCIDENT_EVENTS: EventType[] = [
  'IncidentOpened',
  'IncidentClassified',
  'AlarmJoinedIncident',
  'IncidentReclassified',
  'IncidentDowngradeProposed',
  'IncidentCancelled',
  'TaskDispatched',
  'RescueCircleBreachPredicted',
  'CityReportRequired',
  'TaskAcknowledged',
  'TaskEscalated',
  'TaskDeadlineMissed',
];

/**
 * Projects every incident event into the incident's append-only, hash-chained timeline. The inbox and
 * the unique event id make a redelivery a no-op; the row lock on the last entry keeps `seq` gapless.
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
    const incidentId = event.incidentId;
    if (!incidentId) return;
    await this.unitOfWork.run(async (tx) => {
      if (!(await tx.firstDelivery(AUDIT, event.eventId))) return;
      const registry = await this.unitNames(tx.manager);
      // Serialise appends per incident, even with several projector instances.
      await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [incidentId]);
      const [last]: { seq: number; hash: string }[] = await tx.manager.query(
        `SELECT seq, hash FROM timeline_entries WHERE incident_id = $1 ORDER BY seq DESC LIMIT 1`,
        [incidentId],
      );
      const fields = {
        incidentId,
        seq: (last?.seq ?? 0) + 1,
        eventId: event.eventId,
        eventType: event.type,
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
        actor: event.actor,
        payload: event.payload as Record<string, unknown>,
      };
      const prevHash = last?.hash ?? GENESIS_HASH;
      await tx.manager.query(
        `INSERT INTO timeline_entries (incident_id, seq, event_id, event_type, occurred_at, recorded_at, actor,
           summary, payload, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
        [
          incidentId,
          fields.seq,
          fields.eventId,
          fields.eventType,
          fields.occurredAt,
          fields.recordedAt,
          JSON.stringify(fields.actor),
          summarize(event.type, fields.payload, event.actor, (id) => registry.byId(id)?.name),
          JSON.stringify(fields.payload),
          prevHash,
          chainHash(prevHash, fields),
        ],
      );
    });
  }
}
