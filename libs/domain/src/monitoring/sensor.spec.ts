import { DomainError } from '../shared/domain-error';
import { BAZHOU_HAZARDS } from '../hazard/hazard-registry';
import { SAMPLE_SENSORS } from './sample-sensors';
import { checkReading, Sensor, validateSensor } from './sensor';

const RAIN: Sensor = {
  id: 'rain-1',
  kind: 'rain_gauge',
  hazardPointId: 'HP-01',
  threshold: 50,
  name: '雨量计',
};
const at = new Date('2026-12-07T00:00:00Z');

describe('monitoring readings against their sensor', () => {
  it('is over the threshold only above it', () => {
    expect(checkReading(RAIN, { sensorId: 'rain-1', value: 50, measuredAt: at })).toEqual({
      ok: true,
      exceeded: false,
    });
    expect(checkReading(RAIN, { sensorId: 'rain-1', value: 50.1, measuredAt: at })).toEqual({
      ok: true,
      exceeded: true,
    });
  });

  it("refuses another kind's unit and values no instrument gives", () => {
    const unit = checkReading(RAIN, { sensorId: 'rain-1', value: 10, unit: 'mm', measuredAt: at });
    expect(unit).toEqual({ ok: false, reason: expect.stringContaining('mm/h') });
    expect(checkReading(RAIN, { sensorId: 'rain-1', value: -1, measuredAt: at }).ok).toBe(false);
    expect(checkReading(RAIN, { sensorId: 'rain-1', value: 5000, measuredAt: at }).ok).toBe(false);
    expect(checkReading(RAIN, { sensorId: 'rain-1', value: NaN, measuredAt: at }).ok).toBe(false);
  });

  it('registers a sensor checked whole', () => {
    expect(
      validateSensor('crack-1', {
        kind: 'crack_gauge',
        hazardPointId: 'HP-02',
        threshold: 20,
        name: ' 裂缝计 ',
      }),
    ).toEqual({
      id: 'crack-1',
      kind: 'crack_gauge',
      hazardPointId: 'HP-02',
      threshold: 20,
      name: '裂缝计',
    });
    try {
      validateSensor('bad id', { kind: 'radar', threshold: 'x', extra: 1 });
      throw new Error('accepted');
    } catch (e) {
      expect((e as DomainError).code).toBe('SENSOR.INVALID');
      expect(((e as DomainError).details!.errors as { pointer: string }[]).map((x) => x.pointer)).toEqual([
        '/id',
        '/extra',
        '/kind',
        '/hazardPointId',
        '/name',
        '/threshold',
      ]);
    }
  });

  it('has sample sensors that register as they are, once each, at sample hazard points', () => {
    expect(SAMPLE_SENSORS.length).toBeGreaterThan(0);
    expect(new Set(SAMPLE_SENSORS.map((s) => s.id)).size).toBe(SAMPLE_SENSORS.length);
    for (const { id, ...body } of SAMPLE_SENSORS) {
      expect(validateSensor(id, body)).toEqual({ id, ...body });
      expect(BAZHOU_HAZARDS.points.map((p) => p.id)).toContain(body.hazardPointId);
    }
  });
});
