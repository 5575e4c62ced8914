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
import { AlarmRepository, Causation, IncidentRepository, Transaction, UnitOfWork } from '@erp/persistence';
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
      const fresh = await tx.firstDeliveries(
        DISPATCHER,
        alarmsReceived.map((e) => e.eventId),
      );
      // `delete`: an event twice in one batch is placed once.
      const events = alarmsReceived.filter((e) => fresh.delete(e.eventId));
      if (!events.length) return;
      const alarms = await AlarmRepository.getAll(
        tx.manager,
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
      // Every cell's lock in one round trip, in the order of the lock keys themselves (not of the cell
      // names, whose hashes may collide): one global order whatever the batch, so batches never deadlock.
      const cells = placing.flatMap(({ alarm }) =>
        correlationLockKeys(this.rule, anchorOf(alarm.snapshot())),
      );
      if (cells.length) {
        await tx.manager.query(
          `SELECT count(pg_advisory_xact_lock(k))
             FROM (SELECT DISTINCT hashtext(key) AS k FROM unnest($1::text[]) AS u(key) ORDER BY k) keys`,
          [cells],
        );
      }
      for (const { event, alarm } of placing) await this.place(tx, event, alarm);
    });
  }

  /** Joins the alarm to its incident (the one it amends or cancels, or the one it matches), or opens one. */
  private async place(tx: Transaction, event: AlarmReceived, alarm: Alarm): Promise<void> {
    const a = alarm.snapshot();
    const causation: Causation = {
      actor: { kind: 'system', id: DISPATCHER },
      correlationId: event.correlationId,
      causationId: event.eventId,
    };
    const now = this.clock.now();
    if (a.relation) {
      const original = await AlarmRepository.get(tx.manager, a.relation.alarmId);
      const originalIncident = original?.snapshot().incidentId;
      if (originalIncident) {
        const kind = a.relation.kind;
        await this.joinExisting(tx, alarm, originalIncident, causation, now, (incident) => {
          if (kind === 'cancels')
            incident.cancel(a, `${a.source} 撤回报警 ${original!.snapshot().externalId}`);
          else if (incident.snapshot().status === 'open')
            incident.joinAlarm(a, regrade(incident, a), now, null);
        });
        return;
      }
      if (original && original.snapshot().status === 'received') {
        // The original is not dispatched yet (another partition): try again shortly, in order.
        throw new Error(`alarm ${a.relation.alarmId} that ${a.id} ${a.relation.kind} has no incident yet`);
      }
      // The original was never dispatched (outside the district, a test…): an amendment stands alone,
      // a cancellation has nothing to cancel.
      if (a.relation.kind === 'cancels') return;
    }
    const anchor = anchorOf(a);
    const hazard = BAZHOU_HAZARDS.alarmContext(a.location, { hazardPointId: a.hazardPointId });
    const candidates = await IncidentRepository.openInBox(tx.manager, reachBox(this.rule, anchor));
    const match = matchIncident(
      this.rule,
      { type: a.type, anchor, occurredAt: a.occurredAt, exercise: a.exercise },
      candidates,
    );
    if (match) {
      const distance = a.location ? match.distanceMetres : null;
      await this.joinExisting(tx, alarm, match.incidentId, causation, now, (incident) =>
        incident.joinAlarm(a, regrade(incident, a), now, distance),
      );
      return;
    }
    await this.open(tx, alarm.snapshot(), anchor, hazard, causation, now, (id) => alarm.joinIncident(id));
    await AlarmRepository.save(tx.manager, alarm);
  }

  /** The alarm belongs to an existing incident: change it (join, regrade, cancel), then keep both and record. */
  private async joinExisting(
    tx: Transaction,
    alarm: Alarm,
    incidentId: string,
    causation: Causation,
    now: Date,
    change: (incident: Incident) => void,
  ): Promise<void> {
    const incident = (await IncidentRepository.getForUpdate(tx.manager, incidentId))!;
    change(incident);
    alarm.joinIncident(incident.id);
    await IncidentRepository.save(tx.manager, incident);
    await AlarmRepository.save(tx.manager, alarm);
    await tx.record(incident.pullEvents(), causation, now);
  }

  private async open(
    tx: Transaction,
    a: AlarmState,
    anchor: { lat: number; lon: number },
    hazard: HazardAlarmContext,
    causation: Causation,
    now: Date,
    join: (incidentId: string) => void,
  ): Promise<void> {
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
    join(incident.id);
    await IncidentRepository.insert(tx.manager, incident);
    await tx.record(incident.pullEvents(), causation, now);
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
