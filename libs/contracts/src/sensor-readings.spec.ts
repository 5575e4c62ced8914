import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { SensorReadingRecordSchema, sensorReadingsAsyncApi } from './sensor-readings';
import { Topics } from './topics';

describe('the sensor readings contract', () => {
  const doc = sensorReadingsAsyncApi() as {
    channels: { sensorReadings: { address: string; messages: { sensorReading: { payload: object } } } };
  };
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const validate = ajv.compile(doc.channels.sensorReadings.messages.sensorReading.payload);

  const good = {
    source: 'demo-source',
    sensorId: 'rain-HZ-1',
    value: 12.5,
    unit: 'mm/h',
    measuredAt: '2026-12-07T08:00:00+08:00',
  };
  const bad = [
    { ...good, value: '12.5' },
    { ...good, unit: 'inch' },
    { ...good, measuredAt: 'yesterday' },
    { ...good, extra: true },
    { sensorId: 'rain-HZ-1', value: 1, measuredAt: good.measuredAt },
  ];

  it('describes the topic as AsyncAPI 3 with the schema the consumer validates with', () => {
    expect(doc).toMatchObject({ asyncapi: '3.0.0' });
    expect(doc.channels.sensorReadings.address).toBe(Topics.sensorReadings);
    expect(validate(good)).toBe(true);
    expect(SensorReadingRecordSchema.safeParse(good).success).toBe(true);
    for (const record of bad) {
      expect({ record, json: validate(record) }).toEqual({ record, json: false });
      expect(SensorReadingRecordSchema.safeParse(record).success).toBe(false);
    }
  });
});
