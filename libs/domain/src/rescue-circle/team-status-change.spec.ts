import { teamStatusOnStandDown, teamStatusWithTask } from './team-status-change';

describe('a team’s status follows its task', () => {
  it('departs en route, arrives on scene, completes returning, declines back to available', () => {
    expect(teamStatusWithTask('depart', 'dispatched')?.to).toBe('en_route');
    expect(teamStatusWithTask('arrive', 'en_route')?.to).toBe('on_scene');
    expect(teamStatusWithTask('complete', 'on_scene')?.to).toBe('returning');
    expect(teamStatusWithTask('decline', 'dispatched')?.to).toBe('available');
  });

  it('stays where a move would be illegal (a team set by hand meanwhile), or where a move has no status', () => {
    expect(teamStatusWithTask('arrive', 'dispatched')).toBeNull();
    expect(teamStatusWithTask('depart', 'out_of_service')).toBeNull();
    expect(teamStatusWithTask('acknowledge', 'dispatched')).toBeNull();
    expect(teamStatusWithTask('report', 'on_scene')).toBeNull();
  });

  it('stands down on cancel, and is freed on close', () => {
    expect(teamStatusOnStandDown('dispatched', false)).toBe('available');
    expect(teamStatusOnStandDown('on_scene', false)).toBe('returning');
    expect(teamStatusOnStandDown('returning', false)).toBeNull();
    expect(teamStatusOnStandDown('returning', true)).toBe('available');
    expect(teamStatusOnStandDown('available', true)).toBeNull();
  });
});
