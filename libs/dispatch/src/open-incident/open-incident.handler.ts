import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@erp/config';
import { Envelope, EventPayload } from '@erp/contracts';
import {
  Alarm,
  AlarmState,
  BAZHOU,
  BAZHOU_HAZARDS,
  classifyIncident,
  CorrelationCandidate,
  Clock,
  correlationLockKeys,
  CorrelationRule,
  DEFAULT_CORRELATION_RULE,
  DomainError,
  HazardAlarmContext,
  Incident,
  matchIncident,
  NationalClassification,
  reachBox,
} from '@erp/domain';
import { AlarmRepository, Causation, IncidentRepository, UnitOfWork } from '@erp/persistence';
import { APP_CONFIG, CLOCK } from '@erp/platform';
import { OpenIncidentCommand } from './open-incident.command';

export const DISPATCHER = 'dispatcher';

/**
 * An alarm joins the open incident it is a report of (same event: compatible type, close in place and
 * time), or opens a new one, classified by the national criteria. Tasks follow from IncidentClassified
 * (DispatchOwedTasksHandler, by the tiered response plan). A batch of alarms (one partition's run) is one
 * transaction with its inbox marks: a redelivered AlarmReceived changes nothing. Correlation locks (grid
 * cells around each alarm) make concurrent alarms for one event wait for each other, so they never open
 * two incidents; a batch takes all its cells at once, in one global order, so two batches never deadlock.
 * Within the batch, alarms are placed one after another and see the incidents the earlier ones opened.
 */
@CommandHandler(OpenIncidentCommand)
export class OpenIncidentHandler implements ICommandHandler<OpenIncidentCommand, void> {
  private readonly rule: CorrelationRule;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.rule = {
      ...DEFAULT_CORRELATION_RULE,
      radiusMetres: config.correlationRadiusMetres,
      windowMinutes: config.correlationWindowMinutes,
    };
  }

  async execute({ alarmsReceived }: OpenIncidentCommand): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const m = tx.manager;
      const fresh = await tx.firstDeliveries(
        DISPATCHER,
        alarmsReceived.map((e) => e.eventId),
      );
      // `delete`: an event twice in one batch is placed once.
      const events = alarmsReceived.filter((e) => fresh.delete(e.eventId));
      if (!events.length) return;
      const alarms = await AlarmRepository.getAll(
        m,
        events.map((e) => e.payload.alarmId),
        true,
      );
      const placing: { event: AlarmReceived; alarm: Alarm }[] = [];
      for (const event of events) {
        const alarm = alarms.get(event.payload.alarmId);
        if (!alarm) {
          throw new DomainError(
            'ALARM.NOT_FOUND',
            'invalid',
            `AlarmReceived names unknown alarm ${event.payload.alarmId}`,
          );
        }
        const a = alarm.snapshot();
        if (!a.incidentId && a.status === 'received' && a.townshipCode) placing.push({ event, alarm });
      }
      if (!placing.length) return;
      const anchors = placing.map(({ alarm }) => anchorOf(alarm.snapshot()));
      // Every cell's lock in one round trip, in the order of the lock keys themselves (not of the cell
      // names, whose hashes may collide): one global order whatever the batch, so batches never deadlock.
      await m.query(
        `SELECT count(pg_advisory_xact_lock(k))
           FROM (SELECT DISTINCT hashtext(key) AS k FROM unnest($1::text[]) AS u(key) ORDER BY k) keys`,
        [anchors.flatMap((anchor) => correlationLockKeys(this.rule, anchor))],
      );
      // The alarms that amendments and cancellations name, and their incidents; this batch's own first.
      const named = placing.flatMap(({ alarm }) => alarm.snapshot().relation?.alarmId ?? []);
      const known = new Map([
        ...(await AlarmRepository.getAll(
          m,
          named.filter((id) => !alarms.has(id)),
        )),
        ...alarms,
      ]);
      const namedIncidents = named.flatMap((id) => known.get(id)?.snapshot().incidentId ?? []);
      const batch = new PlacementBatch(
        this.rule,
        await IncidentRepository.lockForPlacing(
          m,
          anchors.map((anchor) => reachBox(this.rule, anchor)),
          namedIncidents,
        ),
      );
      for (const { event, alarm } of placing) {
        const causation: Causation = {
          actor: { kind: 'system', id: DISPATCHER },
          correlationId: event.correlationId,
          causationId: event.eventId,
        };
        const now = this.clock.now();
        const incident = this.place(batch, alarm, known, now);
        if (incident) await tx.record(incident.pullEvents(), causation, now);
      }
      await IncidentRepository.upsertAll(m, batch.changed());
      await AlarmRepository.saveAll(
        m,
        placing.map(({ alarm }) => alarm).filter((alarm) => alarm.snapshot().incidentId),
      );
    });
  }

  /**
   * Joins the alarm to its incident (the one it amends or cancels, or the one it matches), or opens one;
   * returns the incident it changed, or null when nothing is owed.
   */
  private place(batch: PlacementBatch, alarm: Alarm, known: Map<string, Alarm>, now: Date): Incident | null {
    const a = alarm.snapshot();
    if (a.relation) {
      const original = known.get(a.relation.alarmId)?.snapshot();
      const incident = original?.incidentId ? batch.get(original.incidentId) : undefined;
      if (original && incident) {
        if (a.relation.kind === 'cancels') incident.cancel(a, `${a.source} 撤回报警 ${original.externalId}`);
        else if (incident.snapshot().status === 'open')
          incident.joinAlarm(a, regrade(incident, a), now, null);
        return batch.joined(incident, alarm);
      }
      if (original?.status === 'received') {
        // The original is not dispatched yet (another partition): try again shortly, in order.
        throw new Error(`alarm ${a.relation.alarmId} that ${a.id} ${a.relation.kind} has no incident yet`);
      }
      // The original was never dispatched (outside the district, a test…): an amendment stands alone,
      // a cancellation has nothing to cancel.
      if (a.relation.kind === 'cancels') return null;
    }
    const anchor = anchorOf(a);
    const match = matchIncident(
      this.rule,
      { type: a.type, anchor, occurredAt: a.occurredAt, exercise: a.exercise },
      batch.candidatesNear(anchor),
    );
    if (match) {
      const incident = batch.get(match.incidentId)!;
      incident.joinAlarm(a, regrade(incident, a), now, a.location ? match.distanceMetres : null);
      return batch.joined(incident, alarm);
    }
    const hazard = BAZHOU_HAZARDS.alarmContext(a.location, { hazardPointId: a.hazardPointId });
    const classification = classify(a.type, a.facts, hazard.hazardPoint);
    if (hazard.contacts.length) {
      classification.reasons.push(
        `隐患点 ${hazard.hazardPoint?.name ?? ''}：${hazard.contacts.map((c) => `${c.roleZh} ${c.name} ${c.phone}`).join('，')}`,
      );
    }
    const incident = Incident.openFromAlarm(randomUUID(), a, classification, now, {
      anchor,
      hazardPointId: hazard.hazardPoint?.id ?? a.hazardPointId,
    });
    return batch.joined(incident, alarm);
  }
}

/**
 * A batch's incidents in memory: those it locked (open ones near its alarms, and those its amendments and
 * cancellations name) and those it opened, so each alarm sees what the earlier ones did. Written back
 * once, at the end.
 */
class PlacementBatch {
  private readonly incidents = new Map<string, Incident>();
  /** The open ones, as correlation sees them: refreshed when one changes. */
  private readonly candidates = new Map<string, CorrelationCandidate>();
  private readonly touched = new Set<Incident>();

  constructor(
    private readonly rule: CorrelationRule,
    locked: readonly Incident[],
  ) {
    for (const incident of locked) this.keep(incident);
  }

  get(id: string): Incident | undefined {
    return this.incidents.get(id);
  }

  candidatesNear(anchor: { lat: number; lon: number }): CorrelationCandidate[] {
    const box = reachBox(this.rule, anchor);
    return [...this.candidates.values()].filter(
      (c) =>
        c.anchor.lat >= box.minLat &&
        c.anchor.lat <= box.maxLat &&
        c.anchor.lon >= box.minLon &&
        c.anchor.lon <= box.maxLon,
    );
  }

  /** The alarm now belongs to this (changed or new) incident. */
  joined(incident: Incident, alarm: Alarm): Incident {
    alarm.joinIncident(incident.id);
    this.keep(incident);
    this.touched.add(incident);
    return incident;
  }

  changed(): Incident[] {
    return [...this.touched];
  }

  private keep(incident: Incident): void {
    this.incidents.set(incident.id, incident);
    const s = incident.snapshot();
    if (s.status === 'open' && s.anchor) {
      this.candidates.set(s.id, {
        id: s.id,
        type: s.type,
        anchor: s.anchor,
        lastAlarmAt: s.lastAlarmAt,
        exercise: s.exercise,
      });
    } else {
      this.candidates.delete(s.id);
    }
  }
}

type AlarmReceived = Envelope<EventPayload<'AlarmReceived'>>;

/** Where correlation looks from: the alarm's own position, else its township's. */
function anchorOf(a: AlarmState): { lat: number; lon: number } {
  return a.location ?? BAZHOU.requireTownship(a.townshipCode!).approxPosition;
}

function classify(
  type: string,
  facts: AlarmState['facts'],
  hazardPoint: HazardAlarmContext['hazardPoint'],
): NationalClassification {
  return classifyIncident({ type, ...facts, hazardPoint });
}

/** The incident re-graded on everything known once this alarm joins it. */
function regrade(incident: Incident, a: AlarmState): NationalClassification {
  const s = incident.snapshot();
  const hazard = BAZHOU_HAZARDS.alarmContext(a.location, { hazardPointId: a.hazardPointId });
  return classify(s.type, incident.factsWith(a), hazardOf(s.hazardPointId, hazard));
}

/** The incident's own hazard point, else one near the new alarm. */
function hazardOf(
  incidentHazardPointId: string | null,
  hazard: HazardAlarmContext,
): HazardAlarmContext['hazardPoint'] {
  const own = incidentHazardPointId ? BAZHOU_HAZARDS.byId(incidentHazardPointId) : undefined;
  return own ? { id: own.id, name: own.name, riskGrade: own.riskGrade } : hazard.hazardPoint;
}
