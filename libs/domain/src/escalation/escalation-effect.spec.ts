import { BAZHOU_COMMAND_STRUCTURE as REG } from '../command-structure/bazhou-command-structure';
import { CommandUnit } from '../command-structure/command-unit';
import { escalationUnit, leaderEffect, renotifyEffect } from './escalation-effect';

const office = REG.byId('township-office-511902001')!;
const at = new Date('2026-03-02T02:00:00.000Z'); // Monday 10:00 in Bazhong

describe('what a ladder step reaches', () => {
  it('finds the unit of each task_unit target for an incident', () => {
    const fire = { type: 'fire', category: 'accident_disaster' };
    expect(
      escalationUnit({ action: 'task_unit', afterSeconds: 0, target: 'command_room' }, REG, fire),
    ).toMatchObject({
      id: 'district-command-room',
    });
    expect(
      escalationUnit({ action: 'task_unit', afterSeconds: 0, target: 'committee' }, REG, fire),
    ).toMatchObject({
      kind: 'committee',
    });
    expect(
      escalationUnit({ action: 'task_unit', afterSeconds: 0, target: 'special_hq_of_type' }, REG, fire),
    ).toMatchObject({
      kind: 'special_hq',
    });
    expect(
      escalationUnit({ action: 'task_unit', afterSeconds: 0, target: 'unit', unitId: 'nope' }, REG, fire),
    ).toMatch(/unknown unit nope/);
  });

  it('re-notifies the members on duty now, or names the duty line when the roster covers nobody', () => {
    const effect = renotifyEffect(office, office.id, at);
    expect(effect.unitId).toBe(office.id);
    expect((effect.userNames?.length ?? 0) > 0 || /值班电话/.test(effect.note ?? '')).toBe(true);
    const empty: CommandUnit = { ...office, roster: [] };
    expect(renotifyEffect(empty, office.id, at)).toEqual({
      unitId: office.id,
      note: `值班电话 ${office.contact.phone}`,
    });
    expect(renotifyEffect(undefined, 'gone', at).note).toMatch(/not on record/);
  });

  it('tells the head or deputy, on duty first, else any on record, else says there is none', () => {
    const unit: CommandUnit = {
      ...office,
      roster: [],
      members: [
        { userName: 'clerk', displayName: '办事员', role: 'duty_officer' },
        { userName: 'boss', displayName: '主任', role: 'head' },
      ],
    };
    expect(leaderEffect(unit, unit.id, at)).toEqual({ unitId: unit.id, userNames: ['boss'] });
    const leaderless = { ...unit, members: unit.members.slice(0, 1) };
    expect(leaderEffect(leaderless, unit.id, at).note).toMatch(/no leader on record/);
  });
});
