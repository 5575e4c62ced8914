import { z } from 'zod';
import { Topics } from './topics';

/** What a monitoring sensor at a hazard point measures (监测设备: 雨量计, 裂缝计, 水位计). */
export const SENSOR_KINDS = ['rain_gauge', 'crack_gauge', 'water_level'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

/** The units sensors report in. */
export const READING_UNITS = ['mm/h', 'mm', 'm'] as const;
export type ReadingUnit = (typeof READING_UNITS)[number];

/** The unit each kind of sensor reports in. */
export const SENSOR_UNITS: Readonly<Record<SensorKind, ReadingUnit>> = {
  rain_gauge: 'mm/h',
  crack_gauge: 'mm',
  water_level: 'm',
};

/** A sensor id, and the hazard point id a sensor names: 1–100 letters, digits, . _ : - */
export const SENSOR_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * One reading of a registered monitoring sensor (rain gauge mm/h, crack gauge mm, water level m), as
 * `POST /api/v1/readings` takes it in `readings[]` and as a record of `erp.sensor-readings.v1` carries it
 * (there with `source`, the registered source that sends it). The sensor's registration says its kind,
 * hazard point and threshold; `unit`, when given, must be the kind's.
 */
export const SensorReadingSchema = z.strictObject({
  sensorId: z.string().regex(SENSOR_ID_PATTERN, '1–100 letters, digits, . _ : -'),
  value: z.number(),
  unit: z.enum(READING_UNITS).optional(),
  measuredAt: z.iso.datetime({ offset: true }),
});
export type SensorReadingMessage = z.infer<typeof SensorReadingSchema>;

/** A record of the readings topic: the reading and the registered source that sent it. */
export const SensorReadingRecordSchema = SensorReadingSchema.extend({ source: z.string().min(1).max(100) });
export type SensorReadingRecord = z.infer<typeof SensorReadingRecordSchema>;

/** Most readings in one request: a gateway's batch of a few seconds. */
export const MAX_READINGS_PER_BATCH = 1000;

/**
 * The topic as an AsyncAPI 3 document fragment (channel, message, JSON Schema payload), so integrators
 * can generate a producer; the schema is derived from the one the consumer validates with.
 */
export function sensorReadingsAsyncApi(): Record<string, unknown> {
  return {
    asyncapi: '3.0.0',
    info: { title: 'erp sensor readings', version: '1.0.0' },
    channels: {
      sensorReadings: {
        address: Topics.sensorReadings,
        description: 'Monitoring readings at hazard points; Kafka key: the sensor id.',
        messages: {
          sensorReading: {
            name: 'SensorReading',
            contentType: 'application/json',
            payload: z.toJSONSchema(SensorReadingRecordSchema),
          },
        },
      },
    },
    operations: {
      sendReading: { action: 'send', channel: { $ref: '#/channels/sensorReadings' } },
    },
  };
}
