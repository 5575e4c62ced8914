import { HazardPointRecord } from '../hazard/hazard-point';
import { BAZHOU_HAZARD_SEED } from '../hazard/hazard-registry';
import { planWarningTasks, WarningRecord } from './warning';
import { DEFAULT_WARNING_CLAUSES } from './warning-clauses';
import {
  raiseSensorWarning,
  SENSOR_WARNING_SOURCE,
  SensorExceedance,
  sensorWarningColour,
  sensorWarningHazardType,
} from './sensor-warning';

const NOW = new Date('2026-07-06T00:00:00Z');
const HOUR = 3_600_000;
const points: HazardPointRecord[] = BAZHOU_HAZARD_SEED.map((p) => ({ ...p, sample: true, revision: 0 }));
const landslide = points.find((p) => p.id === 'HZ-511902101-01')!;
const floodPoint = points.find((p) => p.kind === 'flood_point')!;

function reading(overrides: Partial<SensorExceedance> = {}): SensorExceedance {
  return {
    sensorId: `rain-${landslide.id}`,
    hazardPointId: landslide.id,
    kind: 'rain_gauge',
    value: 35,
    threshold: 30,
    measuredAt: new Date(NOW.getTime() - 60_000),
    ...overrides,
  };
}

const raised = (active: WarningRecord | null, e: SensorExceedance, point = landslide, now = NOW) =>
  raiseSensorWarning(active, e, point, now, 'w-new');

describe('sensor warning', () => {
  it('over the threshold is orange; half the threshold again above it is red; a zero threshold stays orange', () => {
    expect(sensorWarningColour(30.1, 30)).toBe('orange');
    expect(sensorWarningColour(44.9, 30)).toBe('orange');
    expect(sensorWarningColour(45, 30)).toBe('red');
    expect(sensorWarningColour(-0.6, -1)).toBe('orange');
    expect(sensorWarningColour(-0.5, -1)).toBe('red');
    expect(sensorWarningColour(400, 0)).toBe('orange');
  });

  it('the point decides the hazard type; elsewhere the sensor does', () => {
    expect(sensorWarningHazardType('rain_gauge', 'landslide')).toBe('geological');
    expect(sensorWarningHazardType('crack_gauge', 'collapse')).toBe('geological');
    expect(sensorWarningHazardType('rain_gauge', 'flood_point')).toBe('flood');
    expect(sensorWarningHazardType('water_level', 'flood_point')).toBe('flood');
    expect(sensorWarningHazardType('rain_gauge', 'forest_area')).toBe('rainstorm');
    expect(sensorWarningHazardType('water_level', 'hazmat_site')).toBe('flood');
  });

  it('opens an active warning of the sensor over its point, expiring 6 h after the reading', () => {
    const e = reading();
    const change = raised(null, e);
    expect(change.outcome).toBe('issued');
    expect(change.warning).toMatchObject({
      id: 'w-new',
      source: SENSOR_WARNING_SOURCE,
      sender: landslide.id,
      hazardType: 'geological',
      colour: 'orange',
      status: 'active',
      issuedAt: NOW,
      effectiveAt: e.measuredAt,
      expiresAt: new Date(e.measuredAt.getTime() + 6 * HOUR),
      revision: 0,
    });
    expect(change.warning.headline).toContain(landslide.name);
  });

  it('tasks exactly its own point: patrol and standby when orange, evacuation too when red', () => {
    const actions = (w: WarningRecord) =>
      planWarningTasks(w, [], points, DEFAULT_WARNING_CLAUSES, NOW).add.map(
        (t) => `${t.hazardPointId}/${t.action}`,
      );
    expect(actions(raised(null, reading()).warning).sort()).toEqual(
      [`${landslide.id}/patrol`, `${landslide.id}/standby`].sort(),
    );
    expect(actions(raised(null, reading({ value: 50 })).warning)).toContain(`${landslide.id}/evacuate`);
    const flood = raised(null, reading({ kind: 'water_level', value: 3.5, threshold: 3 }), floodPoint);
    expect(actions(flood.warning)).toEqual([`${floodPoint.id}/patrol`]);
  });

  it('a later exceedance amends: colour only up, expiry only later, never a second warning', () => {
    const first = raised(null, reading({ value: 50 })).warning;
    const later = reading({ value: 31, measuredAt: new Date(NOW.getTime() + HOUR) });
    const amended = raised(first, later, landslide, new Date(NOW.getTime() + HOUR));
    expect(amended.outcome).toBe('amended');
    expect(amended.warning).toMatchObject({
      id: first.id,
      colour: 'red',
      revision: 1,
      expiresAt: new Date(later.measuredAt.getTime() + 6 * HOUR),
    });
    expect(amended.warning.identifiers).toHaveLength(2);
    // An older reading arriving late neither lowers the colour nor shortens the expiry.
    const late = raised(amended.warning, reading({ value: 31, measuredAt: new Date(NOW.getTime() - HOUR) }));
    expect(late.warning).toMatchObject({ colour: 'red', expiresAt: amended.warning.expiresAt, revision: 2 });
  });

  it("another sensor of the point amends the point's warning too: its people get one set of tasks", () => {
    const rain = raised(null, reading()).warning;
    const crack = reading({
      sensorId: `crack-${landslide.id}`,
      kind: 'crack_gauge',
      value: 16,
      threshold: 10,
    });
    const amended = raised(rain, crack);
    expect(amended).toMatchObject({ outcome: 'amended', warning: { id: rain.id, colour: 'red' } });
    expect(amended.warning.identifiers).toEqual([
      ...rain.identifiers,
      `crack-${landslide.id}@${crack.measuredAt.toISOString()}`,
    ]);
  });

  it('the same reading twice is applied once', () => {
    const first = raised(null, reading()).warning;
    expect(raised(first, reading())).toEqual({ outcome: 'duplicate', warning: first });
  });

  it('a reading too old to keep a warning alive ends it at once, as an expired CAP warning ends', () => {
    const old = reading({ measuredAt: new Date(NOW.getTime() - 7 * HOUR) });
    expect(raised(null, old).warning).toMatchObject({ status: 'ended', endReason: 'expired' });
    // Its expiry passed and its timer has not fired yet: an old reading ends it rather than renew it.
    const lapsed = { ...raised(null, reading()).warning, expiresAt: new Date(NOW.getTime() - 1) };
    const ended = raised(lapsed, old);
    expect(ended.outcome).toBe('ended');
    expect(ended.warning).toMatchObject({
      id: lapsed.id,
      status: 'ended',
      endReason: 'expired',
      endedAt: NOW,
    });
  });
});
