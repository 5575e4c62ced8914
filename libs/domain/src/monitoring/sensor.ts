import { z } from 'zod';
import { ReadingUnit, SENSOR_ID_PATTERN, SENSOR_KINDS, SENSOR_UNITS, SensorKind } from '@erp/contracts';
import { bodyErrors, DocumentError } from '../command-structure/document-errors';
import { DomainError } from '../shared/domain-error';
import { hasBidiControl, hasControlCharacter } from '../shared/visible-text';

export { SENSOR_KINDS, type SensorKind };

/** Each kind's unit (the contracts') and the values a working instrument gives: outside them, junk. */
export const SENSOR_SCALES: Readonly<
  Record<SensorKind, { unit: ReadingUnit; min: number; max: number; zh: string }>
> = {
  rain_gauge: { unit: SENSOR_UNITS.rain_gauge, min: 0, max: 500, zh: '雨量计' },
  crack_gauge: { unit: SENSOR_UNITS.crack_gauge, min: -5_000, max: 5_000, zh: '裂缝计' },
  water_level: { unit: SENSOR_UNITS.water_level, min: -100, max: 9_000, zh: '水位计' },
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

const NAME = '1–100 characters';

const HAZARD_POINT_ID = "the hazard point's id: 1–100 letters, digits, . _ : -";

/**
 * A sensor's registration as the commander sends it, checked whole (every check continuable, so one
 * answer lists every error). The threshold must lie in the kind's range. The API documents this schema.
 */
export const SensorRegistrationSchema = z
  .strictObject(
    {
      kind: z.enum(SENSOR_KINDS, { error: `one of ${SENSOR_KINDS.join(', ')}` }),
      hazardPointId: z.string({ error: HAZARD_POINT_ID }).regex(SENSOR_ID_PATTERN, HAZARD_POINT_ID),
      // The length is the name as sent; what is stored is trimmed, must not be empty, and holds no control
      // or bidirectional-override character (not aborting, so the threshold is checked in the same answer).
      name: z
        .string({ error: NAME })
        .max(100, NAME)
        .trim()
        .min(1, NAME)
        .refine(
          (s) => !hasControlCharacter(s) && !hasBidiControl(s),
          '不能含控制字符 no control or bidirectional override characters',
        ),
      threshold: z.number({ error: 'a number' }).meta({
        description: `in the kind's unit, within its range: ${SENSOR_KINDS.map((k) => {
          const s = SENSOR_SCALES[k];
          return `${k} ${s.min}..${s.max} ${s.unit}`;
        }).join('; ')}`,
      }),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? '未知字段 unknown field'
          : '需要 JSON 对象 expected {kind, hazardPointId, threshold, name}',
    },
  )
  .superRefine(
    (body, ctx) => {
      // Runs even when other fields are wrong, so the range is reported in the same answer.
      const scale = SENSOR_SCALES[body.kind] as (typeof SENSOR_SCALES)[SensorKind] | undefined;
      const threshold: unknown = body.threshold;
      if (!scale || typeof threshold !== 'number' || !Number.isFinite(threshold)) return;
      if (threshold < scale.min || threshold > scale.max) {
        ctx.addIssue({
          code: 'custom',
          path: ['threshold'],
          message: `within ${scale.min}..${scale.max} ${scale.unit}`,
        });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

/** A sensor's registration, its id from the path: throws SENSOR.INVALID listing every error. */
export function validateSensor(id: string, body: unknown): Sensor {
  const errors: DocumentError[] = [];
  if (!SENSOR_ID_PATTERN.test(id)) errors.push({ pointer: '/id', message: '1–100 letters, digits, . _ : -' });
  const parsed = SensorRegistrationSchema.safeParse(body);
  if (!parsed.success) errors.push(...bodyErrors(parsed.error));
  if (errors.length || !parsed.success) throw invalidSensor(errors);
  const { kind, hazardPointId, threshold, name } = parsed.data;
  return { id, kind, hazardPointId, threshold, name };
}

function invalidSensor(errors: { pointer: string; message: string }[]): DomainError {
  return new DomainError('SENSOR.INVALID', 'invalid', '传感器登记无效 invalid sensor registration', {
    errors,
  });
}
