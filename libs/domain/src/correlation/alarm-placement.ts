import { AlarmState } from '../alarm/alarm';
import { classifyIncident, NationalClassification } from '../classification/national-classifier';
import { District } from '../district/district';
import { HazardAlarmContext, HazardRegistry } from '../hazard/hazard-registry';
import { Incident } from '../incident/incident';
import { GeoPoint } from '../shared/geo';
import {
  correlationLockKeys,
  CorrelationCandidate,
  CorrelationRule,
  heardSince,
  latestAlarmAt,
  matchIncident,
  reachBox,
  sameCandidate,
} from './correlation-rule';

/** What placement decides with: the correlation rule, the district and its hazard points, the time. */
export interface PlacementSetting {
  rule: CorrelationRule;
  district: District;
  hazards: HazardRegistry;
  now: Date;
  /** The id of an incident opened here. */
  newIncidentId: () => string;
}

/** Where one alarm goes, and what joining it does to that incident (applied under the incident's lock). */
export interface Placement {
  incidentId: string;
  apply: (incident: Incident, alarm: AlarmState) => void;
}

/** The original of an amendment or cancellation is in another partition's batch, not placed yet. */
export class OriginalNotPlacedYet extends Error {}

/** Whether an alarm still waits for an incident (a redelivery, or one never to dispatch, does not). */
export function needsPlacement(alarm: AlarmState): boolean {
  return !alarm.incidentId && alarm.status === 'received' && alarm.townshipCode !== null;
}

/** Where correlation looks from: the alarm's own position, else its township's. */
export function placementAnchor(alarm: AlarmState, district: District): GeoPoint {
  return alarm.location ?? district.requireTownship(alarm.townshipCode!).approxPosition;
}

/**
 * What placing a batch needs before it decides: the correlation cells to lock (all of them at once, so
 * concurrent batches for one event wait for each other) and where and since when to read candidates.
 */
export function placementScope(
  rule: CorrelationRule,
  alarms: readonly AlarmState[],
  district: District,
): { lockKeys: string[]; boxes: ReturnType<typeof reachBox>[]; heardSince: Date } {
  const anchors = alarms.map((alarm) => placementAnchor(alarm, district));
  const earliest = Math.min(...alarms.map((alarm) => alarm.occurredAt.getTime()));
  return {
    lockKeys: anchors.flatMap((anchor) => correlationLockKeys(rule, anchor)),
    boxes: anchors.map((anchor) => reachBox(rule, anchor)),
    heardSince: heardSince(rule, new Date(earliest)),
  };
}

/**
 * Where each alarm of a batch goes, decided in order on what correlation sees of the open incidents near
 * it: each alarm sees what the earlier ones joined, cancelled and opened. Nothing is locked or changed
 * here but the incidents it opens; the caller locks `existingTargets`, checks `staleMatches`, and applies
 * each placement in order. Throws OriginalNotPlacedYet when an amendment or cancellation must wait.
 */
export class PlacementPlan {
  /** One per alarm, in the batch's order; null when nothing is owed (cancelling an alarm never dispatched). */
  readonly placements: (Placement | null)[];
  /** Open incidents as correlation sees them now (after the batch's earlier alarms). */
  private readonly candidates = new Map<string, CorrelationCandidate>();
  /** Existing incidents matched, as they were read: checked again once locked. */
  private readonly matched = new Map<string, CorrelationCandidate>();
  private readonly targets = new Set<string>();
  private readonly opens = new Map<string, Incident>();
  private readonly placedIn = new Map<string, string>();

  constructor(
    private readonly setting: PlacementSetting,
    candidates: readonly CorrelationCandidate[],
    alarms: readonly AlarmState[],
    originals: ReadonlyMap<string, AlarmState>,
  ) {
    for (const candidate of candidates) this.candidates.set(candidate.id, candidate);
    this.placements = alarms.map((alarm) => this.place(alarm, originals));
  }

  /** An incident this batch opened. */
  opened(incidentId: string): Incident | undefined {
    return this.opens.get(incidentId);
  }

  /** The stored incidents the batch changes: to lock. */
  existingTargets(): string[] {
    return [...this.targets].filter((id) => !this.opens.has(id));
  }

  /** Matched incidents that are not, now that they are locked, as they were read: the plan is void. */
  staleMatches(current: (incidentId: string) => CorrelationCandidate | null): string[] {
    return [...this.matched.values()]
      .filter((seen) => {
        const now = current(seen.id);
        return !now || !sameCandidate(now, seen);
      })
      .map((seen) => seen.id);
  }

  private place(alarm: AlarmState, originals: ReadonlyMap<string, AlarmState>): Placement | null {
    if (alarm.relation) {
      const original = originals.get(alarm.relation.alarmId);
      const incidentId = original && (this.placedIn.get(original.id) ?? original.incidentId);
      if (original && incidentId) {
        return alarm.relation.kind === 'cancels'
          ? this.cancel(incidentId, `${alarm.source} 撤回报警 ${original.externalId}`)
          : this.amend(incidentId, alarm);
      }
      if (original?.status === 'received') {
        throw new OriginalNotPlacedYet(
          `alarm ${alarm.relation.alarmId} that ${alarm.id} ${alarm.relation.kind} has no incident yet`,
        );
      }
      // The original was never dispatched (outside the district, a test…): an amendment stands alone,
      // a cancellation has nothing to cancel.
      if (alarm.relation.kind === 'cancels') return null;
    }
    const anchor = placementAnchor(alarm, this.setting.district);
    const match = matchIncident(
      this.setting.rule,
      { type: alarm.type, anchor, occurredAt: alarm.occurredAt, exercise: alarm.exercise },
      this.candidatesNear(anchor),
    );
    if (match) {
      this.join(match.incidentId, alarm);
      const distance = alarm.location ? match.distanceMetres : null;
      return {
        incidentId: match.incidentId,
        apply: (incident, joining) =>
          incident.joinAlarm(joining, this.regrade(incident, joining), this.setting.now, distance),
      };
    }
    return this.open(alarm, anchor);
  }

  private cancel(incidentId: string, reason: string): Placement {
    this.targets.add(incidentId);
    this.candidates.delete(incidentId);
    return { incidentId, apply: (incident, alarm) => incident.cancel(alarm, reason) };
  }

  /** An amendment joins the incident of its original, wherever it is, while that incident is open. */
  private amend(incidentId: string, alarm: AlarmState): Placement {
    this.join(incidentId, alarm);
    return {
      incidentId,
      apply: (incident, joining) => {
        if (incident.snapshot().status === 'open')
          incident.joinAlarm(joining, this.regrade(incident, joining), this.setting.now, null);
      },
    };
  }

  private join(incidentId: string, alarm: AlarmState): void {
    this.targets.add(incidentId);
    const candidate = this.candidates.get(incidentId);
    if (candidate) {
      if (!this.opens.has(incidentId) && !this.matched.has(incidentId))
        this.matched.set(incidentId, candidate);
      this.candidates.set(incidentId, {
        ...candidate,
        lastAlarmAt: latestAlarmAt(candidate.lastAlarmAt, alarm.occurredAt),
      });
    }
    this.placedIn.set(alarm.id, incidentId);
  }

  /** A new incident in the alarm's township, classified on its facts and the hazard point it is at. */
  private open(alarm: AlarmState, anchor: GeoPoint): Placement {
    const hazard = this.setting.hazards.alarmContext(alarm.location, { hazardPointId: alarm.hazardPointId });
    const classification = classifyIncident({
      type: alarm.type,
      ...alarm.facts,
      hazardPoint: hazard.hazardPoint,
    });
    if (hazard.contacts.length) {
      const contacts = hazard.contacts.map((contact) => `${contact.roleZh} ${contact.name} ${contact.phone}`);
      classification.reasons.push(`隐患点 ${hazard.hazardPoint?.name ?? ''}：${contacts.join('，')}`);
    }
    const incident = Incident.openFromAlarm(
      this.setting.newIncidentId(),
      alarm,
      classification,
      this.setting.now,
      {
        anchor,
        hazardPointId: hazard.hazardPoint?.id ?? alarm.hazardPointId,
      },
    );
    this.opens.set(incident.id, incident);
    const candidate = incident.asCandidate();
    if (candidate) this.candidates.set(incident.id, candidate);
    this.placedIn.set(alarm.id, incident.id);
    return { incidentId: incident.id, apply: () => undefined }; // opened as decided: its events are pending
  }

  private candidatesNear(anchor: GeoPoint): CorrelationCandidate[] {
    const box = reachBox(this.setting.rule, anchor);
    return [...this.candidates.values()].filter(
      (candidate) =>
        candidate.anchor.lat >= box.minLat &&
        candidate.anchor.lat <= box.maxLat &&
        candidate.anchor.lon >= box.minLon &&
        candidate.anchor.lon <= box.maxLon,
    );
  }

  /** The incident re-graded on everything known once this alarm joins it. */
  private regrade(incident: Incident, alarm: AlarmState): NationalClassification {
    const state = incident.snapshot();
    const near = this.setting.hazards.alarmContext(alarm.location, { hazardPointId: alarm.hazardPointId });
    return classifyIncident({
      type: state.type,
      ...incident.factsWith(alarm),
      hazardPoint: this.hazardOf(state.hazardPointId, near),
    });
  }

  /** The incident's own hazard point, else one near the new alarm. */
  private hazardOf(
    incidentHazardPointId: string | null,
    near: HazardAlarmContext,
  ): HazardAlarmContext['hazardPoint'] {
    const own = incidentHazardPointId ? this.setting.hazards.byId(incidentHazardPointId) : undefined;
    return own ? { id: own.id, name: own.name, riskGrade: own.riskGrade } : near.hazardPoint;
  }
}
