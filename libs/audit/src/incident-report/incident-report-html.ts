import {
  BAZHOU,
  DEADLINE_KINDS,
  DEADLINE_NAMES_ZH as DEADLINE_ZH,
  IncidentRecord,
  INCIDENT_CATEGORIES,
  INCIDENT_TYPES,
  TaskDeadline,
  TaskState,
  TIER_MAPPING_V1,
  TimelineView,
} from '@erp/domain';

/** What the printable report shows: the incident's record and its verified timeline. */
export interface IncidentReportView {
  record: IncidentRecord;
  timeline: TimelineView;
  unitName: (id: string) => string | undefined;
  generatedAt: Date;
}

const STATUS_ZH: Record<string, string> = {
  open: '处置中',
  closed: '已结案',
  cancelled: '已撤销',
  dispatched: '已派发',
  acknowledged: '已签收',
  departed: '已出发',
  arrived: '已到达',
  completed: '已完成',
  declined: '已拒绝',
};
const ROLE_ZH: Record<string, string> = { lead: '牵头', support: '配合', notify: '知悉', supervise: '督办' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Beijing time (UTC+8, no daylight saving), as people in the district read it: 2026-03-01 16:05:09. */
export function beijingTime(at: Date | string | null): string {
  if (at === null) return '—';
  const shifted = new Date(new Date(at).getTime() + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`;
}

function duration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  const m = Math.floor(seconds / 60);
  return `${m} 分 ${String(seconds % 60).padStart(2, '0')} 秒`;
}

/** Missed: its timer fired first, or the move that met it came after it was due. */
function isMissed(d: TaskDeadline): boolean {
  return d.state === 'missed' || (d.metAt !== null && d.metAt.getTime() > d.dueAt.getTime());
}

/** A deadline for people: met in time, met late (by how much), missed, still watched, or stopped. */
function deadlineState(d: TaskDeadline): string {
  if (d.metAt) {
    const late = d.metAt.getTime() - d.dueAt.getTime();
    return late > 0 ? `超时完成（迟 ${duration(late)}）` : '按时';
  }
  if (d.state === 'missed') return '超时未完成';
  if (d.state === 'stopped') return '已终止';
  return '计时中';
}

const STYLE = `
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif;
  font-size: 10.5pt; line-height: 1.45; color: #000; margin: 0; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 4mm; }
h2 { font-size: 12.5pt; border-bottom: 1.5pt solid #000; margin: 6mm 0 2mm; padding-bottom: 1mm; page-break-after: avoid; }
p.meta { text-align: center; margin: 0 0 4mm; font-size: 9pt; }
table { width: 100%; border-collapse: collapse; margin-bottom: 2mm; }
th, td { border: 0.5pt solid #444; padding: 1mm 1.5mm; vertical-align: top; text-align: left; word-break: break-all; }
th { background: #eee; font-weight: bold; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
table.facts th { width: 24%; }
.missed { font-weight: bold; }
.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 8pt; }
.verdict { border: 1pt solid #000; padding: 2mm 3mm; margin: 3mm 0; }
@media screen { body { max-width: 210mm; margin: 8mm auto; padding: 0 10mm; } }
`;

function table(head: readonly string[], rows: readonly (readonly string[])[], cls = ''): string {
  const thead = `<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.length
    ? rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')
    : `<tr><td colspan="${head.length}">无</td></tr>`;
  return `<table${cls ? ` class="${cls}"` : ''}>${thead}<tbody>${body}</tbody></table>`;
}

/**
 * The incident report (突发事件处置报告) as one HTML page that prints on A4: its facts, alarms, tasks, every
 * deadline met or missed, the situation reports, and the timeline with its verification. Every style is
 * inline and nothing is fetched, so it prints the same offline. All text from the record is escaped.
 */
export function incidentReportHtml(view: IncidentReportView): string {
  const { incident, alarms, tasks, reports } = view.record;
  const e = (t: string | null | undefined) => escapeHtml(t ?? '—');
  const unit = (id: string) => {
    const name = view.unitName(id);
    return name ? `${e(name)}<br><span class="mono">${e(id)}</span>` : `<span class="mono">${e(id)}</span>`;
  };
  const typeName = INCIDENT_TYPES[incident.type as keyof typeof INCIDENT_TYPES]?.nameZh ?? incident.type;
  const category = incident.category
    ? (INCIDENT_CATEGORIES[incident.category as keyof typeof INCIDENT_CATEGORIES]?.nameZh ??
      incident.category)
    : null;
  const township = BAZHOU.township(incident.townshipCode)?.name ?? incident.townshipCode;
  const tier = TIER_MAPPING_V1.tierNamesZh[incident.tier];
  const facts: [string, string][] = [
    ['事件编号', `<span class="mono">${e(incident.id)}</span>`],
    ['事件类型', `${e(typeName)}${category ? `（${e(category)}）` : ''}`],
    ['属地乡镇', `${e(township)}（${e(incident.townshipCode)}）`],
    ['响应等级', `${e(tier)}${incident.level ? `，国家分级 ${e(incident.level)} 级` : ''}`],
    ['定级依据', incident.reasons.length ? incident.reasons.map(e).join('<br>') : '—'],
    ['事件描述', e(incident.description)],
    ['状态', `${e(STATUS_ZH[incident.status] ?? incident.status)}${incident.exercise ? '（演练）' : ''}`],
    ['立案时间', beijingTime(incident.openedAt)],
    ['上报市级', incident.reportedUpAt ? beijingTime(incident.reportedUpAt) : '否'],
    ['结案时间', beijingTime(incident.closedAt)],
    ['结案人', e(incident.closedBy)],
    ['处置结果', e(incident.outcome)],
    ['结案说明', e(incident.closeSummary)],
  ];
  const all = tasks.flatMap((t) => t.deadlines);
  const missed = all.filter(isMissed).length;
  const met = all.filter((d) => d.metAt !== null && !isMissed(d)).length;
  const deadlineRows = tasks.flatMap((t: TaskState) =>
    [...t.deadlines]
      .sort((a, b) => DEADLINE_KINDS.indexOf(a.kind) - DEADLINE_KINDS.indexOf(b.kind))
      .map((d) => {
        const state = deadlineState(d);
        const mark = isMissed(d) ? ' class="missed"' : '';
        return [
          unit(t.unitId),
          e(DEADLINE_ZH[d.kind] ?? d.kind),
          beijingTime(d.dueAt),
          beijingTime(d.metAt),
          `<span${mark}>${e(state)}</span>`,
          d.fired > 1 ? `已逐级上报 ${d.fired - 1} 步` : '—',
        ];
      }),
  );
  const v = view.timeline.verification;
  const verdict = v.intact
    ? `哈希链完整：${v.entries} 条记录，链尾哈希 <span class="mono">${e(v.headHash)}</span>`
    : `<strong>哈希链校验未通过</strong>：${e(v.problem?.message)}${v.firstBrokenAt ? `，自第 ${v.firstBrokenAt} 条起不可信` : ''}`;
  const sealed = v.checkpoint
    ? `；已由区级检查点第 ${v.checkpoint.seq} 号封存至第 ${v.checkpoint.lastSeq} 条（${beijingTime(v.checkpoint.sealedAt)}）`
    : '；尚未封存检查点';

  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>突发事件处置报告 ${e(incident.id)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>突发事件处置报告</h1>
<p class="meta">${e(BAZHOU.name)}应急管理局 · ${e(typeName)} · ${e(township)} · 生成于 ${beijingTime(view.generatedAt)}（北京时间）</p>
<h2>一、基本情况</h2>
${table(
  ['项目', '内容'],
  facts.map(([k, val]) => [e(k), val]),
  'facts',
)}
<h2>二、接报</h2>
${table(
  ['接报时间', '报警来源', '来源编号', '类型', '内容'],
  alarms.map((a) => [beijingTime(a.receivedAt), e(a.source), e(a.externalId), e(a.type), e(a.description)]),
)}
<h2>三、任务与处置</h2>
${table(
  ['单位', '职责', '状态', '派发', '签收', '出发', '到达', '完成'],
  tasks.map((t) => [
    unit(t.unitId),
    e(ROLE_ZH[t.role] ?? t.role),
    `${e(STATUS_ZH[t.status] ?? t.status)}${t.declineReason ? `：${e(t.declineReason)}` : ''}${t.cancelReason ? `：${e(t.cancelReason)}` : ''}`,
    beijingTime(t.dispatchedAt),
    beijingTime(t.acknowledgedAt),
    beijingTime(t.departedAt),
    beijingTime(t.arrivedAt),
    beijingTime(t.completedAt),
  ]),
)}
<h2>四、时限执行情况（按时 ${met} 项，超时 ${missed} 项）</h2>
${table(['单位', '时限', '应于', '完成于', '结果', '逐级上报'], deadlineRows)}
<h2>五、情况报告</h2>
${table(
  ['时间', '报告人', '内容'],
  reports.map((r) => [beijingTime(r.reportedAt), e(r.reportedBy), e(r.text)]),
)}
<h2>六、时间线</h2>
<div class="verdict">${verdict}${sealed}</div>
${table(
  ['序号', '发生时间', '记录时间', '操作人', '摘要'],
  view.timeline.entries.map((t) => [
    String(t.seq),
    beijingTime(t.occurredAt),
    beijingTime(t.recordedAt),
    e(String((t.actor as { name?: string }).name ?? (t.actor as { id?: string }).id ?? '')),
    e(t.summary),
  ]),
)}
</body>
</html>
`;
}
