import { DomainError } from '../shared/domain-error';
import { BAZHOU } from '../district/district';
import { BAZHOU_BOX } from './bazhou-team-roster';
import {
  RescueTeam,
  TEAM_STATUSES,
  TEAM_STATUS_TRANSITIONS,
  TeamStatus,
  canTransitionTeam,
  isTeamAvailable,
  transitionTeam,
  validateRescueTeams,
} from './rescue-team';

const team: RescueTeam = {
  id: 'team-test',
  name: '测试救援队',
  level: 'township',
  kind: 'cadre',
  townshipCode: '511902101',
  base: { lat: 32.0, lon: 106.74 },
  vehicleClass: 'pickup',
  capabilities: ['forest_firefighting'],
  equipment: ['风力灭火机'],
  status: 'available',
  members: 12,
  contact: { name: '张某某', phone: '13800000001' },
};

function walk(...statuses: TeamStatus[]): RescueTeam {
  return statuses.reduce((t, s) => transitionTeam(t, s), team);
}

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('rescue team status machine', () => {
  it('runs a whole mission: available → dispatched → en route → on scene → returning → available', () => {
    const back = walk('dispatched', 'en_route', 'on_scene', 'returning', 'available');
    expect(back.status).toBe('available');
    expect(back).toEqual(team);
  });

  it('allows a stand-down before departure and a recall on the way', () => {
    expect(walk('dispatched', 'available').status).toBe('available');
    expect(walk('dispatched', 'en_route', 'returning', 'available').status).toBe('available');
  });

  it('lets any status go out of service, and out of service come back only as available', () => {
    for (const s of TEAM_STATUSES) {
      if (s === 'out_of_service') continue;
      expect(canTransitionTeam(s, 'out_of_service')).toBe(true);
    }
    expect(TEAM_STATUS_TRANSITIONS.out_of_service).toEqual(['available']);
    expect(walk('out_of_service', 'available').status).toBe('available');
  });

  it.each<[TeamStatus[], TeamStatus]>([
    [[], 'en_route'],
    [[], 'on_scene'],
    [[], 'returning'],
    [[], 'available'],
    [['dispatched', 'en_route', 'on_scene'], 'available'],
    [['dispatched', 'en_route', 'on_scene'], 'dispatched'],
    [['dispatched', 'en_route', 'on_scene', 'returning'], 'dispatched'],
    [['out_of_service'], 'dispatched'],
  ])('refuses an illegal move (after %j, to %s) with a conflict', (path, to) => {
    const from = walk(...path);
    const e = errorOf(() => transitionTeam(from, to));
    expect(e.code).toBe('RESCUE_TEAM.ILLEGAL_TRANSITION');
    expect(e.kind).toBe('conflict');
    expect(e.details).toMatchObject({ teamId: 'team-test', from: from.status, to });
  });

  it('refuses an unknown status', () => {
    expect(errorOf(() => transitionTeam(team, 'lost' as TeamStatus)).code).toBe('RESCUE_TEAM.UNKNOWN_STATUS');
  });

  it('returns a new team and leaves the old one as it was', () => {
    const moved = transitionTeam(team, 'dispatched');
    expect(moved).not.toBe(team);
    expect(team.status).toBe('available');
    expect(isTeamAvailable(team)).toBe(true);
    expect(isTeamAvailable(moved)).toBe(false);
  });
});

describe('validateRescueTeams', () => {
  const ok = (patch: Record<string, unknown>) => [{ ...team, ...patch }];
  const pointer = (patch: Record<string, unknown>) =>
    errorOf(() => validateRescueTeams(ok(patch), BAZHOU, BAZHOU_BOX)).details?.pointer;

  it('accepts a good team and returns it typed', () => {
    expect(validateRescueTeams([team], BAZHOU, BAZHOU_BOX)).toEqual([team]);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ id: 'x-1' }, '/teams/0/id'],
    [{ name: ' ' }, '/teams/0/name'],
    [{ level: 'province' }, '/teams/0/level'],
    [{ kind: 'army' }, '/teams/0/kind'],
    [{ townshipCode: '511902999' }, '/teams/0/townshipCode'],
    [{ townshipCode: undefined }, '/teams/0/townshipCode'],
    [{ base: { lat: 30.6, lon: 104.06 } }, '/teams/0/base'],
    [{ vehicleClass: 'helicopter' }, '/teams/0/vehicleClass'],
    [{ capabilities: ['teleport'] }, '/teams/0/capabilities/0'],
    [{ capabilities: ['drone', 'drone'] }, '/teams/0/capabilities'],
    [{ equipment: [''] }, '/teams/0/equipment'],
    [{ status: 'sleeping' }, '/teams/0/status'],
    [{ members: 0 }, '/teams/0/members'],
    [{ contact: { name: '张某某', phone: 'call me' } }, '/teams/0/contact'],
  ])('rejects %j at %s', (patch, at) => {
    expect(pointer(patch)).toBe(at);
  });

  it('rejects a duplicate id', () => {
    const e = errorOf(() => validateRescueTeams([team, team], BAZHOU, BAZHOU_BOX));
    expect(e.code).toBe('RESCUE_TEAM.INVALID');
    expect(e.details).toEqual({ pointer: '/teams/1/id' });
  });

  it('lets a district team go without a home township', () => {
    const { townshipCode: _omit, ...rest } = team;
    expect(
      validateRescueTeams([{ ...rest, level: 'district' }], BAZHOU, BAZHOU_BOX)[0].townshipCode,
    ).toBeUndefined();
  });
});
