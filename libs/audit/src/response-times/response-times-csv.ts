import { GroupFigures, RESPONSE_STAGES, ResponseStage, ResponseTimesReport } from '@erp/domain';

/** Excel and WPS read a file as UTF-8 only when it starts with the byte-order mark. */
const BOM = '\uFEFF';
const NEWLINE = '\r\n';

const STAGE_ZH: Record<ResponseStage, string> = {
  dispatch: '接警至派发',
  acknowledge: '接警至签收',
  depart: '接警至出发',
  arrive: '接警至到达',
  close: '接警至结案',
};

/** The groups table's header, Chinese first, the field's English name beside it. */
export const GROUP_HEADER: readonly string[] = [
  '分组代码 key',
  '名称 name',
  '事件数 incidents',
  '任务数 tasks',
  ...RESPONSE_STAGES.flatMap((s) => [
    `${STAGE_ZH[s]}样本数 ${s} count`,
    `${STAGE_ZH[s]}中位数(秒) ${s} median s`,
    `${STAGE_ZH[s]}90百分位(秒) ${s} p90 s`,
  ]),
  '队伍到达数 team arrivals',
  '15分钟内到达数 arrivals within 15 min',
  '15分钟内到达率 share within 15 min',
  '超时数 missed deadlines',
];

export const BREACH_HEADER: readonly string[] = [
  '事件编号 incident',
  '任务编号 task',
  '单位代码 unit',
  '单位名称 unit name',
  '时限 deadline',
  '应于 due at',
  '超时记录于 missed at',
  '乡镇代码 township',
  '乡镇 township name',
  '事件类型 type',
  '响应等级 tier',
];

/**
 * A cell as a spreadsheet reads it back: quoted when it holds a comma, quote or line break; text that a
 * spreadsheet would take for a formula (=, +, -, @) is prefixed with an apostrophe (CSV injection).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const percent = (share: number | null) => (share === null ? null : `${(share * 100).toFixed(1)}%`);

function groupRow(g: GroupFigures): (string | number | null)[] {
  return [
    g.key,
    g.name,
    g.incidents,
    g.tasks,
    ...RESPONSE_STAGES.flatMap((s) => [g.stages[s].count, g.stages[s].medianSeconds, g.stages[s].p90Seconds]),
    g.teamArrivals.count,
    g.teamArrivals.inCircle,
    percent(g.teamArrivals.share),
    g.breaches,
  ];
}

/**
 * The report as CSV that opens correctly in a Chinese spreadsheet (UTF-8 with BOM, CRLF): the groups with
 * the overall line last, an empty line, then the missed deadlines.
 */
export function responseTimesCsv(report: ResponseTimesReport): string {
  const rows: (readonly (string | number | null)[])[] = [
    GROUP_HEADER,
    ...report.groups.map(groupRow),
    groupRow(report.overall),
    [],
    BREACH_HEADER,
    ...report.breaches.map((b) => [
      b.incidentId,
      b.taskId,
      b.unitId,
      b.unitName,
      b.deadline,
      b.dueAt,
      b.missedAt,
      b.townshipCode,
      b.townshipName,
      b.type,
      b.tier,
    ]),
  ];
  return BOM + rows.map((r) => r.map(csvCell).join(',')).join(NEWLINE) + NEWLINE;
}
