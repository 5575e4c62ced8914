import { DomainError } from '../shared/domain-error';

/** What a monitoring sensor at a hazard point measures (监测设备: 雨量计, 裂缝计, 水位计). */
export const SENSOR_KINDS = ['rain_gauge', 'crack_gauge', 'water_level'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

/** Each kind's unit, and the values a working instrument can give: outside them a reading is junk. */
export const SENSOR_SCALES: Readonly<
  Record<SensorKind, { unit: string; min: number; max: number; zh: string }>
> = {
  rain_gauge: { unit: 'mm/h', min: 0, max: 500, zh: '雨量计' },
  crack_gauge: { unit: 'mm', min: -5_000, max: 5_000, zh: '裂缝计' },
  water_level: { unit: 'm', min: -100, max: 9_000, zh: '水位计' },
};

/**
 * A registered sensor. `hazardPointId` is the hazard point's id as a plain string (hazard points are
 * managed elsewhere); the threshold is in the kind's unit, and a reading above it is an exceedance.
 */
export interface Sensor {
  id: string;
  kind: SensorKind;
  hazardPointId: string;
  threshold: number;
  name: string;
}

/** One reading as a source sends it. */
export interface SensorReading {
  sensorId: string;
  value: number;
  unit?: string;
  measuredAt: Date;
}

export type ReadingCheck = { ok: true; exceeded: boolean } | { ok: false; reason: string };

/** Checks a reading against its sensor: the unit, the instrument's range, then the threshold. */
export function checkReading(sensor: Sensor, reading: SensorReading): ReadingCheck {
  const scale = SENSOR_SCALES[sensor.kind];
  if (reading.unit !== undefined && reading.unit !== scale.unit) {
    return {
      ok: false,
      reason: `单位不符 unit ${reading.unit} is not ${scale.unit}, the unit of a ${sensor.kind}`,
    };
  }
  if (!Number.isFinite(reading.value) || reading.value < scale.min || reading.value > scale.max) {
    return {
      ok: false,
      reason: `读数超出${scale.zh}量程 value ${reading.value} outside ${scale.min}..${scale.max} ${scale.unit}`,
    };
  }
  return { ok: true, exceeded: reading.value > sensor.threshold };
}

const SENSOR_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * A sensor's registration as the commander sends it (`{kind, hazardPointId, threshold, name}`), checked
 * whole: throws SENSOR.INVALID listing every error. The threshold must lie in the kind's range.
 */
export function validateSensor(id: string, body: unknown): Sensor {
  const errors: { pointer: string; message: string }[] = [];
  if (!SENSOR_ID.test(id)) errors.push({ pointer: '/id', message: '1–100 letters, digits, . _ : -' });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    errors.push({ pointer: '/', message: '需要 JSON 对象 expected {kind, hazardPointId, threshold, name}' });
    throw invalidSensor(errors);
  }
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!['kind', 'hazardPointId', 'threshold', 'name'].includes(key))
      errors.push({ pointer: `/${key}`, message: '未知字段 unknown field' });
  }
  const kind = b.kind as SensorKind;
  if (!SENSOR_KINDS.includes(kind))
    errors.push({ pointer: '/kind', message: `one of ${SENSOR_KINDS.join(', ')}` });
  if (typeof b.hazardPointId !== 'string' || !SENSOR_ID.test(b.hazardPointId))
    errors.push({
      pointer: '/hazardPointId',
      message: "the hazard point's id: 1–100 letters, digits, . _ : -",
    });
  if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 100)
    errors.push({ pointer: '/name', message: '1–100 characters' });
  const scale = SENSOR_SCALES[kind];
  if (typeof b.threshold !== 'number' || !Number.isFinite(b.threshold)) {
    errors.push({ pointer: '/threshold', message: 'a number' });
  } else if (scale && (b.threshold < scale.min || b.threshold > scale.max)) {
    errors.push({ pointer: '/threshold', message: `within ${scale.min}..${scale.max} ${scale.unit}` });
  }
  if (errors.length) throw invalidSensor(errors);
  return {
    id,
    kind,
    hazardPointId: b.hazardPointId as string,
    threshold: b.threshold as number,
    name: (b.name as string).trim(),
  };
}

function invalidSensor(errors: { pointer: string; message: string }[]): DomainError {
  return new DomainError('SENSOR.INVALID', 'invalid', '传感器登记无效 invalid sensor registration', {
    errors,
  });
}
