import { CommandUnit, onDutyAt } from '../command-structure/command-unit';
import { UnitRegistry } from '../command-structure/unit-registry';
import { UnitIds } from '../district/district';
import type { EscalationEffect } from '../task/task';
import { LadderStep } from './escalation-ladder';

/** The unit a `task_unit` step names for an incident, or why there is none. */
export function escalationUnit(
  step: LadderStep,
  registry: UnitRegistry,
  incident: { type: string; category: string | null },
): CommandUnit | string {
  switch (step.target) {
    case 'command_room':
      return registry.byId(UnitIds.districtCommandRoom) ?? '指挥中心未登记 no command room on record';
    case 'committee':
      return registry.committee() ?? '区应急委未登记 no committee on record';
    case 'special_hq_of_type':
      return (
        registry.specialHqFor(incident.type, incident.category) ??
        `无对应专项指挥部 no special HQ commands ${incident.type}`
      );
    case 'unit':
      return registry.byId(step.unitId ?? '') ?? `未知单位 unknown unit ${step.unitId}`;
    default:
      return 'task_unit 未指定对象 the step names no target';
  }
}

/** 再次通知: the unit's members on duty now (its roster), else its duty line. */
export function renotifyEffect(unit: CommandUnit | undefined, unitId: string, at: Date): EscalationEffect {
  if (!unit) return { unitId, note: '单位未登记 unit not on record' };
  const duty = onDutyAt(unit, at);
  return duty.source === 'roster'
    ? { unitId, userNames: duty.members.map((m) => m.userName) }
    : { unitId, note: `值班电话 ${duty.contact.phone}` };
}

/** 通知带班领导: the unit's head or deputy on duty now, else any of them on record. */
export function leaderEffect(unit: CommandUnit | undefined, unitId: string, at: Date): EscalationEffect {
  if (!unit) return { unitId, note: '单位未登记 unit not on record' };
  const isLeader = (role: string) => role === 'head' || role === 'deputy';
  const duty = onDutyAt(unit, at);
  const onDuty = duty.source === 'roster' ? duty.members.filter((m) => isLeader(m.role)) : [];
  const leaders = onDuty.length ? onDuty : unit.members.filter((m) => isLeader(m.role));
  return leaders.length
    ? { unitId, userNames: leaders.map((m) => m.userName) }
    : { unitId, note: `无领导登记，值班电话 ${unit.contact.phone} no leader on record` };
}
