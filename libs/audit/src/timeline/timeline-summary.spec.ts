import type { Actor, EventType } from '@erp/contracts';
import { summarize } from './timeline-summary';

const system: Actor = { kind: 'system', id: 'escalation' };
const officer: Actor = { kind: 'user', id: 'u-1', name: '张三', unitId: 'township-office-511902101' };
const CJK = /[\u4e00-\u9fff]/;

const WARNING = {
  event: '暴雨',
  colour: 'orange',
  areaDescription: '巴州区',
  expiresAt: '2026-07-06T12:00:00.000Z',
  revision: 0,
};
const TASK = {
  hazardPointId: 'HP-01',
  hazardPointName: '（虚构）示例滑坡',
  action: 'patrol',
  assigneeUserName: 'monitor-01',
};

describe('summarize', () => {
  const cases: [EventType, Record<string, unknown>, string[]][] = [
    [
      'AlarmReceived',
      { source: '119-center', type: 'landslide', externalId: 'EXT-9', townshipCode: '511902101' },
      ['接报', '119-center', 'landslide', 'EXT-9'],
    ],
    [
      'IncidentOpened',
      { type: 'flood', townshipCode: '511902107', alarmSource: '110-center' },
      ['立案', 'flood', '511902107', '110-center'],
    ],
    ['IncidentClassified', { tier: 'T2_GENERAL', level: 'IV' }, ['定级', 'T2_GENERAL', 'IV']],
    [
      'TaskDispatched',
      {
        unitId: 'township-office-511902101',
        role: 'lead',
        ackDeadlineAt: '2026-03-01T08:05:00.000Z',
        clauseId: 't1-township-office-leads',
        planVersion: 'seed-2020/2',
      },
      [
        '派发',
        'township-office-511902101',
        'lead',
        '2026-03-01T08:05:00.000Z',
        'seed-2020/2',
        't1-township-office-leads',
      ],
    ],
    [
      'TaskDispatched',
      {
        unitId: 'team-district-fire-brigade',
        role: 'support',
        ackDeadlineAt: '2026-03-01T08:05:00.000Z',
        clauseId: 't1-capabilities-fire',
        planVersion: 'seed-2020/2',
        etaSeconds: 610,
      },
      ['派发', 'team-district-fire-brigade', '预计 10 分钟到达'],
    ],
    [
      'RescueCircleBreachPredicted',
      {
        circleSeconds: 900,
        bestEtaSeconds: 1260,
        clauseId: 't1-capabilities-flood',
      },
      ['15 分钟', '最快 21 分钟', 't1-capabilities-flood'],
    ],
    [
      'TaskAcknowledged',
      { unitId: 'township-office-511902101', late: false },
      ['签收', 'township-office-511902101'],
    ],
    [
      'TaskEscalated',
      {
        unitId: 'township-office-511902101',
        deadline: 'ack',
        step: 3,
        action: 'task_unit',
        target: { unitId: 'district-command-room' },
      },
      ['逐级上报第 3 步', '签收超时', '上级单位督办', 'district-command-room'],
    ],
    [
      'TaskEscalated',
      {
        unitId: 'team-x',
        deadline: 'arrive',
        step: 1,
        action: 'renotify',
        target: { userNames: ['a', 'b'] },
      },
      ['再次通知', 'a、b', '到达超时'],
    ],
    [
      'TaskDeadlineMissed',
      {
        unitId: 'district-command-room',
        deadline: 'depart',
        deadlineAt: '2026-03-01T08:10:00.000Z',
        late: true,
        lateMs: 68_000,
      },
      ['超时', 'district-command-room', '出发', '迟 68 秒'],
    ],
    [
      'TaskArrived',
      { unitId: 'team-x', secondsFromDispatch: 540, late: false },
      ['到达现场', 'team-x', '9 分钟'],
    ],
    ['TaskDeclined', { unitId: 'team-x', reason: '车辆故障' }, ['拒绝', '车辆故障']],
    [
      'TaskReported',
      { unitId: 'team-x', text: '2 人受伤', first: true, late: false },
      ['情况报告', '2 人受伤'],
    ],
    ['IncidentClosed', { outcome: '处置完毕', summary: '' }, ['结案', '处置完毕']],
    [
      'WarningIssued',
      { ...WARNING, source: 'weather', sender: '巴州区气象台' },
      ['发布预警', '暴雨橙色预警', '巴州区', '2026-07-06T12:00:00.000Z', '巴州区气象台'],
    ],
    ['WarningAmended', { ...WARNING, colour: 'red', revision: 1 }, ['预警变更', '第 1 版', '暴雨红色预警']],
    ['WarningEnded', { reason: 'expired', endedAt: '2026-07-06T12:00:00.000Z' }, ['预警到期解除']],
    ['WarningEnded', { reason: 'cancelled' }, ['预警解除', '取消']],
    [
      'WarningTaskAssigned',
      { ...TASK, assigneeRole: 'monitor', acknowledgeDueAt: '2026-07-06T00:30:00.000Z' },
      ['预警任务', '（虚构）示例滑坡（HP-01）巡查', 'monitor-01（监测员）', '签收时限'],
    ],
    ['WarningTaskAcknowledged', { ...TASK, late: true }, ['签收预警任务', '巡查', '超时签收']],
    ['WarningTaskCompleted', { ...TASK, late: false }, ['完成预警任务', '巡查']],
    ['WarningTaskStoodDown', { ...TASK, reason: '预警已解除' }, ['预警任务撤回', '预警已解除']],
    [
      'WarningTaskEscalated',
      {
        ...TASK,
        deadline: 'ack',
        step: 2,
        ladderAction: 'notify_township_office',
        target: 'township-office-511902101',
      },
      ['逐级上报第 3 步', '签收超时', '通知乡镇应急办', 'township-office-511902101'],
    ],
  ];

  it.each(cases)('summarises %s in Chinese with its key facts', (type, payload, expected) => {
    const line = summarize(type, payload, system);
    expect(line).toMatch(CJK);
    for (const part of expected) expect(line).toContain(part);
    expect(line).not.toContain('undefined');
  });

  it('names units by their Chinese names when it knows them, with the id beside', () => {
    const names = (id: string) => (id === 'district-command-room' ? '巴州区应急指挥中心' : undefined);
    const line = summarize(
      'TaskDispatched',
      {
        unitId: 'district-command-room',
        role: 'notify',
        ackDeadlineAt: 'T',
        clauseId: 'c',
        planVersion: 'v',
      },
      system,
      names,
    );
    expect(line).toContain('巴州区应急指挥中心（district-command-room）');
    expect(summarize('TaskAcknowledged', { unitId: 'x', late: false }, officer, names)).toContain('签收：x');
  });

  it('names the officer who acknowledged, by display name', () => {
    const line = summarize('TaskAcknowledged', { unitId: 'township-office-511902101', late: false }, officer);
    expect(line).toContain('张三');
    expect(line).not.toContain('超时');
  });

  it('falls back to the user id without a display name', () => {
    const line = summarize('TaskAcknowledged', { unitId: 'x', late: false }, { kind: 'user', id: 'u-42' });
    expect(line).toContain('u-42');
  });

  it('marks a late acknowledgement', () => {
    expect(summarize('TaskAcknowledged', { unitId: 'x', late: true }, officer)).toContain('超时签收');
  });

  it('leaves the level out of an unlevelled classification', () => {
    const line = summarize('IncidentClassified', { tier: 'T1_MINOR', level: null }, system);
    expect(line).toContain('T1_MINOR');
    expect(line).not.toContain('级）');
    expect(line).not.toContain('null');
  });

  it('gives the reasons of the classifier for a grade and a regrade', () => {
    const reasons = ['死亡 3 人 → 较大（III）', '靠近重大隐患点'];
    const classified = summarize('IncidentClassified', { tier: 'T3_MAJOR', level: 'III', reasons }, system);
    expect(classified).toContain('依据：死亡 3 人 → 较大（III）；靠近重大隐患点');
    const upgraded = summarize(
      'IncidentReclassified',
      {
        from: { tier: 'T1_MINOR', level: null },
        to: { tier: 'T3_MAJOR', level: 'III' },
        reasons,
        confirmedBy: null,
      },
      system,
    );
    expect(upgraded).toContain('升级');
    expect(upgraded).toContain('依据：死亡 3 人');
  });

  it('summarises an alarm receipt without the source’s own id', () => {
    const line = summarize('AlarmReceived', { source: 'sensor-7', type: 'flood' }, system);
    expect(line).toBe('接报：sensor-7 报警 flood');
  });
});
