import { DomainError, mayAdministerStructure, requireStructureAdministrator } from '@erp/domain';
import type { SignedInUser } from '@erp/auth';
import { mayChangeTeamStatus, mayEditRoster } from './command-access';

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
  it('lets the commander and administrators edit units and publish plans, nobody else', () => {
    expect(mayAdministerStructure(user({ role: 'commander' }))).toBe(true);
    expect(mayAdministerStructure(user({ role: 'administrator' }))).toBe(true);
    expect(mayAdministerStructure(user({ role: 'duty_officer', unitId: OFFICE.id }))).toBe(false);
    expect(mayAdministerStructure(user({ role: 'auditor' }))).toBe(false);
  });

  it('refuses anyone else with the code it is given, naming what they tried', () => {
    expect(() =>
      requireStructureAdministrator(user({ role: 'administrator' }), 'X.NO', '做 do'),
    ).not.toThrow();
    let refusal: unknown;
    try {
      requireStructureAdministrator(user({ role: 'auditor' }), 'HAZARD_POINT.COMMANDER_ONLY', '修改 change');
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'HAZARD_POINT.COMMANDER_ONLY', kind: 'forbidden' });
    expect((refusal as Error).message).toMatch(/^只有指挥长或管理员可以修改 change/);
  });

  it("lets a unit's own duty officer keep its roster, and nobody else but the commander and administrators", () => {
    expect(mayEditRoster(user({ role: 'commander' }), OFFICE)).toBe(true);
    expect(mayEditRoster(user({ role: 'administrator' }), OFFICE)).toBe(true);
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

  it('not an administrator: keeping the data is not sending teams', () => {
    expect(mayChangeTeamStatus(user({ role: 'administrator' }), TEAM, OFFICE)).toBe(false);
  });

  it('not an auditor, even one listed among the members', () => {
    expect(mayChangeTeamStatus(user({ role: 'auditor', username: 'captain-dongcheng' }), TEAM, OFFICE)).toBe(
      false,
    );
  });
});
