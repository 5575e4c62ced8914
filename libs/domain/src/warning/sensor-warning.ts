import type { HazardKind, HazardPointRecord } from '../hazard/hazard-point';
import { SENSOR_SCALES, SensorKind } from '../monitoring/sensor';
import { colourRank, endWarning, isWarningExpired, WarningRecord } from './warning';
import { WarningArea } from './warning-area';
import { WarningColour, WarningHazardType } from './warning-clauses';

/**
 * 监测预警: a reading over its sensor's threshold raises a warning for that hazard point alone (see
 * docs/decisions/2026-12-07-sensor-warnings.md). A point has at most one active sensor warning: later
 * exceedances of any of its sensors amend it (colour up, expiry later), so its people get one set of tasks;
 * once it has ended, the next exceedance opens a new one.
 */

/** The `source` of every sensor warning; its `sender` is the hazard point's id. */
export const SENSOR_WARNING_SOURCE = 'sensor';

/** How long a warning lasts after the reading that raised or renewed it. */
export const SENSOR_WARNING_HOURS = 6;

/** A reading over its threshold, as `SensorThresholdExceeded` carries it. */
export interface SensorExceedance {
  sensorId: string;
  hazardPointId: string;
  kind: SensorKind;
  value: number;
  threshold: number;
  measuredAt: Date;
}

const GEOLOGICAL_POINTS: readonly HazardKind[] = [
  'landslide',
  'collapse',
  'debris_flow',
  'ground_subsidence',
];

/**
 * The point decides what is threatened: rain or a crack at a landslide is a geological hazard, rain or a
 * rising level at a flood point a flood. Elsewhere the sensor says what it measures.
 */
export function sensorWarningHazardType(sensor: SensorKind, point: HazardKind): WarningHazardType {
  if (GEOLOGICAL_POINTS.includes(point)) return 'geological';
  if (point === 'flood_point') return 'flood';
  return sensor === 'rain_gauge' ? 'rainstorm' : sensor === 'water_level' ? 'flood' : 'geological';
}

/**
 * Over the threshold is orange (巡查 and 值守 at geological points, 巡查 at flood points); half the threshold
 * again above it (≥ 1.5× a positive threshold) is red, which adds 转移避险. A zero threshold has no such
 * margin: orange only.
 */
export function sensorWarningColour(value: number, threshold: number): WarningColour {
  return threshold !== 0 && value >= threshold + Math.abs(threshold) / 2 ? 'red' : 'orange';
}

/** One reading's identifier among the warning's: a reading applied twice is applied once. */
export function sensorReadingKey(e: Pick<SensorExceedance, 'sensorId' | 'measuredAt'>): string {
  return `${e.sensorId}@${e.measuredAt.toISOString()}`;
}

/**
 * The point alone: a circle of no radius around it holds exactly that point (the clauses task the points an
 * area contains, and this one no other).
 */
export function hazardPointArea(point: Pick<HazardPointRecord, 'id' | 'name' | 'position'>): WarningArea {
  return {
    description: `${point.name}（${point.id}）`,
    wholeDistrict: false,
    townshipCodes: [],
    polygons: [],
    circles: [{ center: { ...point.position }, radiusKm: 0 }],
  };
}

export type SensorWarningChange =
  | { outcome: 'issued' | 'amended' | 'ended'; warning: WarningRecord }
  | { outcome: 'duplicate'; warning: WarningRecord };

/**
 * What an exceedance does to its point's active sensor warning (`active`, null when none): amends it (the
 * higher colour, the later expiry, the newest reading's headline) or opens one with `newId`. A warning whose
 * expiry has passed even so ends, as a CAP warning does.
 */
export function raiseSensorWarning(
  active: WarningRecord | null,
  e: SensorExceedance,
  point: Pick<HazardPointRecord, 'id' | 'name' | 'kind' | 'position'>,
  now: Date,
  newId: string,
): SensorWarningChange {
  const key = sensorReadingKey(e);
  if (active?.identifiers.includes(key)) return { outcome: 'duplicate', warning: active };
  const scale = SENSOR_SCALES[e.kind];
  const colour = sensorWarningColour(e.value, e.threshold);
  const expiresAt = new Date(e.measuredAt.getTime() + SENSOR_WARNING_HOURS * 3_600_000);
  const headline =
    `${point.name} ${scale.zh} ${e.sensorId} 读数 ${e.value} ${scale.unit}，超过阈值 ${e.threshold} ${scale.unit} ` +
    `${e.kind} ${e.sensorId} ${e.value} ${scale.unit} over threshold ${e.threshold} ${scale.unit}`;
  let warning: WarningRecord;
  if (active) {
    warning = {
      ...active,
      identifiers: [...active.identifiers, key],
      revision: active.revision + 1,
      colour: colourRank(colour) > colourRank(active.colour) ? colour : active.colour,
      headline,
      expiresAt:
        active.expiresAt && active.expiresAt.getTime() > expiresAt.getTime() ? active.expiresAt : expiresAt,
    };
  } else {
    warning = {
      id: newId,
      source: SENSOR_WARNING_SOURCE,
      identifiers: [key],
      sender: point.id,
      event: '监测预警 sensor over threshold',
      hazardType: sensorWarningHazardType(e.kind, point.kind),
      colour,
      headline,
      area: hazardPointArea(point),
      issuedAt: now,
      effectiveAt: e.measuredAt,
      expiresAt,
      status: 'active',
      endedAt: null,
      endReason: null,
      revision: 0,
    };
  }
  const ended = isWarningExpired(warning, now) ? endWarning(warning, 'expired', now) : null;
  return { outcome: ended && active ? 'ended' : active ? 'amended' : 'issued', warning: ended ?? warning };
}
