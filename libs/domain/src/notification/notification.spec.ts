import { EventPayloads } from '@erp/contracts';
import type { CommandUnit } from '../command-structure/command-unit';
import { notifiableEvents, notificationOf, RecipientDirectory } from './notification';

const OFFICE: CommandUnit = {
  id: 'township-office-1',
  kind: 'township_office',
  name: '东城街道应急管理办公室',
  townshipCode: '511902001',
  contact: { name: '值班室', phone: '0827-5000001' },
  members: [
    { userName: 'day-1', displayName: '白班 张三', role: 'duty_officer', phone: '13800000001' },
    { userName: 'night-1', displayName: '夜班 李四', role: 'duty_officer', phone: '13800000002' },
    { userName: 'head-1', displayName: '主任 王五', role: 'head', phone: '13800000003' },
  ],
  // Beijing time: the day shift 08:00–20:00, the night shift 20:00–08:00.
  roster: [
    { kind: 'weekly', userName: 'day-1', start: '08:00', end: '20:00' },
    { kind: 'weekly', userName: 'night-1', start: '20:00', end: '08:00' },
  ],
};
const TEAM_WITHOUT_ROSTER: CommandUnit = {
  id: 'team-1',
  kind: 'rescue_team',
  name: '东城救援队',
  contact: { name: '队长 赵六', phone: '13900000000' },
  members: [],
  roster: [],
};

const directory = (at: string, incidentUnits: string[] = []): RecipientDirectory => ({
  unit: (id) => [OFFICE, TEAM_WITHOUT_ROSTER].find((u) => u.id === id),
  incidentUnits,
  at: new Date(at),
});
const fact = (type: string, payload: Record<string, unknown>) => ({
  eventId: '3f1c2a4e-0000-4000-8000-000000000001',
  type,
  incidentId: '3f1c2a4e-0000-4000-8000-0000000000aa',
  occurredAt: '2026-12-07T02:00:00.000Z',
  payload,
});

describe('who is told of what (notification rules)', () => {
  it('tells a dispatched task to the unit members on duty at that hour, with their phones', () => {
    const day = notificationOf(
      fact('TaskDispatched', { unitId: OFFICE.id, role: 'lead', ackDeadlineAt: '2026-12-07T02:05:00Z' }),
      directory('2026-12-07T02:00:00Z'), // 10:00 in Bazhong
    )!;
    expect(day.recipients).toEqual([
      { unitId: OFFICE.id, name: '白班 张三', phone: '13800000001', userName: 'day-1', role: 'duty_officer' },
    ]);
    expect(day.text).toContain('东城街道应急管理办公室');
    expect(day.id).toBe('3f1c2a4e-0000-4000-8000-000000000001');
    const night = notificationOf(
      fact('TaskDispatched', { unitId: OFFICE.id, role: 'lead', ackDeadlineAt: '2026-12-07T15:05:00Z' }),
      directory('2026-12-07T15:00:00Z'), // 23:00
    )!;
    expect(night.recipients.map((r) => r.userName)).toEqual(['night-1']);
  });

  it('reaches a unit nobody is rostered for on its own line', () => {
    const n = notificationOf(
      fact('TaskDeadlineMissed', { unitId: TEAM_WITHOUT_ROSTER.id, deadline: 'ack', deadlineAt: 'x' }),
      directory('2026-12-07T02:00:00Z'),
    )!;
    expect(n.recipients).toEqual([
      { unitId: 'team-1', name: '队长 赵六', phone: '13900000000', userName: null, role: 'unit_line' },
    ]);
  });

  it('tells an escalation step to the members it names (the leader), else to the unit it tasked', () => {
    const leader = notificationOf(
      fact('TaskEscalated', {
        unitId: OFFICE.id,
        step: 2,
        deadline: 'ack',
        action: 'notify_leader',
        target: { unitId: OFFICE.id, userNames: ['head-1'] },
      }),
      directory('2026-12-07T02:00:00Z'),
    )!;
    expect(leader.recipients.map((r) => [r.userName, r.phone])).toEqual([['head-1', '13800000003']]);
    const tasked = notificationOf(
      fact('TaskEscalated', {
        unitId: OFFICE.id,
        step: 3,
        deadline: 'ack',
        action: 'task_unit',
        target: { unitId: TEAM_WITHOUT_ROSTER.id },
      }),
      directory('2026-12-07T02:00:00Z'),
    )!;
    expect(tasked.recipients.map((r) => r.unitId)).toEqual(['team-1']);
  });

  it('tells a close to every unit of the incident, each person once', () => {
    const n = notificationOf(
      fact('IncidentClosed', { outcome: '已处置', summary: '' }),
      directory('2026-12-07T02:00:00Z', [OFFICE.id, TEAM_WITHOUT_ROSTER.id, OFFICE.id]),
    )!;
    expect(n.recipients.map((r) => r.name)).toEqual(['白班 张三', '队长 赵六']);
  });

  it('tells nothing of events outside the list, and every listed name is an event of the contracts', () => {
    expect(notificationOf(fact('TaskAcknowledged', {}), directory('2026-12-07T02:00:00Z'))).toBeNull();
    expect(notifiableEvents()).toEqual(
      expect.arrayContaining(['IncidentClosed', 'TaskDeadlineMissed', 'TaskDispatched', 'TaskEscalated']),
    );
    for (const e of notifiableEvents()) expect(Object.keys(EventPayloads)).toContain(e);
  });
});
