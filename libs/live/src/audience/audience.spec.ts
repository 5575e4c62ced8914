import { LiveEvent, unitsNamedBy } from '../live-event';
import { maySee, Viewer } from './audience';

const INCIDENT = '0b7a4c6e-0000-4000-8000-000000000001';
const OFFICE = 'township-office-511902001';
const TEAM = 'team-511902001-township';

function event(overrides: Partial<LiveEvent>): LiveEvent {
  return {
    id: 'e.1',
    eventId: '5d2e-1',
    type: 'IncidentClassified',
    incidentId: INCIDENT,
    occurredAt: '2026-12-01T08:00:00.000Z',
    recordedAt: '2026-12-01T08:00:00.010Z',
    actor: { kind: 'system', id: 'dispatcher' },
    payload: {},
    units: [],
    ...overrides,
  };
}

const officer: Viewer = { role: 'duty_officer', unitIds: new Set([OFFICE, TEAM]) };
const otherOfficer: Viewer = { role: 'duty_officer', unitIds: new Set(['township-office-511902101']) };
const commander: Viewer = { role: 'commander', unitIds: new Set() };
const auditor: Viewer = { role: 'auditor', unitIds: new Set() };

describe('maySee: who receives which live event', () => {
  it('gives the commander and the auditor everything, alarms and other units alike', () => {
    for (const viewer of [commander, auditor]) {
      expect(maySee(viewer, event({ units: ['district-command-room'] }))).toBe(true);
      expect(maySee(viewer, event({ type: 'IncidentOpened', units: [] }))).toBe(true);
    }
  });

  it("gives an officer the events of an incident in which their unit holds a task, whoever's task it is", () => {
    expect(maySee(officer, event({ units: [OFFICE, 'district-command-room'] }))).toBe(true);
    expect(
      maySee(officer, event({ type: 'TaskAcknowledged', payload: { unitId: 'x' }, units: ['x', OFFICE] })),
    ).toBe(true);
  });

  it('counts a task of a rescue team under their unit as theirs', () => {
    expect(maySee(officer, event({ type: 'TaskDispatched', units: [TEAM] }))).toBe(true);
  });

  it('keeps an incident in which none of their units holds a task from them', () => {
    expect(maySee(otherOfficer, event({ units: [OFFICE, TEAM] }))).toBe(false);
    expect(maySee(officer, event({ type: 'IncidentOpened', units: [] }))).toBe(false);
  });

  it('keeps events with no incident from an officer, except changes to the command structure', () => {
    expect(maySee(officer, event({ type: 'AlarmReceived', incidentId: null, units: [OFFICE] }))).toBe(false);
    expect(
      maySee(otherOfficer, event({ type: 'RescueTeamStatusChanged', incidentId: null, units: [TEAM] })),
    ).toBe(true);
    expect(maySee(otherOfficer, event({ type: 'UnitChanged', incidentId: null, units: [OFFICE] }))).toBe(
      true,
    );
    expect(maySee(otherOfficer, event({ type: 'ResponsePlanPublished', incidentId: null }))).toBe(true);
  });

  it('keeps account changes (roles, passwords) from officers: the commander and the auditor see them', () => {
    for (const type of ['UserRoleChanged', 'UserPasswordChanged']) {
      expect(maySee(officer, event({ type, incidentId: null, units: [] }))).toBe(false);
      expect(maySee(auditor, event({ type, incidentId: null, units: [] }))).toBe(true);
    }
  });

  it('gives every officer a warning and its tasks: district-wide news, like GET /warnings', () => {
    for (const type of ['WarningIssued', 'WarningTaskAssigned', 'WarningTaskEscalated', 'WarningEnded']) {
      expect(maySee(otherOfficer, event({ type, incidentId: null }))).toBe(true);
    }
    expect(maySee(otherOfficer, event({ type: 'SensorThresholdExceeded', incidentId: null }))).toBe(false);
  });

  it('keeps a team sent to an incident they may not see from them, unless the team is theirs', () => {
    const sent = event({ type: 'RescueTeamStatusChanged', units: [OFFICE, 'team-district-blue-sky'] });
    expect(maySee(otherOfficer, sent)).toBe(false);
    expect(maySee(officer, sent)).toBe(true);
    const theirTeam = event({ type: 'RescueTeamStatusChanged', units: ['township-office-511902101', TEAM] });
    expect(maySee(officer, theirTeam)).toBe(true);
  });

  it('gives an officer with no unit nothing of any incident', () => {
    const unitless: Viewer = { role: 'duty_officer', unitIds: new Set() };
    expect(maySee(unitless, event({ units: [OFFICE] }))).toBe(false);
  });
});

describe('unitsNamedBy: the units an event names itself', () => {
  it("names a task's unit, an escalation's target, a team, and the units a notice told", () => {
    expect(unitsNamedBy({ unitId: OFFICE, teamId: TEAM })).toEqual([OFFICE, TEAM]);
    expect(unitsNamedBy({ notificationId: 'n', unitIds: [OFFICE, 'district-command-room'] })).toEqual([
      OFFICE,
      'district-command-room',
    ]);
    expect(unitsNamedBy({ unitIds: 'not a list', recipients: [{ unitId: 'x' }] })).toEqual([]);
  });

  it('shows a notice tied to no incident to the officers of the units it told, and the commander', () => {
    const notice = event({
      type: 'NotificationIssued',
      incidentId: null,
      units: unitsNamedBy({ unitIds: [OFFICE] }),
    });
    expect(maySee(commander, notice)).toBe(true);
    expect(maySee(officer, notice)).toBe(true);
    expect(maySee(otherOfficer, notice)).toBe(false);
  });
});
