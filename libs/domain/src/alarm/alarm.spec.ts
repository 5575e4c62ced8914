import { EventPayloads } from '@erp/contracts';
import { BAZHOU } from '../district/district';
import { DomainError } from '../shared/domain-error';
import { Alarm, AlarmReport } from './alarm';

const ALARM_ID = '0b6f4f3e-2a8c-4d1e-9f00-000000000001';
const RECEIVED_AT = new Date('2026-03-01T08:00:00.000Z');

function report(overrides: Partial<AlarmReport> = {}): AlarmReport {
  return {
    source: '119-center',
    externalId: 'EXT-0001',
    type: 'landslide',
    occurredAt: new Date('2026-03-01T07:58:00.000Z'),
    townshipCode: '511902101',
    description: '清江镇某村山体滑坡',
    ...overrides,
  };
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw');
}

describe('Alarm.receive', () => {
  it('accepts an alarm placed by township code', () => {
    const alarm = Alarm.receive(ALARM_ID, report(), BAZHOU, RECEIVED_AT);
    expect(alarm.id).toBe(ALARM_ID);
    expect(alarm.snapshot()).toEqual({
      id: ALARM_ID,
      source: '119-center',
      externalId: 'EXT-0001',
      type: 'landslide',
      occurredAt: new Date('2026-03-01T07:58:00.000Z'),
      receivedAt: RECEIVED_AT,
      townshipCode: '511902101',
      location: null,
      description: '清江镇某村山体滑坡',
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
    });
  });

  it('maps an alarm with only a location to the nearest township', () => {
    const qingjiang = BAZHOU.requireTownship('511902101').approxPosition;
    const location = { lat: qingjiang.lat + 0.01, lon: qingjiang.lon - 0.01 };
    const alarm = Alarm.receive(ALARM_ID, report({ townshipCode: undefined, location }), BAZHOU, RECEIVED_AT);
    expect(alarm.snapshot().townshipCode).toBe('511902101');
    expect(alarm.snapshot().location).toEqual(location);
  });

  it('prefers the township code over the location when both are given', () => {
    const elsewhere = BAZHOU.requireTownship('511902203').approxPosition;
    const alarm = Alarm.receive(ALARM_ID, report({ location: elsewhere }), BAZHOU, RECEIVED_AT);
    expect(alarm.snapshot().townshipCode).toBe('511902101');
  });

  it('keeps a location outside the district, with the reason, and records nothing to dispatch', () => {
    const alarm = Alarm.receive(
      ALARM_ID,
      report({ townshipCode: undefined, location: { lat: 39.9, lon: 116.4 } }),
      BAZHOU,
      RECEIVED_AT,
    );
    expect(alarm.snapshot()).toMatchObject({ status: 'outside_jurisdiction', townshipCode: null });
    expect(alarm.snapshot().notDispatchedReason).toContain('39.9,116.4');
    expect(alarm.pullEvents()).toEqual([]);
  });

  it('keeps a township code of another district as outside the district', () => {
    const alarm = Alarm.receive(ALARM_ID, report({ townshipCode: '511903001' }), BAZHOU, RECEIVED_AT);
    expect(alarm.snapshot()).toMatchObject({ status: 'outside_jurisdiction', townshipCode: null });
    expect(alarm.snapshot().notDispatchedReason).toContain('511903001');
    expect(alarm.pullEvents()).toEqual([]);
  });

  it('refuses an alarm with neither township code nor location', () => {
    const err = caught(() =>
      Alarm.receive(ALARM_ID, report({ townshipCode: undefined }), BAZHOU, RECEIVED_AT),
    );
    expect(err).toMatchObject({
      code: 'ALARM.NO_PLACE',
      kind: 'invalid',
      details: { pointer: '/townshipCode' },
    });
  });

  it('refuses an unknown township code with DISTRICT.UNKNOWN_TOWNSHIP', () => {
    const err = caught(() =>
      Alarm.receive(ALARM_ID, report({ townshipCode: '511902999' }), BAZHOU, RECEIVED_AT),
    );
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'DISTRICT.UNKNOWN_TOWNSHIP', details: { pointer: '/townshipCode' } });
  });

  it('refuses an occurredAt more than 5 minutes after receipt', () => {
    const occurredAt = new Date(RECEIVED_AT.getTime() + 5 * 60_000 + 1);
    const err = caught(() => Alarm.receive(ALARM_ID, report({ occurredAt }), BAZHOU, RECEIVED_AT));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({
      code: 'ALARM.OCCURRED_IN_FUTURE',
      kind: 'invalid',
      details: { pointer: '/occurredAt' },
    });
  });

  it('tolerates source clock skew up to 5 minutes (4 minutes and exactly 5 are accepted)', () => {
    for (const skewMs of [4 * 60_000, 5 * 60_000]) {
      const occurredAt = new Date(RECEIVED_AT.getTime() + skewMs);
      const alarm = Alarm.receive(ALARM_ID, report({ occurredAt }), BAZHOU, RECEIVED_AT);
      expect(alarm.snapshot().occurredAt).toEqual(occurredAt);
    }
  });

  it('records exactly one AlarmReceived event with the right payload', () => {
    const location = BAZHOU.requireTownship('511902101').approxPosition;
    const alarm = Alarm.receive(ALARM_ID, report({ location }), BAZHOU, RECEIVED_AT);
    const events = alarm.pullEvents();
    expect(events).toEqual([
      {
        type: 'AlarmReceived',
        payload: {
          alarmId: ALARM_ID,
          source: '119-center',
          externalId: 'EXT-0001',
          type: 'landslide',
          occurredAt: '2026-03-01T07:58:00.000Z',
          receivedAt: '2026-03-01T08:00:00.000Z',
          townshipCode: '511902101',
          location,
          description: '清江镇某村山体滑坡',
          exercise: false,
        },
      },
    ]);
    expect(EventPayloads.AlarmReceived.schema.safeParse(events[0].payload).success).toBe(true);
    expect(alarm.pullEvents()).toEqual([]);
  });

  it('checks the future skew before the township, so a bad time is reported first', () => {
    const occurredAt = new Date(RECEIVED_AT.getTime() + 60 * 60_000);
    const err = caught(() =>
      Alarm.receive(ALARM_ID, report({ occurredAt, townshipCode: 'x' }), BAZHOU, RECEIVED_AT),
    );
    expect(err).toMatchObject({ code: 'ALARM.OCCURRED_IN_FUTURE' });
  });
});

describe('Alarm.joinIncident', () => {
  const INCIDENT_A = '0b6f4f3e-2a8c-4d1e-9f00-0000000000aa';
  const INCIDENT_B = '0b6f4f3e-2a8c-4d1e-9f00-0000000000bb';

  it('joins an incident', () => {
    const alarm = Alarm.receive(ALARM_ID, report(), BAZHOU, RECEIVED_AT);
    alarm.joinIncident(INCIDENT_A);
    expect(alarm.snapshot()).toMatchObject({ status: 'joined', incidentId: INCIDENT_A });
  });

  it('joining the same incident again is a no-op', () => {
    const alarm = Alarm.receive(ALARM_ID, report(), BAZHOU, RECEIVED_AT);
    alarm.joinIncident(INCIDENT_A);
    expect(() => alarm.joinIncident(INCIDENT_A)).not.toThrow();
    expect(alarm.snapshot()).toMatchObject({ status: 'joined', incidentId: INCIDENT_A });
  });

  it('refuses to join a second, different incident with ALARM.ALREADY_JOINED', () => {
    const alarm = Alarm.receive(ALARM_ID, report(), BAZHOU, RECEIVED_AT);
    alarm.joinIncident(INCIDENT_A);
    const err = caught(() => alarm.joinIncident(INCIDENT_B));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'ALARM.ALREADY_JOINED', kind: 'conflict' });
    expect(alarm.snapshot().incidentId).toBe(INCIDENT_A);
  });

  it('restore keeps the state, including an incident already joined', () => {
    const original = Alarm.receive(ALARM_ID, report(), BAZHOU, RECEIVED_AT);
    original.joinIncident(INCIDENT_A);
    const restored = Alarm.restore(original.snapshot());
    expect(restored.snapshot()).toEqual(original.snapshot());
    expect(restored.pullEvents()).toEqual([]);
    expect(() => restored.joinIncident(INCIDENT_B)).toThrow(DomainError);
  });
});
