import { distanceMetres } from '../shared/geo';
import {
  correlationLockKeys,
  CorrelationCandidate,
  DEFAULT_CORRELATION_RULE,
  heardSince,
  latestAlarmAt,
  matchIncident,
  reachBox,
  sameCandidate,
} from './correlation-rule';

const rule = { ...DEFAULT_CORRELATION_RULE, radiusMetres: 2000, windowMinutes: 120 };
const T = new Date('2026-11-30T08:00:00Z');
const here = { lat: 31.85, lon: 106.77 };
/** A point `metres` north of `here`. */
const north = (metres: number) => ({ lat: here.lat + metres / 111_320, lon: here.lon });

function candidate(overrides: Partial<CorrelationCandidate> = {}): CorrelationCandidate {
  return { id: 'i-1', type: 'fire', anchor: here, lastAlarmAt: T, exercise: false, ...overrides };
}

const probe = { type: 'fire', anchor: north(500), occurredAt: T, exercise: false };

describe('matchIncident (事件归并)', () => {
  it('joins the nearest compatible open incident in reach and window', () => {
    const near = candidate({ id: 'near', anchor: north(400) });
    const far = candidate({ id: 'far', anchor: north(1900) });
    expect(matchIncident(rule, probe, [far, near])?.incidentId).toBe('near');
  });

  it('reaches exactly the radius, not beyond', () => {
    const at = (m: number) => [candidate({ anchor: north(m) })];
    const origin = { ...probe, anchor: here };
    expect(distanceMetres(here, north(1999))).toBeLessThanOrEqual(2000);
    expect(matchIncident(rule, origin, at(1999))).not.toBeNull();
    expect(matchIncident(rule, origin, at(2010))).toBeNull();
  });

  it('takes compatible types (fire and gas leak) and refuses unrelated ones', () => {
    expect(matchIncident(rule, { ...probe, type: 'gas_leak' }, [candidate()])).not.toBeNull();
    expect(matchIncident(rule, { ...probe, type: 'food_poisoning' }, [candidate()])).toBeNull();
  });

  it('keeps drills and real events apart', () => {
    expect(matchIncident(rule, { ...probe, exercise: true }, [candidate()])).toBeNull();
  });

  it('counts the window from the incident’s latest alarm, both ways', () => {
    const minutes = (m: number) => new Date(T.getTime() + m * 60_000);
    expect(matchIncident(rule, { ...probe, occurredAt: minutes(120) }, [candidate()])).not.toBeNull();
    expect(matchIncident(rule, { ...probe, occurredAt: minutes(121) }, [candidate()])).toBeNull();
    expect(matchIncident(rule, { ...probe, occurredAt: minutes(-121) }, [candidate()])).toBeNull();
  });
});

describe('heardSince', () => {
  it('is as far back as the window reaches: an incident quieter than that cannot match', () => {
    const since = heardSince(rule, T);
    const at = (d: Date) => matchIncident(rule, probe, [candidate({ lastAlarmAt: d })]);
    expect(at(since)).not.toBeNull();
    expect(at(new Date(since.getTime() - 1))).toBeNull();
  });
});

describe('latestAlarmAt', () => {
  it('moves forward with a later alarm and never back with a late report', () => {
    const later = new Date(T.getTime() + 1000);
    expect(latestAlarmAt(T, later)).toEqual(later);
    expect(latestAlarmAt(later, T)).toEqual(later);
  });
});

describe('sameCandidate', () => {
  it('agrees on an equal copy and differs on any field correlation looks at', () => {
    expect(sameCandidate(candidate(), candidate({ anchor: { ...here } }))).toBe(true);
    expect(sameCandidate(candidate(), candidate({ id: 'i-2' }))).toBe(false);
    expect(sameCandidate(candidate(), candidate({ type: 'flood' }))).toBe(false);
    expect(sameCandidate(candidate(), candidate({ exercise: true }))).toBe(false);
    expect(sameCandidate(candidate(), candidate({ anchor: north(1) }))).toBe(false);
    expect(sameCandidate(candidate(), candidate({ lastAlarmAt: new Date(T.getTime() + 1) }))).toBe(false);
  });
});

describe('correlation locks', () => {
  it('gives two alarms within reach of each other a common cell, so they wait for each other', () => {
    for (let i = 0; i < 200; i++) {
      const a = { lat: 31.6 + Math.random() * 0.4, lon: 106.5 + Math.random() * 0.5 };
      const bearing = Math.random() * 2 * Math.PI;
      const d = Math.random() * rule.radiusMetres;
      const b = {
        lat: a.lat + (d * Math.cos(bearing)) / 111_320,
        lon: a.lon + (d * Math.sin(bearing)) / (111_320 * Math.cos((a.lat * Math.PI) / 180)),
      };
      const shared = correlationLockKeys(rule, a).filter((k) => correlationLockKeys(rule, b).includes(k));
      expect(shared.length).toBeGreaterThan(0);
    }
  });

  it('boxes the reach circle', () => {
    const box = reachBox(rule, here);
    expect(box.minLat).toBeLessThan(north(-1999).lat);
    expect(box.maxLat).toBeGreaterThan(north(1999).lat);
    expect(box.maxLat).toBeLessThan(north(2001).lat);
  });
});
