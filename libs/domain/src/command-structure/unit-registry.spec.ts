import { BAZHOU, UnitIds } from '../district/district';
import { INCIDENT_CATEGORIES, INCIDENT_TYPES } from '../classification/incident-types';
import { DomainError } from '../shared/domain-error';
import { CommandUnit, rescueTeamUnit } from './command-unit';
import { BAZHOU_COMMAND_STRUCTURE as REG } from './bazhou-command-structure';
import data from './bazhou-units.json';
import { DISTRICT_COMMITTEE_ID, UnitRegistry, validateCommandStructure } from './unit-registry';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw');
}

const unit = (over: Partial<CommandUnit> & Pick<CommandUnit, 'id' | 'kind'>): CommandUnit => ({
  name: '示例单位',
  contact: { name: '值班室', phone: '13800009999' },
  members: [],
  roster: [],
  ...over,
});

describe('the sample command structure (Bazhou)', () => {
  it('says it is fictional sample data', () => {
    expect(data.sample).toBe(true);
    expect(data.notice).toMatch(/FICTIONAL/);
    expect(data.notice).toMatch(/示例数据/);
  });

  it('has an emergency office for each of the 25 townships, under the ids the system already uses', () => {
    expect(BAZHOU.townships).toHaveLength(25);
    const offices = REG.ofKind('township_office');
    expect(offices).toHaveLength(25);
    for (const t of BAZHOU.townships) {
      const office = REG.townshipOffice(t.code);
      expect(office).toBeDefined();
      expect(office!.id).toBe(UnitIds.townshipOffice(t.code));
      expect(office!.name).toBe(`${t.name}应急管理办公室`);
      expect(office!.townshipCode).toBe(t.code);
      expect(office!.parentId).toBe(UnitIds.districtCommandRoom);
    }
    expect(REG.townshipOffice('511902999')).toBeUndefined();
  });

  it('has the committee (区应急委) at the root and the command room under it, both of kind committee', () => {
    expect(REG.committee()?.id).toBe(DISTRICT_COMMITTEE_ID);
    expect(REG.committee()?.name).toContain('区应急委');
    const room = REG.requireUnit(UnitIds.districtCommandRoom);
    expect(room).toMatchObject({
      kind: 'committee',
      parentId: DISTRICT_COMMITTEE_ID,
      name: '巴州区应急指挥中心',
    });
    expect(REG.ofKind('committee').map((u) => u.id)).toEqual([
      DISTRICT_COMMITTEE_ID,
      'district-command-room',
    ]);
  });

  it('has 18 special HQs (1+18), each under the committee', () => {
    const hqs = REG.ofKind('special_hq');
    expect(hqs).toHaveLength(18);
    for (const hq of hqs) {
      expect(hq.id).toMatch(/^special-hq-[a-z-]+$/);
      expect(hq.name).toMatch(/指挥部$/);
      expect(hq.parentId).toBe(DISTRICT_COMMITTEE_ID);
    }
    expect(REG.requireUnit('special-hq-flood').name).toBe('巴州区防汛抗旱指挥部');
    for (const id of [
      'special-hq-forest-fire',
      'special-hq-geological',
      'special-hq-hazmat',
      'special-hq-road-traffic',
      'special-hq-earthquake',
      'special-hq-food-drug',
      'special-hq-public-health',
      'special-hq-work-safety',
    ]) {
      expect(REG.byId(id)?.kind).toBe('special_hq');
    }
  });

  it('gives every incident type a department and a special HQ', () => {
    for (const [type, def] of Object.entries(INCIDENT_TYPES)) {
      expect(REG.departmentFor(type)?.kind).toBe('department');
      expect(REG.specialHqFor(type, def.category)?.kind).toBe('special_hq');
    }
    expect(REG.departmentFor('flood')?.id).toBe('dept-water');
    expect(REG.departmentFor('landslide')?.id).toBe('dept-natural-resources');
    expect(REG.departmentFor('building_collapse')?.name).toBe('巴州区住房和城乡建设局');
    expect(REG.departmentFor('no-such-type')).toBeUndefined();
    expect(REG.specialHqFor('flood', 'natural_disaster')?.id).toBe('special-hq-flood');
    expect(REG.specialHqFor('flood')?.id).toBe('special-hq-flood');
    expect(REG.specialHqFor('hazmat_leak')?.id).toBe('special-hq-hazmat');
    expect(REG.specialHqFor('traffic_accident')?.id).toBe('special-hq-road-traffic');
  });

  it('falls back to the special HQ of the category when no HQ commands the type', () => {
    expect(REG.specialHqFor('hailstorm', 'natural_disaster')?.id).toBe('special-hq-disaster-relief');
    expect(REG.specialHqFor('mine_flooding', 'accident_disaster')?.id).toBe('special-hq-work-safety');
    for (const category of Object.keys(INCIDENT_CATEGORIES)) {
      expect(REG.specialHqFor('unknown', category)).toBeDefined();
    }
    expect(REG.specialHqFor('unknown', null)).toBeUndefined();
    expect(REG.specialHqFor('unknown')).toBeUndefined();
  });

  it('keeps the fire brigade out of the departments (it is a rescue team, not this module’s)', () => {
    expect(REG.ofKind('department').some((d) => d.name.includes('消防'))).toBe(false);
    expect(REG.ofKind('rescue_team')).toEqual([]);
  });

  it('uses fictional 138-0000-xxxx phone numbers only, and rosters that name members', () => {
    for (const u of REG.units) {
      expect(u.contact.phone).toMatch(/^1380000\d{4}$/);
      const members = new Set(u.members.map((m) => m.userName));
      for (const w of u.roster) expect(members.has(w.userName)).toBe(true);
    }
    const phones = REG.units.map((u) => u.contact.phone);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('requireUnit throws COMMAND.UNKNOWN_UNIT for an unknown id', () => {
    expect(caught(() => REG.requireUnit('nope'))).toMatchObject({
      code: 'COMMAND.UNKNOWN_UNIT',
      kind: 'not_found',
    });
    expect(REG.byId('nope')).toBeUndefined();
    expect(REG.has('dept-water')).toBe(true);
  });
});

describe('UnitRegistry', () => {
  it('accepts rescue teams later, keeping their own fields, without changing the original registry', () => {
    const team = {
      ...unit({
        id: 'team-bazhou-blue-sky',
        kind: 'rescue_team',
        name: '巴州蓝天救援队',
        townshipCode: '511902001',
      }),
      capabilities: ['water_rescue', 'rope_rescue'],
      base: { lat: 31.86, lon: 106.77 },
    };
    const more = REG.with([team]);
    expect(more.ofKind('rescue_team')).toHaveLength(1);
    expect(more.byId('team-bazhou-blue-sky')).toBe(team);
    expect((more.byId('team-bazhou-blue-sky') as typeof team).capabilities).toEqual([
      'water_rescue',
      'rope_rescue',
    ]);
    expect(REG.byId('team-bazhou-blue-sky')).toBeUndefined();
    expect(() => REG.with([{ ...team, id: 'dept-water' }])).toThrow(DomainError);
  });

  it('takes a rescue-circle team record through rescueTeamUnit, keeping the record whole', () => {
    const record = {
      id: 'team-blue-sky',
      name: '巴州蓝天救援队',
      level: 'district',
      kind: 'social',
      members: 40,
      capabilities: ['water_rescue'],
      contact: { name: '蓝天救援队值班', phone: '13800009998' },
    };
    const more = REG.with([
      rescueTeamUnit(record, {
        parentId: 'district-command-room',
        members: [{ userName: 'blue-sky-duty', displayName: '蓝天值班', role: 'duty_officer' }],
        roster: [{ kind: 'weekly', userName: 'blue-sky-duty', start: '00:00', end: '00:00' }],
      }),
    ]);
    const unit = more.requireUnit('team-blue-sky') as ReturnType<typeof rescueTeamUnit<typeof record>>;
    expect(unit).toMatchObject({
      kind: 'rescue_team',
      name: '巴州蓝天救援队',
      parentId: 'district-command-room',
    });
    expect(unit.team).toBe(record);
    expect(unit.team.kind).toBe('social');
    expect(more.ofKind('rescue_team').map((u) => u.id)).toEqual(['team-blue-sky']);
  });

  it('refuses a broken structure, listing every error with its pointer', () => {
    const units: unknown[] = [
      unit({ id: 'root', kind: 'committee' }),
      unit({ id: 'root', kind: 'committee' }),
      unit({ id: 'orphan', kind: 'department', parentId: 'nowhere' }),
      unit({ id: 'office-x', kind: 'township_office', townshipCode: '511902101' }),
      unit({ id: 'dept-a', kind: 'department', responsibleFor: { types: ['flood'] } }),
      unit({ id: 'dept-b', kind: 'department', responsibleFor: { types: ['landslide', 'flood'] } }),
      unit({ id: 'dept-c', kind: 'department', responsibleFor: { categories: ['natural_disaster'] } }),
      unit({
        id: 'rostered',
        kind: 'department',
        members: [{ userName: 'a', displayName: '甲', role: 'duty_officer' }],
        roster: [
          { kind: 'weekly', userName: 'b', start: '08:00', end: '17:00' },
          {
            kind: 'dated',
            userName: 'a',
            from: '2026-01-02T00:00:00+08:00',
            to: '2026-01-01T00:00:00+08:00',
          },
        ],
      }),
      { id: 'shapeless', kind: 'ministry', name: '', members: [], roster: [] },
      unit({ id: 'second-root', kind: 'committee' }),
      unit({ id: 'team', kind: 'rescue_team', responsibleFor: { types: ['fire'] } }),
    ];
    const result = validateCommandStructure({ units });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { pointer: '/units/1/id', message: 'duplicate unit id "root" (first at /units/0)' },
      { pointer: '/units/2/parentId', message: 'unknown parent unit "nowhere"' },
      {
        pointer: '/units/3/id',
        message: 'a township office is named "township-office-511902101", not "office-x"',
      },
      {
        pointer: '/units/5/responsibleFor/types/1',
        message: 'type flood already has a department: "dept-a"',
      },
      {
        pointer: '/units/6/responsibleFor/categories',
        message: 'a department answers for incident types, not whole categories (a special HQ may)',
      },
      {
        pointer: '/units/7/roster/0/userName',
        message: 'the roster names "b", who is not a member of "rostered"',
      },
      { pointer: '/units/7/roster/1/to', message: 'a duty period must end after it starts' },
      expect.objectContaining({ pointer: '/units/8/contact' }),
      expect.objectContaining({ pointer: '/units/8/kind' }),
      expect.objectContaining({ pointer: '/units/8/name' }),
      {
        pointer: '/units/9/parentId',
        message: 'a second root committee "second-root" (the first is "root"); give it a parent',
      },
      {
        pointer: '/units/10/responsibleFor',
        message: 'a unit of kind rescue_team does not answer for incident types',
      },
    ]);
  });

  it('throws COMMAND.INVALID_STRUCTURE with every error in details', () => {
    const err = caught(
      () =>
        new UnitRegistry([
          unit({ id: 'a', kind: 'committee', parentId: 'b' }),
          unit({ id: 'b', kind: 'committee', parentId: 'a' }),
          unit({ id: 'c', kind: 'department', parentId: 'c' }),
        ]),
    ) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('COMMAND.INVALID_STRUCTURE');
    expect(err.details?.errors).toEqual([
      { pointer: '/units/0/parentId', message: 'unit "a" is its own ancestor (a cycle of parents)' },
      { pointer: '/units/1/parentId', message: 'unit "b" is its own ancestor (a cycle of parents)' },
      { pointer: '/units/2/parentId', message: 'unit "c" cannot be its own parent' },
    ]);
  });

  it('refuses unknown incident types and categories, and bad times, in the data', () => {
    const result = validateCommandStructure({
      units: [
        unit({
          id: 'hq',
          kind: 'special_hq',
          responsibleFor: { types: ['tsunami' as never], categories: ['war' as never] },
          members: [{ userName: 'a', displayName: '甲', role: 'liaison' }],
          roster: [{ kind: 'weekly', userName: 'a', start: '24:00', end: '25:00' }],
        }),
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.pointer)).toEqual([
      '/units/0/responsibleFor/categories/0',
      '/units/0/responsibleFor/types/0',
      '/units/0/roster/0/end',
      '/units/0/roster/0/start',
    ]);
    expect(result.errors[1].message).toBe('unknown incident type "tsunami"');
  });

  it('refuses a document without units', () => {
    expect(validateCommandStructure({ unit: [] })).toEqual({
      ok: false,
      errors: [{ pointer: '/units', message: expect.any(String) }],
    });
  });
});
