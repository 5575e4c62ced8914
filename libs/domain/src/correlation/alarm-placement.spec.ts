import { AlarmState } from '../alarm/alarm';
import { classifyByType } from '../incident/first-classification';
import { Incident } from '../incident/incident';
import { BAZHOU } from '../district/district';
import { BAZHOU_HAZARDS } from '../hazard/hazard-registry';
import { distanceMetres } from '../shared/geo';
import {
  needsPlacement,
  OriginalNotPlacedYet,
  PlacementPlan,
  PlacementSetting,
  placementScope,
} from './alarm-placement';
import { correlationLockKeys, CorrelationCandidate, DEFAULT_CORRELATION_RULE } from './correlation-rule';

const rule = { ...DEFAULT_CORRELATION_RULE, radiusMetres: 2000, windowMinutes: 120 };
const NOW = new Date('2026-11-30T08:00:00Z');
const OCCURRED_AT = new Date('2026-11-30T07:58:00Z');
const minutesAfterT = (minutes: number) => new Date(OCCURRED_AT.getTime() + minutes * 60_000);
/** 东城街道's approximate centre, and points `metres` north of it. */
const HERE = { lat: 31.86, lon: 106.775 };
const north = (metres: number) => ({ lat: HERE.lat + metres / 111_320, lon: HERE.lon });

function setting(): PlacementSetting {
  let opened = 0;
  return {
    rule,
    district: BAZHOU,
    hazards: BAZHOU_HAZARDS,
    now: NOW,
    newIncidentId: () => `new-${++opened}`,
  };
}

let alarms = 0;
function alarm(overrides: Partial<AlarmState> = {}): AlarmState {
  const sequence = ++alarms;
  return {
    id: `alarm-${sequence}`,
    source: 'test-sensor',
    externalId: `ext-${sequence}`,
    type: 'fire',
    occurredAt: OCCURRED_AT,
    receivedAt: NOW,
    townshipCode: '511902001',
    location: HERE,
    description: '测试告警',
    category: null,
    facts: {},
    hazardPointId: null,
    reporter: null,
    exercise: false,
    timeScale: null,
    relation: null,
    cap: null,
    status: 'received',
    notDispatchedReason: null,
    incidentId: null,
    ...overrides,
  };
}

function candidate(overrides: Partial<CorrelationCandidate> = {}): CorrelationCandidate {
  return {
    id: 'stored',
    type: 'fire',
    anchor: north(500),
    lastAlarmAt: OCCURRED_AT,
    exercise: false,
    ...overrides,
  };
}

/** A stored incident as the repository restores it. */
function storedIncident(id: string, status: 'open' | 'closed' = 'open'): Incident {
  const opened = Incident.openFromAlarm(id, alarm(), classifyByType('fire'), OCCURRED_AT, {
    anchor: north(500),
  });
  return Incident.restore({ ...opened.snapshot(), status });
}

function plan(
  batch: AlarmState[],
  candidates: CorrelationCandidate[] = [],
  originals: AlarmState[] = [],
): PlacementPlan {
  const known = new Map([...originals, ...batch].map((state) => [state.id, state]));
  return new PlacementPlan(setting(), candidates, batch, known);
}

const eventTypes = (incident: Incident) => incident.pullEvents().map((event) => event.type);

describe('PlacementPlan: where each alarm of a batch goes', () => {
  it('opens an incident when nothing open is near, anchored at the township when the alarm gives no place', () => {
    const placed = plan([alarm({ location: null })]);
    expect(placed.placements[0]?.incidentId).toBe('new-1');
    const incident = placed.opened('new-1')!;
    expect(incident.snapshot()).toMatchObject({
      status: 'open',
      townshipCode: '511902001',
      anchor: BAZHOU.requireTownship('511902001').approxPosition,
    });
    expect(eventTypes(incident)).toEqual(['IncidentOpened', 'IncidentClassified']);
    expect(placed.existingTargets()).toEqual([]);
  });

  it('has the second alarm of an event join the incident the first opened in the same batch', () => {
    const first = alarm();
    const second = alarm({ location: north(300) });
    const placed = plan([first, second]);
    expect(placed.placements.map((placement) => placement?.incidentId)).toEqual(['new-1', 'new-1']);
    expect(placed.opened('new-2')).toBeUndefined();
    expect(placed.existingTargets()).toEqual([]);

    const incident = placed.opened('new-1')!;
    incident.pullEvents();
    placed.placements[1]!.apply(incident, second);
    const [joined] = incident.pullEvents();
    expect(joined).toMatchObject({ type: 'AlarmJoinedIncident', payload: { alarmId: second.id } });
    expect((joined.payload as { distanceMetres: number }).distanceMetres).toBe(
      Math.round(distanceMetres(HERE, north(300))),
    );
  });

  it('joins a stored open incident in reach, to be locked and checked unchanged', () => {
    const placed = plan([alarm()], [candidate()]);
    expect(placed.placements[0]?.incidentId).toBe('stored');
    expect(placed.existingTargets()).toEqual(['stored']);
    expect(placed.staleMatches(() => candidate())).toEqual([]);
    expect(placed.staleMatches(() => candidate({ lastAlarmAt: minutesAfterT(1) }))).toEqual(['stored']);
    expect(placed.staleMatches(() => null)).toEqual(['stored']); // closed or cancelled meanwhile
  });

  it('opens apart what is another event: an unrelated type, a drill, or out of reach', () => {
    const stored = [candidate()];
    expect(plan([alarm({ type: 'gas_leak' })], stored).placements[0]?.incidentId).toBe('stored');
    expect(plan([alarm({ type: 'food_poisoning' })], stored).placements[0]?.incidentId).toBe('new-1');
    expect(plan([alarm({ exercise: true })], stored).placements[0]?.incidentId).toBe('new-1');
    expect(plan([alarm({ location: north(3000) })], stored).placements[0]?.incidentId).toBe('new-1');
  });

  it('counts an incident’s window from the latest alarm placed in it, earlier in the batch included', () => {
    const late = alarm({ occurredAt: minutesAfterT(200) });
    expect(plan([late], [candidate()]).placements[0]?.incidentId).toBe('new-1');
    const between = alarm({ occurredAt: minutesAfterT(100) });
    const placed = plan([between, alarm({ occurredAt: minutesAfterT(200) })], [candidate()]);
    expect(placed.placements.map((placement) => placement?.incidentId)).toEqual(['stored', 'stored']);
  });

  it('cancels the incident a cancellation’s original was placed in, and later alarms open a new one', () => {
    const original = alarm();
    const cancellation = alarm({ relation: { kind: 'cancels', alarmId: original.id } });
    const after = alarm({ location: north(100) });
    const placed = plan([original, cancellation, after]);
    expect(placed.placements.map((placement) => placement?.incidentId)).toEqual(['new-1', 'new-1', 'new-2']);

    const incident = placed.opened('new-1')!;
    incident.pullEvents();
    placed.placements[1]!.apply(incident, cancellation);
    expect(incident.snapshot().status).toBe('cancelled');
    expect(incident.pullEvents()[0]).toMatchObject({
      type: 'IncidentCancelled',
      payload: { reason: `test-sensor 撤回报警 ${original.externalId}` },
    });
  });

  it('joins an amendment to its original’s stored incident however far, while that incident is open', () => {
    const original = alarm({ status: 'joined', incidentId: 'far-away' });
    const amendment = alarm({
      location: north(50_000),
      relation: { kind: 'amends', alarmId: original.id },
    });
    const placed = plan([amendment], [], [original]);
    expect(placed.placements[0]?.incidentId).toBe('far-away');
    expect(placed.existingTargets()).toEqual(['far-away']);

    const open = storedIncident('far-away');
    placed.placements[0]!.apply(open, amendment);
    expect(open.pullEvents()[0]).toMatchObject({
      type: 'AlarmJoinedIncident',
      payload: { distanceMetres: null },
    });
    const closed = storedIncident('far-away', 'closed');
    placed.placements[0]!.apply(closed, amendment);
    expect(closed.pullEvents()).toEqual([]);
  });

  it('makes an amendment or a cancellation wait while its original has no incident yet', () => {
    const original = alarm(); // received, in another partition's batch
    const cancellation = alarm({ relation: { kind: 'cancels', alarmId: original.id } });
    expect(() => plan([cancellation], [], [original])).toThrow(OriginalNotPlacedYet);
  });

  it('owes nothing for cancelling an alarm never dispatched; such an amendment stands alone', () => {
    const outside = alarm({ status: 'outside_jurisdiction', townshipCode: null });
    const cancels = alarm({ relation: { kind: 'cancels', alarmId: outside.id } });
    const amends = alarm({ relation: { kind: 'amends', alarmId: outside.id } });
    expect(plan([cancels], [], [outside]).placements).toEqual([null]);
    expect(plan([amends], [], [outside]).placements[0]?.incidentId).toBe('new-1');
  });

  it('names the responsible persons of the hazard point an alarm opens an incident at', () => {
    const point = BAZHOU_HAZARDS.byId('HZ-511902101-01')!;
    const atPoint = alarm({ type: 'landslide', townshipCode: '511902101', location: point.position });
    const incident = plan([atPoint]).opened('new-1')!;
    expect(incident.snapshot().hazardPointId).toBe(point.id);
    expect(incident.snapshot().reasons.join('\n')).toContain(`隐患点 ${point.name}`);
    expect(incident.snapshot().reasons.join('\n')).toContain('张某某 13800000001');
  });
});

describe('placementScope', () => {
  it('locks every alarm’s cells and reads candidates heard of within the window of the earliest alarm', () => {
    const near = alarm({ occurredAt: minutesAfterT(10) });
    const far = alarm({ location: north(40_000), occurredAt: OCCURRED_AT });
    const scope = placementScope(rule, [near, far], BAZHOU);
    for (const anchor of [HERE, north(40_000)])
      expect(scope.lockKeys).toEqual(expect.arrayContaining(correlationLockKeys(rule, anchor)));
    expect(scope.boxes).toHaveLength(2);
    expect(scope.heardSince).toEqual(minutesAfterT(-120));
  });
});

describe('needsPlacement', () => {
  it('is true only of a received alarm in the district that has no incident yet', () => {
    expect(needsPlacement(alarm())).toBe(true);
    expect(needsPlacement(alarm({ status: 'joined', incidentId: 'i-1' }))).toBe(false);
    expect(needsPlacement(alarm({ status: 'outside_jurisdiction', townshipCode: null }))).toBe(false);
    expect(needsPlacement(alarm({ status: 'not_dispatched' }))).toBe(false);
  });
});
