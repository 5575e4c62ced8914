import { GeoPoint, distanceMetres } from '../shared/geo';

/**
 * When two alarms are one incident (事件归并): a compatible type, close in place and in time. Data, so an
 * administrator can tune it; the defaults suit a rural district where one landslide is reported by a
 * village informant, a sensor and a passer-by within the hour.
 */
export interface CorrelationRule {
  radiusMetres: number;
  windowMinutes: number;
  /** Types that are reports of the same event as each other (beyond the same type). */
  compatibleTypes: readonly (readonly string[])[];
}

export const DEFAULT_CORRELATION_RULE: CorrelationRule = {
  radiusMetres: 2000,
  windowMinutes: 120,
  compatibleTypes: [
    ['fire', 'gas_leak', 'hazmat_leak', 'building_collapse'],
    ['flood', 'drowning', 'landslide'],
    ['earthquake', 'building_collapse', 'landslide'],
  ],
};

export interface CorrelationCandidate {
  id: string;
  type: string;
  anchor: GeoPoint;
  lastAlarmAt: Date;
  exercise: boolean;
}

export interface CorrelationProbe {
  type: string;
  anchor: GeoPoint;
  occurredAt: Date;
  exercise: boolean;
}

export function typesCompatible(rule: CorrelationRule, first: string, second: string): boolean {
  return (
    first === second || rule.compatibleTypes.some((group) => group.includes(first) && group.includes(second))
  );
}

/**
 * When an incident last heard of its event, once an alarm that occurred at `occurredAt` joined it: its
 * correlation window runs from its latest alarm (an alarm reported late does not move it back).
 */
export function latestAlarmAt(lastAlarmAt: Date, occurredAt: Date): Date {
  return occurredAt > lastAlarmAt ? occurredAt : lastAlarmAt;
}

/** Whether two views of one incident agree on everything correlation looks at. */
export function sameCandidate(a: CorrelationCandidate, b: CorrelationCandidate): boolean {
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.exercise === b.exercise &&
    a.anchor.lat === b.anchor.lat &&
    a.anchor.lon === b.anchor.lon &&
    a.lastAlarmAt.getTime() === b.lastAlarmAt.getTime()
  );
}

/** The open incident an alarm belongs to: the nearest compatible one in reach and window, or null. */
export function matchIncident(
  rule: CorrelationRule,
  probe: CorrelationProbe,
  candidates: readonly CorrelationCandidate[],
): { incidentId: string; distanceMetres: number } | null {
  let best: { incidentId: string; distanceMetres: number } | null = null;
  for (const candidate of candidates) {
    if (candidate.exercise !== probe.exercise || !typesCompatible(rule, candidate.type, probe.type)) continue;
    if (Math.abs(probe.occurredAt.getTime() - candidate.lastAlarmAt.getTime()) > rule.windowMinutes * 60_000)
      continue;
    const distance = distanceMetres(probe.anchor, candidate.anchor);
    if (distance <= rule.radiusMetres && (!best || distance < best.distanceMetres))
      best = { incidentId: candidate.id, distanceMetres: distance };
  }
  return best;
}

/** Grid cell size for correlation locks: larger than any sensible radius, so few cells are locked. */
const CELL_DEGREES = 0.05;

/**
 * The lock keys two concurrent alarms must share when they could be one incident: every grid cell the
 * reach circle touches. Two alarms within reach of each other always share the cell of either one, so
 * taking these locks (in this sorted order) before looking for candidates means concurrent alarms for
 * one event never open two incidents.
 */
export function correlationLockKeys(rule: CorrelationRule, anchor: GeoPoint): string[] {
  const dLat = rule.radiusMetres / 111_320;
  const dLon = rule.radiusMetres / (111_320 * Math.max(0.01, Math.cos((anchor.lat * Math.PI) / 180)));
  const keys = new Set<string>();
  for (
    let i = Math.floor((anchor.lat - dLat) / CELL_DEGREES);
    i <= Math.floor((anchor.lat + dLat) / CELL_DEGREES);
    i++
  ) {
    for (
      let j = Math.floor((anchor.lon - dLon) / CELL_DEGREES);
      j <= Math.floor((anchor.lon + dLon) / CELL_DEGREES);
      j++
    ) {
      keys.add(`correlate:${i}:${j}`);
    }
  }
  return [...keys].sort();
}

/**
 * The earliest an incident may have last heard of its event and still take an alarm that occurred at
 * `occurredAt`: incidents quiet for longer are not candidates, however near. Open incidents pile up over
 * days (nothing closes them yet); this keeps the search to the recent ones.
 */
export function heardSince(rule: CorrelationRule, occurredAt: Date): Date {
  return new Date(occurredAt.getTime() - rule.windowMinutes * 60_000);
}

/** The box to search candidates in (cheap index filter before the exact distance). */
export function reachBox(rule: CorrelationRule, anchor: GeoPoint) {
  const dLat = rule.radiusMetres / 111_320;
  const dLon = rule.radiusMetres / (111_320 * Math.max(0.01, Math.cos((anchor.lat * Math.PI) / 180)));
  return {
    minLat: anchor.lat - dLat,
    maxLat: anchor.lat + dLat,
    minLon: anchor.lon - dLon,
    maxLon: anchor.lon + dLon,
  };
}
