import { DISTRICT_ESCALATION, FIRST_PLAN_VERSION, firstResponseClauses } from './first-response-plan';

describe('firstResponseClauses (属地负责)', () => {
  it('makes the township emergency office the one lead', () => {
    expect(firstResponseClauses({ townshipCode: '511902105' })).toEqual([
      {
        unitId: 'township-office-511902105',
        role: 'lead',
        clauseId: 'township-office-leads',
        planVersion: FIRST_PLAN_VERSION,
      },
    ]);
    expect(FIRST_PLAN_VERSION).toBe('township-lead/1');
  });

  it('follows the incident township', () => {
    expect(firstResponseClauses({ townshipCode: '511902001' })[0].unitId).toBe('township-office-511902001');
  });
});

describe('DISTRICT_ESCALATION', () => {
  it('sends a missed first response (step 0) to the district command room', () => {
    expect(DISTRICT_ESCALATION.next(0)).toEqual({
      step: 1,
      unitId: 'district-command-room',
      role: 'supervise',
      clauseId: 'ack-missed-to-command-room',
    });
  });

  it('has nothing above the command room', () => {
    expect(DISTRICT_ESCALATION.next(1)).toBeNull();
  });
});
