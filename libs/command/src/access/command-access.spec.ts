import type { SignedInUser } from '@erp/auth';
import { mayChangeTeamStatus, mayEditRoster, mayEditStructure } from './command-access';

const user = (over: Partial<SignedInUser>): SignedInUser => ({
  userId: 'u-1',
  username: 'someone',
  displayName: '某人',
  role: 'duty_officer',
  unitId: null,
  ...over,
});

const OFFICE = { id: 'township-office-511902001', kind: 'township_office' as const };
const TEAM = {
  id: 'team-dongcheng',
  parentId: OFFICE.id,
  members: [{ userName: 'captain-dongcheng', displayName: '队长', role: 'head' as const }],
};

describe('who may change the command structure', () => {
  it('lets only the commander edit units and publish plans', () => {
    expect(mayEditStructure(user({ role: 'commander' }))).toBe(true);
    expect(mayEditStructure(user({ role: 'duty_officer', unitId: OFFICE.id }))).toBe(false);
    expect(mayEditStructure(user({ role: 'auditor' }))).toBe(false);
  });

  it("lets a unit's own duty officer keep its roster, and nobody else but the commander", () => {
    expect(mayEditRoster(user({ role: 'commander' }), OFFICE)).toBe(true);
    expect(mayEditRoster(user({ unitId: OFFICE.id }), OFFICE)).toBe(true);
    expect(mayEditRoster(user({ unitId: 'township-office-511902002' }), OFFICE)).toBe(false);
    expect(mayEditRoster(user({ role: 'auditor', unitId: OFFICE.id }), OFFICE)).toBe(false);
  });
});

describe("who may report a rescue team's status", () => {
  it('the commander', () => {
    expect(mayChangeTeamStatus(user({ role: 'commander' }), TEAM, OFFICE)).toBe(true);
  });

  it('the team itself: signed in for the team, or one of its members', () => {
    expect(mayChangeTeamStatus(user({ unitId: TEAM.id }), TEAM, OFFICE)).toBe(true);
    expect(mayChangeTeamStatus(user({ username: 'captain-dongcheng' }), TEAM, OFFICE)).toBe(true);
  });

  it("a duty officer of the township office the team reports to, not of another township's", () => {
    expect(mayChangeTeamStatus(user({ unitId: OFFICE.id }), TEAM, OFFICE)).toBe(true);
    expect(mayChangeTeamStatus(user({ unitId: 'township-office-511902002' }), TEAM, OFFICE)).toBe(false);
  });

  it('not the officer of a parent that is not a township office (a department or the command room)', () => {
    const room = { id: 'district-command-room', kind: 'committee' as const };
    const districtTeam = { ...TEAM, parentId: room.id };
    expect(mayChangeTeamStatus(user({ unitId: room.id }), districtTeam, room)).toBe(false);
  });

  it('not an auditor, even one listed among the members', () => {
    expect(mayChangeTeamStatus(user({ role: 'auditor', username: 'captain-dongcheng' }), TEAM, OFFICE)).toBe(
      false,
    );
  });
});
