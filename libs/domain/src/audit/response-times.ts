import { BAZHOU } from '../district/district';
import { INCIDENT_TYPES } from '../classification/incident-types';
import { TIER_MAPPING_V1 } from '../classification/tier-mapping';
import { DomainError } from '../shared/domain-error';
import { RESCUE_CIRCLE_SECONDS } from '../rescue-circle/coverage';
import { histogramPercentiles, HistogramBin, share } from './percentiles';

/** What a response-time report groups by. */
export const REPORT_GROUPINGS = ['township', 'team', 'unit', 'tier', 'type'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** The stages timed from the alarm: a task's dispatch, acknowledgement, departure, arrival; the incident's close. */
export const RESPONSE_STAGES = ['dispatch', 'acknowledge', 'depart', 'arrive', 'close'] as const;
export type ResponseStage = (typeof RESPONSE_STAGES)[number];
export type TaskStage = Exclude<ResponseStage, 'close'>;

/** The most missed deadlines a report lists one by one (all are counted). */
export const MAX_BREACH_LINES = 1000;
/** The longest range one report may cover. */
export const MAX_REPORT_DAYS = 400;

export interface ResponseTimesQuery {
  /** Incidents whose first alarm was received in [from, to). */
  from: Date;
  to: Date;
  groupBy: ReportGrouping;
  includeExercises: boolean;
  /** Only this township's incidents (a township officer's report is always restricted to theirs). */
  townshipCode: string | null;
}

/** Refuses a range that is empty, reversed or too long, naming the field. */
export function checkReportRange(from: Date, to: Date): void {
  if (to.getTime() <= from.getTime()) {
    throw new DomainError(
      'REPORT.RANGE_INVALID',
      'invalid',
      '结束时间须晚于开始时间 `to` must be after `from`',
      {
        pointer: '/to',
      },
    );
  }
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * 86_400_000) {
    throw new DomainError(
      'REPORT.RANGE_TOO_LONG',
      'invalid',
      `统计区间不得超过 ${MAX_REPORT_DAYS} 天 a report covers at most ${MAX_REPORT_DAYS} days`,
      { pointer: '/to' },
    );
  }
}

/** A missed deadline (超时) and where it happened. */
export interface BreachLine {
  incidentId: string;
  taskId: string;
  unitId: string;
  deadline: string;
  dueAt: string;
  missedAt: string;
  townshipCode: string;
  type: string;
  tier: string;
  exercise: boolean;
}

/** What the storage answers for a query: counts and histograms, not rows. */
export interface ResponseTimesFigures {
  /** Per group, each task stage's count of tasks per whole second from the alarm. */
  stageBins: { key: string; stage: TaskStage; seconds: number; tasks: number }[];
  /** Per group: tasks, team arrivals, those within RESCUE_CIRCLE_SECONDS of dispatch, missed deadlines. */
  taskCounts: { key: string; tasks: number; teamArrivals: number; inCircle: number; breaches: number }[];
  /** Per group and overall (key null): incidents, those closed, and alarm-to-close percentiles. */
  incidents: {
    key: string | null;
    incidents: number;
    closed: number;
    medianSeconds: number | null;
    p90Seconds: number | null;
  }[];
  breaches: BreachLine[];
}

export interface StageFigures {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface GroupFigures {
  key: string;
  name: string;
  incidents: number;
  tasks: number;
  stages: Record<ResponseStage, StageFigures>;
  /** Team arrivals and how many came within the circle of their dispatch. */
  teamArrivals: { count: number; inCircle: number; share: number | null };
  breaches: number;
}

export interface ResponseTimesReport {
  from: string;
  to: string;
  groupBy: ReportGrouping;
  includeExercises: boolean;
  townshipCode: string | null;
  circleSeconds: number;
  groups: GroupFigures[];
  overall: GroupFigures;
  /** Missed deadlines, newest first (at most MAX_BREACH_LINES of them), of `breachesTotal`. */
  breaches: (BreachLine & { unitName: string; townshipName: string })[];
  breachesTotal: number;
}

/** The overall line's key. */
export const OVERALL_KEY = '*';

/** Names of what a report groups by, for people (Chinese first); units come from the command structure. */
export function groupName(
  groupBy: ReportGrouping,
  key: string,
  unitName: (id: string) => string | undefined,
): string {
  switch (groupBy) {
    case 'township':
      return BAZHOU.township(key)?.name ?? key;
    case 'team':
    case 'unit':
      return unitName(key) ?? key;
    case 'tier':
      return TIER_MAPPING_V1.tierNamesZh[key as keyof typeof TIER_MAPPING_V1.tierNamesZh] ?? key;
    case 'type':
      return INCIDENT_TYPES[key as keyof typeof INCIDENT_TYPES]?.nameZh ?? key;
  }
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

function stageFigures(bins: readonly HistogramBin[]): StageFigures {
  const { count, values } = histogramPercentiles(bins, [0.5, 0.9]);
  return { count, medianSeconds: round1(values[0]), p90Seconds: round1(values[1]) };
}

/**
 * The report from the storage's counts: each group's stage medians and 90th percentiles (exact, from
 * one-second histograms), the share of team arrivals inside the circle, and the overall line, whose
 * histograms are the groups' added together (every task is in exactly one group).
 */
export function assembleResponseTimes(
  query: ResponseTimesQuery,
  figures: ResponseTimesFigures,
  unitName: (id: string) => string | undefined,
): ResponseTimesReport {
  const keys = new Set<string>();
  for (const c of figures.taskCounts) keys.add(c.key);
  for (const i of figures.incidents) if (i.key !== null) keys.add(i.key);

  const bins = new Map<string, Map<TaskStage, Map<number, number>>>();
  const add = (key: string, stage: TaskStage, seconds: number, n: number) => {
    const byStage = bins.get(key) ?? new Map<TaskStage, Map<number, number>>();
    bins.set(key, byStage);
    const histogram = byStage.get(stage) ?? new Map<number, number>();
    byStage.set(stage, histogram);
    histogram.set(seconds, (histogram.get(seconds) ?? 0) + n);
  };
  for (const b of figures.stageBins) {
    add(b.key, b.stage, b.seconds, b.tasks);
    add(OVERALL_KEY, b.stage, b.seconds, b.tasks);
  }

  const line = (key: string, name: string): GroupFigures => {
    const counts =
      key === OVERALL_KEY ? sumCounts(figures.taskCounts) : figures.taskCounts.find((c) => c.key === key);
    const incidents = figures.incidents.find((i) => i.key === (key === OVERALL_KEY ? null : key));
    const stage = (s: TaskStage) => stageFigures([...(bins.get(key)?.get(s) ?? new Map<number, number>())]);
    const teamArrivals = counts?.teamArrivals ?? 0;
    const inCircle = counts?.inCircle ?? 0;
    return {
      key,
      name,
      incidents: incidents?.incidents ?? 0,
      tasks: counts?.tasks ?? 0,
      stages: {
        dispatch: stage('dispatch'),
        acknowledge: stage('acknowledge'),
        depart: stage('depart'),
        arrive: stage('arrive'),
        close: {
          count: incidents?.closed ?? 0,
          medianSeconds: round1(incidents?.medianSeconds ?? null),
          p90Seconds: round1(incidents?.p90Seconds ?? null),
        },
      },
      teamArrivals: { count: teamArrivals, inCircle, share: share(inCircle, teamArrivals) },
      breaches: counts?.breaches ?? 0,
    };
  };

  const overall = line(OVERALL_KEY, '合计 overall');
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    groupBy: query.groupBy,
    includeExercises: query.includeExercises,
    townshipCode: query.townshipCode,
    circleSeconds: RESCUE_CIRCLE_SECONDS,
    groups: [...keys].sort().map((key) => line(key, groupName(query.groupBy, key, unitName))),
    overall,
    breaches: figures.breaches.map((b) => ({
      ...b,
      unitName: unitName(b.unitId) ?? b.unitId,
      townshipName: BAZHOU.township(b.townshipCode)?.name ?? b.townshipCode,
    })),
    breachesTotal: overall.breaches,
  };
}

function sumCounts(counts: ResponseTimesFigures['taskCounts']): ResponseTimesFigures['taskCounts'][number] {
  return counts.reduce(
    (sum, c) => ({
      key: OVERALL_KEY,
      tasks: sum.tasks + c.tasks,
      teamArrivals: sum.teamArrivals + c.teamArrivals,
      inCircle: sum.inCircle + c.inCircle,
      breaches: sum.breaches + c.breaches,
    }),
    { key: OVERALL_KEY, tasks: 0, teamArrivals: 0, inCircle: 0, breaches: 0 },
  );
}
