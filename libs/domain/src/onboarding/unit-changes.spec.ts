import type { CommandUnit } from '../command-structure/command-unit';
import type { RescueTeam } from '../rescue-circle/rescue-team';
import type { TeamFields } from './team-fields';
import { changedUnitFields } from './unit-changes';

const FIELDS: TeamFields = {
  level: 'township',
  kind: 'professional',
  base: { lat: 31.86, lon: 106.775 },
  vehicleClass: 'fire_engine',
  capabilities: ['drone'],
  equipment: ['无人机'],
  members: 12,
};
const UNIT: CommandUnit = {
  id: 'team-dongcheng',
  kind: 'rescue_team',
  name: '东城救援队',
  townshipCode: '511902001',
  parentId: 'township-office-511902001',
  contact: { name: '王队长', phone: '13800002001' },
  members: [{ userName: 'wang', displayName: '王队长', role: 'head' }],
  roster: [],
};
const STORED_TEAM: RescueTeam = {
  ...FIELDS,
  id: UNIT.id,
  name: UNIT.name,
  townshipCode: UNIT.townshipCode,
  contact: UNIT.contact,
  status: 'on_scene',
};
const STORED = { unit: UNIT, team: STORED_TEAM };

describe('which fields of a stored unit a change touches', () => {
  it("none when everything is as stored: the team's identity and live status are not its fields", () => {
    expect(changedUnitFields(STORED, { ...UNIT }, { ...FIELDS })).toEqual([]);
  });

  it("names the unit's fields that differ, and 'team' for its team's own fields", () => {
    const unit = { ...UNIT, name: '东城应急救援队', roster: [{ kind: 'weekly', userName: 'wang' }] };
    expect(
      changedUnitFields(STORED, unit as CommandUnit, { ...FIELDS, capabilities: ['drone', 'medical'] }),
    ).toEqual(['name', 'roster', 'team']);
  });

  it('takes an absent optional field for a null one', () => {
    const stored = { unit: { ...UNIT, note: undefined }, team: null };
    expect(changedUnitFields(stored, { ...UNIT, note: null } as unknown as CommandUnit, null)).toEqual([]);
  });
});
