import {
  bazhouOutline,
  BAZHOU_COMMAND_STRUCTURE,
  BAZHOU_RESCUE_TEAMS,
  checkTeamFields,
  rescueTeamUnit,
  SAMPLE_PLAN,
  UnitRecord,
} from '@erp/domain';
import { checkStructureChange } from './structure-change';

const record = (unit: UnitRecord['unit'], team: UnitRecord['team'] = null): UnitRecord => ({
  unit,
  team,
  revision: 1,
  updatedAt: new Date(0),
  retiredAt: null,
});
const records: UnitRecord[] = [
  ...BAZHOU_COMMAND_STRUCTURE.units.map((u) => record(u)),
  ...BAZHOU_RESCUE_TEAMS.map((t) => record(rescueTeamUnit(t, { parentId: 'district-command-room' }), t)),
];
const [firstTeam] = BAZHOU_RESCUE_TEAMS;
const change = (retire: string[]) => ({ create: [], update: [], retire });

describe('checkStructureChange', () => {
  it('retires a team at base', () => {
    expect(checkStructureChange(records, change([firstTeam.id]), SAMPLE_PLAN).ok).toBe(true);
  });

  it('refuses to retire a team on a task, a township office, the committee, or a parent of units in service', () => {
    const onTask = records.map((r) =>
      r.team?.id === firstTeam.id ? { ...r, team: { ...firstTeam, status: 'en_route' as const } } : r,
    );
    const checked = checkStructureChange(
      onTask,
      change([firstTeam.id, 'township-office-511902001', 'district-emergency-committee']),
      SAMPLE_PLAN,
    );
    expect(checked.ok).toBe(false);
    const errors = checked.ok ? [] : checked.errors;
    for (const at of ['/retire/0', '/retire/1', '/retire/2']) {
      expect(errors.some((e) => e.pointer === at)).toBe(true);
    }
    // Units answering to a retired one are named where they are.
    expect(errors.some((e) => e.pointer.endsWith('/parentId'))).toBe(true);
  });

  it('refuses what would break the current plan', () => {
    const department = BAZHOU_COMMAND_STRUCTURE.units.find(
      (u) => u.kind === 'department' && u.responsibleFor?.types?.length,
    );
    const checked = checkStructureChange(records, change([department!.id]), SAMPLE_PLAN);
    // A department the plan needs for its types: retiring it leaves the types with no department.
    expect(checked.ok ? [] : checked.errors.map((e) => e.pointer)).toContain('/plan');
  });
});

describe('checkTeamFields', () => {
  const fields = {
    level: 'township',
    kind: 'cadre',
    base: { lat: 31.86, lon: 106.775 },
    vehicleClass: 'suv',
    capabilities: ['drone'],
    equipment: ['无人机'],
    members: 8,
  };

  it('takes a team inside the district with known capabilities', () => {
    expect(checkTeamFields(fields, bazhouOutline()).ok).toBe(true);
  });

  it('lists every error: unknown capability, a capability twice, a base outside the outline', () => {
    const checked = checkTeamFields(
      { ...fields, capabilities: ['drone', 'drone', 'teleport'], base: { lat: 31.9, lon: 107.5 } },
      bazhouOutline(),
    );
    expect(checked.ok ? [] : checked.errors.map((e) => e.pointer).sort()).toEqual([
      '/team/base',
      '/team/capabilities',
      '/team/capabilities/2',
    ]);
  });
});
