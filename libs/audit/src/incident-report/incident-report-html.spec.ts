import { IncidentState, Task, TaskState, timelineView } from '@erp/domain';
import { beijingTime, escapeHtml, incidentReportHtml } from './incident-report-html';

const AT = new Date('2026-03-01T08:00:00.000Z');
const after = (s: number) => new Date(AT.getTime() + s * 1000);
const INCIDENT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const incident: IncidentState = {
  id: INCIDENT,
  status: 'closed',
  type: 'fire',
  category: 'accident_disaster',
  tier: 'T2_GENERAL',
  level: 'IV',
  reasons: ['死亡 1 人 → 一般（IV）'],
  ruleSetVersion: 'cn-national/2024.1',
  townshipCode: '511902001',
  location: null,
  anchor: null,
  description: '民房起火 <script>alert(1)</script>',
  openedAt: AT,
  lastAlarmAt: AT,
  exercise: false,
  facts: {},
  hazardPointId: null,
  pendingDowngrade: null,
  reportedUpAt: null,
  closedAt: after(3600),
  closedBy: 'commander',
  outcome: '处置完毕',
  closeSummary: '明火扑灭',
  timeScale: null,
};

function task(): TaskState {
  const t = Task.dispatch(
    {
      id: '7c9e6679-7425-40de-944b-000000000001',
      incidentId: INCIDENT,
      unitId: 'township-office-511902001',
      role: 'lead',
      deadlines: { ack: 300, depart: 300, arrive: 900 },
      escalationStep: 0,
      escalatedFromTaskId: null,
      clauseId: 'c',
      planVersion: 'p',
    },
    AT,
  );
  const officer = { userId: 'u', username: 'duty', unitIds: ['township-office-511902001'] };
  t.acknowledge(officer, after(60));
  t.depart(officer, after(400)); // 100 s late
  return t.snapshot();
}

describe('incidentReportHtml', () => {
  const html = incidentReportHtml({
    record: { incident, alarms: [], tasks: [task()], reports: [] },
    timeline: timelineView({
      incidentId: INCIDENT,
      entries: [],
      sealed: { links: [], before: null, after: null },
    }),
    unitName: (id) => (id === 'township-office-511902001' ? '东城街道应急管理办公室' : undefined),
    generatedAt: after(7200),
  });

  it('is a Chinese page that prints on A4, with nothing fetched from elsewhere', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toMatch(/<link|<script|src=|url\(|@import/i);
    expect(html).toContain('突发事件处置报告');
  });

  it('shows the facts in Beijing time and escapes what people typed', () => {
    expect(html).toContain('东城街道');
    expect(html).toContain('一般，国家分级 IV 级');
    expect(html).toContain(beijingTime(AT));
    expect(html).toContain('2026-03-01 16:00:00');
    expect(html).toContain('民房起火 &#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('counts deadlines met and missed, and says by how much one was late', () => {
    expect(html).toContain('按时 1 项，超时 1 项');
    expect(html).toContain('超时完成（迟 1 分 40 秒）');
    expect(html).toContain('东城街道应急管理办公室');
  });

  it('states the verification of the timeline', () => {
    expect(html).toContain('哈希链完整：0 条记录');
    expect(html).toContain('尚未封存检查点');
  });
});

describe('escapeHtml and beijingTime', () => {
  it('escapes the five characters and shows UTC+8', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    expect(beijingTime('2026-12-31T23:30:00.000Z')).toBe('2027-01-01 07:30:00');
    expect(beijingTime(null)).toBe('—');
  });
});
