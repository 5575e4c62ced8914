import { DomainError } from '../shared/domain-error';
import { maySeeIncidentOf, readsEverything, reportTownship } from './report-audience';

const commander = { role: 'commander', unitId: null };
const auditor = { role: 'auditor', unitId: null };
const township = { role: 'duty_officer', unitId: 'township-office-511902001' };
const commandRoom = { role: 'duty_officer', unitId: 'district-command-room' };

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('who reads the response-time report', () => {
  it('gives commanders and auditors the district, or the township they ask for', () => {
    expect(reportTownship(commander, null)).toBeNull();
    expect(reportTownship(auditor, '511902005')).toBe('511902005');
  });

  it('holds a township office to its own township, asked or not', () => {
    expect(reportTownship(township, null)).toBe('511902001');
    expect(reportTownship(township, '511902001')).toBe('511902001');
  });

  it("refuses a township office another township's report, naming the field", () => {
    const e = refusal(() => reportTownship(township, '511902005'));
    expect(e).toMatchObject({ code: 'REPORT.OTHER_TOWNSHIP', kind: 'forbidden' });
    expect(e.details).toEqual({ pointer: '/townshipCode' });
  });

  it('refuses other officers', () => {
    expect(refusal(() => reportTownship(commandRoom, null)).code).toBe('REPORT.NOT_ALLOWED');
    expect(refusal(() => reportTownship({ role: 'duty_officer', unitId: null }, null)).code).toBe(
      'REPORT.NOT_ALLOWED',
    );
  });
});

describe('who sees an incident', () => {
  it('lets commanders and auditors see all, an officer only where their units hold a task', () => {
    expect(readsEverything(auditor)).toBe(true);
    expect(maySeeIncidentOf(auditor, [], [])).toBe(true);
    expect(maySeeIncidentOf(township, ['township-office-511902001'], ['township-office-511902001'])).toBe(
      true,
    );
    expect(maySeeIncidentOf(township, ['township-office-511902001'], ['team-x'])).toBe(false);
  });
});
