import {
  BAZHOU_COMMAND_STRUCTURE,
  BAZHOU_RESCUE_TEAMS,
  rescueTeamUnit,
  SAMPLE_PLAN,
  UnitRecord,
} from '@erp/domain';
import { DistrictSheets, ImportKind, sheetsOf } from './district-sheets';
import { planImport } from './plan-import';

/** The sample district as stored: every unit in service at revision 1, teams under the command room. */
const records: UnitRecord[] = [
  ...BAZHOU_COMMAND_STRUCTURE.units.map((unit) => ({
    unit,
    team: null,
    revision: 1,
    updatedAt: new Date(0),
    retiredAt: null,
  })),
  ...BAZHOU_RESCUE_TEAMS.map((team) => ({
    unit: rescueTeamUnit(team, { parentId: 'district-command-room' }),
    team,
    revision: 1,
    updatedAt: new Date(0),
    retiredAt: null,
  })),
];

function sheetsFrom(rows: Partial<Record<ImportKind, Record<string, string>[]>>): DistrictSheets {
  const out: DistrictSheets = {};
  for (const kind of Object.keys(rows) as ImportKind[]) {
    out[kind] = (rows[kind] ?? []).map((cells, i) => ({ row: i + 2, cells }));
  }
  return out;
}

const none = { units: 0, people: 0, rosters: 0, teams: 0 };

describe('planImport', () => {
  it('finds nothing to do in the export of what is stored', () => {
    const planned = planImport(sheetsFrom(sheetsOf(records)), records, SAMPLE_PLAN);
    expect(planned.errors).toEqual([]);
    expect([planned.created, planned.changed, planned.retired]).toEqual([none, none, none]);
    expect(planned.change).toEqual({ create: [], update: [], retire: [] });
  });

  it('retires the teams a teams sheet leaves out, and only them', () => {
    const rows = sheetsOf(records);
    const left = rows.teams.slice(1);
    const planned = planImport(sheetsFrom({ ...rows, teams: left }), records, SAMPLE_PLAN);
    expect(planned.errors).toEqual([]);
    expect(planned.retired.teams).toBe(1);
    expect(planned.change.retire).toEqual([BAZHOU_RESCUE_TEAMS[0].id]);
  });

  it('names every bad cell at once, and plans no change then', () => {
    const rows = sheetsOf(records);
    rows.teams.push({ ...rows.teams[0], 队伍名称: '新队', 能力: 'drone、teleport', 车辆类型: '飞船' });
    rows.teams.push({ ...rows.teams[0], 队伍名称: '外地队', 基地纬度: '39.9', 基地经度: '116.4' });
    rows.units.push({ ...rows.units[0], 单位名称: rows.units[1]['单位名称'] });
    rows.people.push({
      姓名: '张三',
      用户名: 'zhang',
      手机: '1234',
      所属单位: '不存在的单位',
      职务: '值班员',
    });
    const planned = planImport(sheetsFrom(rows), records, SAMPLE_PLAN);
    const at = planned.errors.map((e) => `${e.sheet}!${e.column}${e.row}`);
    const teamRow = rows.teams.length; // the last two rows, the heading being row 1
    expect(at).toEqual(
      expect.arrayContaining([
        `队伍!车辆类型${teamRow}`,
        `队伍!基地纬度${teamRow + 1}`,
        `单位!单位名称${rows.units.length + 1}`,
        `人员!所属单位${rows.people.length + 1}`,
      ]),
    );
  });

  it('refuses an unknown capability and an unknown township with their cells', () => {
    const rows = sheetsOf(records);
    rows.teams.push({ ...rows.teams[0], 队伍名称: '新队', 能力: 'drone、teleport', 所属乡镇: '511902999' });
    const planned = planImport(sheetsFrom({ teams: rows.teams }), records, SAMPLE_PLAN);
    const row = rows.teams.length + 1;
    expect(planned.errors.map((e) => [e.column, e.row])).toEqual(
      expect.arrayContaining([
        ['能力', row],
        ['所属乡镇', row],
      ]),
    );
  });

  it('keeps members on a roster only while they are listed, and counts who joins and leaves', () => {
    const rows = sheetsOf(records);
    const office = rows.units.find((u) => u['单位类型'] === '乡镇应急办') as Record<string, string>;
    const leaving = rows.people.find((p) => p['所属单位'] === office['单位名称']) as Record<string, string>;
    const people = rows.people.filter((p) => p !== leaving);
    people.push({
      姓名: '新人',
      用户名: 'newcomer',
      手机: '13912345678',
      所属单位: office['单位名称'],
      职务: '值班员',
    });
    const planned = planImport(sheetsFrom({ people }), records, SAMPLE_PLAN);
    expect(planned.errors).toEqual([]);
    expect(planned.created.people).toBe(1);
    expect(planned.retired.people).toBe(1);
    const unit = planned.change.update.find((w) => w.unit.name === office['单位名称'])?.unit;
    expect(unit?.members.map((m) => m.userName)).toContain('newcomer');
    expect(unit?.roster.some((w) => w.userName === leaving['用户名'])).toBe(false);
  });
});
