import { AuditedEvent, mentionedUnits, timelineFacts, timelineOf } from './timeline-facts';

const INCIDENT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const ALARM_EVENT = '7c9e6679-7425-40de-944b-0000000000a0';

function event(
  type: AuditedEvent['type'],
  payload: Record<string, unknown>,
  over: Partial<AuditedEvent> = {},
) {
  return {
    eventId: '7c9e6679-7425-40de-944b-0000000000e1',
    type,
    version: 1,
    key: INCIDENT,
    incidentId: INCIDENT,
    occurredAt: '2026-03-01T16:00:05+08:00',
    recordedAt: '2026-03-01T08:00:05.200Z',
    correlationId: 'c',
    causationId: ALARM_EVENT,
    actor: { kind: 'system', id: 'dispatcher' },
    payload,
    ...over,
  } as AuditedEvent;
}

const opened = event('IncidentOpened', {
  incidentId: INCIDENT,
  alarmId: '7c9e6679-7425-40de-944b-0000000000b1',
  alarmSource: '119-center',
  alarmReceivedAt: '2026-03-01T16:00:01.000+08:00',
  alarmExternalId: 'CALL-9',
  type: 'fire',
  townshipCode: '511902001',
  location: null,
  description: '民房起火',
  exercise: false,
});

describe('timelineFacts', () => {
  it('records an alarm placed into an incident as its receipt, when received, before the placement', () => {
    const [receipt, own] = timelineFacts(opened);
    expect(receipt).toEqual({
      incidentId: INCIDENT,
      eventId: ALARM_EVENT,
      eventType: 'AlarmReceived',
      occurredAt: '2026-03-01T08:00:01.000Z',
      recordedAt: '2026-03-01T08:00:01.000Z',
      actor: { kind: 'source', id: '119-center' },
      payload: {
        alarmId: '7c9e6679-7425-40de-944b-0000000000b1',
        source: '119-center',
        type: 'fire',
        receivedAt: '2026-03-01T08:00:01.000Z',
        externalId: 'CALL-9',
      },
    });
    expect(own).toMatchObject({ eventType: 'IncidentOpened', occurredAt: '2026-03-01T08:00:05.000Z' });
  });

  it('records a joining alarm the same way', () => {
    const joined = event('AlarmJoinedIncident', {
      incidentId: INCIDENT,
      alarmId: '7c9e6679-7425-40de-944b-0000000000b2',
      alarmSource: 'informant',
      alarmReceivedAt: '2026-03-01T08:03:00.000Z',
      type: 'fire',
      distanceMetres: 120,
    });
    expect(timelineFacts(joined).map((f) => f.eventType)).toEqual(['AlarmReceived', 'AlarmJoinedIncident']);
  });

  it('derives a stable receipt id when the placement names no event as its cause', () => {
    const a = timelineFacts(event('IncidentOpened', opened.payload, { causationId: null }))[0].eventId;
    const b = timelineFacts(event('IncidentOpened', opened.payload, { causationId: 'req-1' }))[0].eventId;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b).toBe(a);
    expect(a).not.toBe(opened.eventId);
  });

  it("puts a team's status change into the incident it names, and nothing without one", () => {
    const moved = event(
      'RescueTeamStatusChanged',
      { teamId: 'team-a', from: 'dispatched', to: 'en_route', incidentId: INCIDENT, reason: '出发' },
      { incidentId: null, key: 'team-a' },
    );
    expect(timelineOf(moved)).toBe(INCIDENT);
    expect(timelineFacts(moved)).toHaveLength(1);
    const idle = event(
      'RescueTeamStatusChanged',
      { teamId: 'team-a', from: 'returning', to: 'available', incidentId: null, reason: '归队' },
      { incidentId: null, key: 'team-a' },
    );
    expect(timelineFacts(idle)).toEqual([]);
    const alarm = event('AlarmReceived', { alarmId: 'a' }, { incidentId: null });
    expect(timelineFacts(alarm)).toEqual([]);
  });

  it("puts a warning's facts and the notices of them into the warning's own timeline", () => {
    const WARNING = '7c9e6679-7425-40de-944b-0000000000f1';
    const noIncident = { incidentId: null, key: WARNING };
    const issued = event('WarningIssued', { warningId: WARNING, event: '暴雨' }, noIncident);
    expect(timelineOf(issued)).toBe(WARNING);
    expect(timelineFacts(issued)).toEqual([
      expect.objectContaining({ incidentId: WARNING, eventType: 'WarningIssued' }),
    ]);
    const notice = event(
      'NotificationIssued',
      { warningId: WARNING, event: 'WarningTaskAssigned' },
      noIncident,
    );
    expect(timelineOf(notice)).toBe(WARNING);
    const delivered = event('NotificationDelivered', { warningId: WARNING, incidentId: null }, noIncident);
    expect(timelineOf(delivered)).toBe(WARNING);
    const exceeded = event('SensorThresholdExceeded', { hazardPointId: 'HP-01' }, { incidentId: null });
    expect(timelineFacts(exceeded)).toEqual([]);
  });

  it('names the units an event mentions', () => {
    const escalated = event('TaskEscalated', { unitId: 'u-1', target: { unitId: 'district-command-room' } });
    expect(mentionedUnits(escalated)).toEqual(['u-1', 'district-command-room']);
    const rung = event('WarningTaskEscalated', { target: 'township-office-511902101' }, { incidentId: null });
    expect(mentionedUnits(rung)).toEqual(['township-office-511902101']);
  });
});
