import { EventPayloads } from '@erp/contracts';
import type { CommandUnit } from '../command-structure/command-unit';
import type { HazardPointRecord } from '../hazard/hazard-point';
import { notifiableEvents, notificationOf, RecipientDirectory } from './notification';

const OFFICE: CommandUnit = {
  id: 'township-office-511902001',
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

const POINT: HazardPointRecord = {
  id: 'HP-01',
  name: '（虚构）东城滑坡隐患点',
  kind: 'landslide',
  townshipCode: '511902001',
  position: { lat: 31.86, lon: 106.77 },
  riskGrade: 'high',
  threatenedPersons: 12,
  threatenedHouseholds: 4,
  responsiblePersons: [
    { role: 'monitor', name: '监测员 钱七', phone: '13700000001', userName: 'monitor-1' },
    { role: 'person_in_charge', name: '责任人 孙八', phone: '13700000002', userName: 'in-charge-1' },
  ],
  sample: true,
  revision: 0,
};
const WARNING_TASK = {
  warningId: '3f1c2a4e-0000-4000-8000-0000000000bb',
  taskId: '3f1c2a4e-0000-4000-8000-0000000000cc',
  hazardPointId: POINT.id,
  hazardPointName: POINT.name,
  townshipCode: POINT.townshipCode,
  action: 'patrol',
  assigneeUserName: 'monitor-1',
};

const directory = (at: string, incidentUnits: string[] = []): RecipientDirectory => ({
  unit: (id) => [OFFICE, TEAM_WITHOUT_ROSTER].find((u) => u.id === id),
  incidentUnits,
  hazardPoint: (id) => (id === POINT.id ? POINT : undefined),
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
    expect(leader.text).toBe('【通知带班领导】东城街道应急管理办公室 任务签收超时，请督促处理');
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
    expect(tasked.text).toBe('【上级督办】东城救援队：请督办 东城街道应急管理办公室 的任务（签收超时）');
  });

  it('tells a close to every unit of the incident, each person once', () => {
    const n = notificationOf(
      fact('IncidentClosed', { outcome: '已处置', summary: '' }),
      directory('2026-12-07T02:00:00Z', [OFFICE.id, TEAM_WITHOUT_ROSTER.id, OFFICE.id]),
    )!;
    expect(n.recipients.map((r) => r.name)).toEqual(['白班 张三', '队长 赵六']);
  });

  it("tells a warning task to its hazard point's person, on their phone, under the point's township office", () => {
    const n = notificationOf(
      {
        ...fact('WarningTaskAssigned', { ...WARNING_TASK, acknowledgeDueAt: '2026-12-07T02:30:00.000Z' }),
        incidentId: null,
      },
      directory('2026-12-07T02:00:00Z'),
    )!;
    expect(n.incidentId).toBeNull();
    expect(n.warningId).toBe(WARNING_TASK.warningId);
    expect(n.text).toBe(
      '【预警任务】（虚构）东城滑坡隐患点 巡查：请签收并执行，签收时限 2026-12-07T02:30:00.000Z',
    );
    expect(n.recipients).toEqual([
      {
        unitId: OFFICE.id,
        name: '监测员 钱七',
        phone: '13700000001',
        userName: 'monitor-1',
        role: 'monitor',
      },
    ]);
  });

  it("tells each rung of a warning task's ladder to whom it names: the person, the person in charge, the office", () => {
    const rung = (ladderAction: string, target: string) =>
      notificationOf(
        fact('WarningTaskEscalated', {
          ...WARNING_TASK,
          deadline: 'ack',
          step: 0,
          ladderAction,
          target,
          last: false,
        }),
        directory('2026-12-07T02:00:00Z'),
      )!;
    expect(rung('renotify_assignee', 'monitor-1').recipients.map((r) => r.userName)).toEqual(['monitor-1']);
    const inCharge = rung('notify_person_in_charge', 'in-charge-1');
    expect(inCharge.recipients.map((r) => r.userName)).toEqual(['in-charge-1']);
    expect(inCharge.text).toBe(
      '【预警任务督促】（虚构）东城滑坡隐患点 巡查（monitor-1）任务签收超时，请督促处理',
    );
    // 10:00 Beijing time: the day shift.
    expect(rung('notify_township_office', OFFICE.id).recipients.map((r) => r.userName)).toEqual(['day-1']);
  });

  it('tells the township office on duty when the point no longer names the person', () => {
    const n = notificationOf(
      fact('WarningTaskAssigned', { ...WARNING_TASK, assigneeUserName: 'gone-1', acknowledgeDueAt: '' }),
      directory('2026-12-07T02:00:00Z'),
    )!;
    expect(n.recipients.map((r) => r.userName)).toEqual(['day-1']);
  });

  it('tells nothing of events outside the list, and every listed name is an event of the contracts', () => {
    expect(notificationOf(fact('TaskAcknowledged', {}), directory('2026-12-07T02:00:00Z'))).toBeNull();
    expect(notifiableEvents()).toEqual(
      expect.arrayContaining([
        'IncidentClosed',
        'TaskDeadlineMissed',
        'TaskDispatched',
        'TaskEscalated',
        'WarningTaskAssigned',
        'WarningTaskEscalated',
      ]),
    );
    for (const e of notifiableEvents()) expect(Object.keys(EventPayloads)).toContain(e);
  });
});
