import { EventPayloads } from '@erp/contracts';
import { AlarmState } from '../alarm/alarm';
import { classifyIncident } from '../classification/national-classifier';
import { classifyByType } from './first-classification';
import { Incident } from './incident';

const INCIDENT_ID = '5d0f1c3a-7b2e-4c1d-8e9f-000000000001';
const ALARM: AlarmState = {
  id: '5d0f1c3a-7b2e-4c1d-8e9f-0000000000a1',
  source: '119-center',
  externalId: 'EXT-7',
  type: 'flood',
  occurredAt: new Date('2026-07-10T01:55:00.000Z'),
  receivedAt: new Date('2026-07-10T02:00:00.000Z'),
  townshipCode: '511902107',
  location: { lat: 31.64, lon: 106.78 },
  description: '三江镇河水漫堤',
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
};
const OPENED_AT = new Date('2026-07-10T02:00:01.000Z');

describe('Incident.openFromAlarm', () => {
  it('opens an incident in the alarm township with the classification', () => {
    const incident = Incident.openFromAlarm(INCIDENT_ID, ALARM, classifyByType('flood'), OPENED_AT);
    expect(incident.id).toBe(INCIDENT_ID);
    expect(incident.snapshot()).toMatchObject({
      id: INCIDENT_ID,
      status: 'open',
      type: 'flood',
      tier: 'T2_GENERAL',
      level: 'IV',
      townshipCode: '511902107',
      location: { lat: 31.64, lon: 106.78 },
      description: '三江镇河水漫堤',
      openedAt: OPENED_AT,
      exercise: false,
    });
  });

  it('records IncidentOpened (with alarm provenance) then IncidentClassified', () => {
    const classification = classifyByType('flood');
    const incident = Incident.openFromAlarm(INCIDENT_ID, ALARM, classification, OPENED_AT);
    const events = incident.pullEvents();
    expect(events.map((e) => e.type)).toEqual(['IncidentOpened', 'IncidentClassified']);
    expect(events[0].payload).toEqual({
      incidentId: INCIDENT_ID,
      alarmId: ALARM.id,
      alarmSource: '119-center',
      alarmReceivedAt: '2026-07-10T02:00:00.000Z',
      alarmExternalId: 'EXT-7',
      type: 'flood',
      townshipCode: '511902107',
      location: { lat: 31.64, lon: 106.78 },
      description: '三江镇河水漫堤',
      exercise: false,
    });
    expect(events[1].payload).toEqual({
      incidentId: INCIDENT_ID,
      tier: 'T2_GENERAL',
      level: 'IV',
      reasons: classification.reasons,
      ruleSetVersion: 'type-default/1',
    });
    for (const e of events) expect(EventPayloads[e.type].schema.safeParse(e.payload).success).toBe(true);
    expect(incident.pullEvents()).toEqual([]);
  });

  it('carries a minor classification with a null level', () => {
    const incident = Incident.openFromAlarm(
      INCIDENT_ID,
      { ...ALARM, type: 'fire' },
      classifyByType('fire'),
      OPENED_AT,
    );
    const classified = incident.pullEvents()[1];
    expect(classified).toMatchObject({
      type: 'IncidentClassified',
      payload: { tier: 'T1_MINOR', level: null },
    });
  });

  it('restore round-trips the snapshot without events', () => {
    const incident = Incident.openFromAlarm(INCIDENT_ID, ALARM, classifyByType('flood'), OPENED_AT);
    const restored = Incident.restore(incident.snapshot());
    expect(restored.snapshot()).toEqual(incident.snapshot());
    expect(restored.pullEvents()).toEqual([]);
  });
});

describe('Incident.requireCityReport (上报市级)', () => {
  const opened = () => {
    const incident = Incident.openFromAlarm(INCIDENT_ID, ALARM, classifyByType('flood'), OPENED_AT);
    incident.pullEvents();
    return incident;
  };
  const at = new Date('2026-07-10T02:01:00.000Z');

  it('records the report once, with the plan clauses that require it', () => {
    const incident = opened();
    incident.requireCityReport(at, 'seed-2020/1', ['t3-committee-leads']);
    const events = incident.pullEvents();
    expect(events).toEqual([
      {
        type: 'CityReportRequired',
        payload: {
          incidentId: INCIDENT_ID,
          tier: 'T2_GENERAL',
          level: 'IV',
          planVersion: 'seed-2020/1',
          clauseIds: ['t3-committee-leads'],
        },
      },
    ]);
    expect(EventPayloads.CityReportRequired.schema.safeParse(events[0].payload).success).toBe(true);
    expect(incident.snapshot().reportedUpAt).toEqual(at);
    incident.requireCityReport(new Date(at.getTime() + 60_000), 'seed-2020/2', ['t3-committee-leads']);
    expect(incident.pullEvents()).toEqual([]);
    expect(incident.snapshot().reportedUpAt).toEqual(at);
  });

  it('reports nothing for a cancelled incident', () => {
    const incident = opened();
    incident.cancel(ALARM, 'CAP Cancel');
    incident.pullEvents();
    incident.requireCityReport(at, 'seed-2020/1', ['t3-committee-leads']);
    expect(incident.pullEvents()).toEqual([]);
    expect(incident.snapshot().reportedUpAt).toBeNull();
  });
});

describe('Incident.asCandidate', () => {
  it('shows correlation an open, placed incident, and nothing once it is cancelled', () => {
    const incident = Incident.openFromAlarm(INCIDENT_ID, ALARM, classifyByType('flood'), OPENED_AT);
    expect(incident.asCandidate()).toEqual({
      id: INCIDENT_ID,
      type: 'flood',
      anchor: { lat: 31.64, lon: 106.78 },
      lastAlarmAt: ALARM.occurredAt,
      exercise: false,
    });
    incident.cancel({ ...ALARM, id: 'cancel-alarm' }, 'withdrawn');
    expect(incident.asCandidate()).toBeNull();
  });

  it('is not a candidate without an anchor', () => {
    const unplaced = Incident.openFromAlarm(
      INCIDENT_ID,
      { ...ALARM, location: null },
      classifyByType('flood'),
      OPENED_AT,
    );
    expect(unplaced.asCandidate()).toBeNull();
  });
});

describe('Incident.close (闭环)', () => {
  const opened = () => {
    const incident = Incident.openFromAlarm(INCIDENT_ID, ALARM, classifyByType('flood'), OPENED_AT);
    incident.pullEvents();
    return incident;
  };
  const closure = { outcome: '处置完毕', summary: '河水退去，无人员伤亡', closedBy: 'duty-511902107' };
  const at = new Date('2026-07-10T06:00:00.000Z');

  it('refuses while a task is open, naming each, and changes nothing', () => {
    const incident = opened();
    const open = [{ taskId: 't-1', unitId: 'township-office-511902107', status: 'arrived' }];
    let error: unknown;
    try {
      incident.close(closure, at, open, []);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'INCIDENT.OPEN_TASKS',
      kind: 'conflict',
      details: { openTasks: open },
    });
    expect(incident.snapshot().status).toBe('open');
    expect(incident.pullEvents()).toEqual([]);
  });

  it('closes with its outcome, who and when, and the teams it freed', () => {
    const incident = opened();
    incident.close(closure, at, [], ['team-sanjiang']);
    expect(incident.snapshot()).toMatchObject({
      status: 'closed',
      closedAt: at,
      closedBy: 'duty-511902107',
      outcome: '处置完毕',
      closeSummary: '河水退去，无人员伤亡',
    });
    const [e] = incident.pullEvents();
    expect(e.type).toBe('IncidentClosed');
    expect(EventPayloads.IncidentClosed.schema.safeParse(e.payload).success).toBe(true);
    expect(e.payload).toMatchObject({ freedTeamIds: ['team-sanjiang'] });
  });

  it('refuses to close twice, or without an outcome', () => {
    const incident = opened();
    expect(() => incident.close({ ...closure, outcome: '  ' }, at, [], [])).toThrow(/outcome/);
    incident.close(closure, at, [], []);
    expect(() => incident.close(closure, at, [], [])).toThrow(
      expect.objectContaining({ code: 'INCIDENT.NOT_OPEN' }),
    );
  });

  it("takes a report's figures like an alarm's and upgrades on them", () => {
    const incident = opened();
    const before = incident.snapshot().tier;
    incident.addReportedFacts({ casualties: { deaths: 50 } }, (merged) =>
      classifyIncident({ type: 'flood', ...merged }),
    );
    expect(incident.snapshot().facts).toEqual({ casualties: { deaths: 50 } });
    expect(incident.snapshot().tier).not.toBe(before);
    const [e] = incident.pullEvents();
    expect(e).toMatchObject({ type: 'IncidentReclassified', payload: { confirmedBy: null } });
  });
});
