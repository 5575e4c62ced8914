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
  latestAlarmAt,
  heardSince,
  reachBox,
  sameCandidate,
} from '@erp/domain';
import { AlarmRepository, IncidentRepository, lockKeys, UnitOfWork } from '@erp/persistence';
import { APP_CONFIG, CLOCK } from '@erp/platform';
import { OpenIncidentCommand } from './open-incident.command';

export const DISPATCHER = 'dispatcher';

/**
 * An alarm joins the open incident it is a report of (same event: compatible type, close in place and
 * time), or opens a new one, classified by the national criteria. Tasks follow from IncidentClassified
 * (DispatchOwedTasksHandler, by the tiered response plan). A batch of alarms (one partition's run) is one
 * transaction with its inbox marks: a redelivered AlarmReceived changes nothing.
 *
 * Correlation locks (grid cells around each alarm) make concurrent alarms for one event wait for each
 * other, so they never open two incidents; a batch takes all its cells at once, in one global order, so
 * two batches never deadlock. Then, in two passes:
 * 1. decide, on what correlation sees of the open incidents near the batch (read without locks), where
 *    each alarm goes, in order: each sees what the earlier ones did (`PlacementPlan`);
 * 2. lock and load only the incidents that change, check that what was decided on still holds (else the
 *    batch fails and is retried alarm by alarm), and apply the changes in order.
 * Locking only what changes keeps duty officers' actions, and the plan's dispatch, from waiting behind
 * a batch that merely looked at their incident.
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
      const events = await tx.firstDeliveries(DISPATCHER, alarmsReceived, (e) => e.eventId);
      if (!events.length) return;
      // No row lock: only the delivery of an alarm's own AlarmReceived changes it, and the inbox mark above
      // already makes a concurrent delivery of that event wait for this transaction.
      const alarms = await AlarmRepository.getAll(
        m,
        events.map((e) => e.payload.alarmId),
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
      // Every cell's lock at once, in one global order (lockKeys): batches sharing cells never deadlock.
      await lockKeys(
        m,
        anchors.flatMap((anchor) => correlationLockKeys(this.rule, anchor)),
      );
      // The alarms that amendments and cancellations name; this batch's own first.
      const named = placing.flatMap(({ alarm }) => alarm.snapshot().relation?.alarmId ?? []);
      const known = new Map([
        ...(await AlarmRepository.getAll(
          m,
          named.filter((id) => !alarms.has(id)),
        )),
        ...alarms,
      ]);

      // 1. Decide, in order.
      const earliest = Math.min(...placing.map(({ alarm }) => alarm.snapshot().occurredAt.getTime()));
      const plan = new PlacementPlan(
        this.rule,
        await IncidentRepository.openCandidatesNear(
          m,
          anchors.map((anchor) => reachBox(this.rule, anchor)),
          heardSince(this.rule, new Date(earliest)),
        ),
      );
      const now = this.clock.now();
      const decisions = placing.map(({ alarm }) => this.decide(plan, alarm.snapshot(), known, now));

      // 2. Lock what changes, check it, apply in order.
      const locked = await IncidentRepository.lockAll(m, plan.existingTargets());
      for (const seen of plan.matchedCandidates()) {
        const candidate = locked.get(seen.id)?.asCandidate();
        if (!candidate || !sameCandidate(candidate, seen)) {
          // Another writer (a cancellation through another partition) changed it since it was read.
          throw new Error(`incident ${seen.id} changed while alarms were placed into it; retrying`);
        }
      }
      const touched = new Set<Incident>();
      for (const [i, { event, alarm }] of placing.entries()) {
        const decision = decisions[i];
        if (!decision) continue;
        const incident = locked.get(decision.incidentId) ?? plan.opened(decision.incidentId)!;
        decision.apply(incident, alarm.snapshot());
        alarm.joinIncident(incident.id);
        touched.add(incident);
        await tx.record(
          incident.pullEvents(),
          {
            actor: { kind: 'system', id: DISPATCHER },
            correlationId: event.correlationId,
            causationId: event.eventId,
          },
          now,
        );
      }
      await IncidentRepository.upsertAll(m, [...touched]);
      await AlarmRepository.saveAll(
        m,
        placing.filter((_, i) => decisions[i]).map(({ alarm }) => alarm),
      );
    });
  }

  /**
   * Where the alarm goes: the incident it amends or cancels, the one it matches, or a new one (opened here,
   * held by the plan); null when nothing is owed (a cancellation of an alarm never dispatched).
   */
  private decide(plan: PlacementPlan, a: AlarmState, known: Map<string, Alarm>, now: Date): Placement | null {
    if (a.relation) {
      const original = known.get(a.relation.alarmId)?.snapshot();
      const incidentId = original && (plan.placedIn(original.id) ?? original.incidentId);
      if (original && incidentId) {
        if (a.relation.kind === 'cancels') {
          plan.cancelled(incidentId);
          const reason = `${a.source} 撤回报警 ${original.externalId}`;
          return { incidentId, apply: (incident, alarm) => incident.cancel(alarm, reason) };
        }
        plan.joined(incidentId, a);
        return {
          incidentId,
          apply: (incident, alarm) => {
            if (incident.snapshot().status === 'open')
              incident.joinAlarm(alarm, regrade(incident, alarm), now, null);
          },
        };
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
      plan.candidatesNear(anchor),
    );
    if (match) {
      plan.joined(match.incidentId, a);
      const distance = a.location ? match.distanceMetres : null;
      return {
        incidentId: match.incidentId,
        apply: (incident, alarm) => incident.joinAlarm(alarm, regrade(incident, alarm), now, distance),
      };
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
    plan.open(incident, a);
    return { incidentId: incident.id, apply: () => undefined }; // opened as decided: its events are pending
  }
}

/** Where one alarm goes, and what joining it does to that incident (applied under the incident's lock). */
interface Placement {
  incidentId: string;
  apply: (incident: Incident, alarm: AlarmState) => void;
}

/**
 * The first pass over a batch: what correlation sees of the open incidents near it, as the batch's alarms
 * join, cancel and open them in order, and which incidents that touches.
 */
class PlacementPlan {
  /** Open incidents as correlation sees them now (after the batch's earlier alarms). */
  private readonly candidates = new Map<string, CorrelationCandidate>();
  /** Existing incidents matched, as they were read: checked again once locked. */
  private readonly matched = new Map<string, CorrelationCandidate>();
  private readonly targets = new Set<string>();
  private readonly opens = new Map<string, Incident>();
  private readonly placements = new Map<string, string>();

  constructor(
    private readonly rule: CorrelationRule,
    read: readonly CorrelationCandidate[],
  ) {
    for (const c of read) this.candidates.set(c.id, c);
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

  /** The incident an alarm of this batch was placed in, if it was. */
  placedIn(alarmId: string): string | undefined {
    return this.placements.get(alarmId);
  }

  open(incident: Incident, alarm: AlarmState): void {
    this.opens.set(incident.id, incident);
    const candidate = incident.asCandidate();
    if (candidate) this.candidates.set(incident.id, candidate);
    this.placements.set(alarm.id, incident.id);
  }

  joined(incidentId: string, alarm: AlarmState): void {
    this.targets.add(incidentId);
    const c = this.candidates.get(incidentId);
    if (c) {
      if (!this.opens.has(incidentId) && !this.matched.has(incidentId)) this.matched.set(incidentId, c);
      this.candidates.set(incidentId, { ...c, lastAlarmAt: latestAlarmAt(c.lastAlarmAt, alarm.occurredAt) });
    }
    this.placements.set(alarm.id, incidentId);
  }

  cancelled(incidentId: string): void {
    this.targets.add(incidentId);
    this.candidates.delete(incidentId);
  }

  opened(id: string): Incident | undefined {
    return this.opens.get(id);
  }

  /** The stored incidents the batch changes: to lock. */
  existingTargets(): string[] {
    return [...this.targets].filter((id) => !this.opens.has(id));
  }

  /** The stored incidents alarms were matched to, as first read. */
  matchedCandidates(): CorrelationCandidate[] {
    return [...this.matched.values()];
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
