import type { UnitRegistry } from '@erp/domain';
import type { SignedInUser } from './access-token';
import { actingOfficer } from './acting-officer';

const OFFICE = 'township-office-511902001';
const TEAM = { id: 'team-dongcheng', parentId: OFFICE, members: [] };
const registry = { ofKind: () => [TEAM] } as unknown as UnitRegistry;
const user = (role: SignedInUser['role']): SignedInUser => ({
  userId: 'u-1',
  username: 'someone',
  displayName: '某人',
  role,
  unitId: OFFICE,
});

describe('the units a signed-in user acts for on tasks', () => {
  it('a duty officer: their unit and the teams it answers for', () => {
    expect(actingOfficer(user('duty_officer'), registry).unitIds).toEqual([OFFICE, TEAM.id]);
  });

  it('an auditor or an administrator: none, even with a unit of their own', () => {
    expect(actingOfficer(user('auditor'), registry).unitIds).toEqual([]);
    expect(actingOfficer(user('administrator'), registry)).toMatchObject({ unitIds: [], commander: false });
  });
});
