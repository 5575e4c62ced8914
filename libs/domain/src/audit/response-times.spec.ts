import { DomainError } from '../shared/domain-error';
import { assembleResponseTimes, checkReportRange, groupName, ResponseTimesFigures } from './response-times';

const query = {
  from: new Date('2026-01-01T00:00:00Z'),
  to: new Date('2026-02-01T00:00:00Z'),
  groupBy: 'township' as const,
  includeExercises: false,
  townshipCode: null,
};

const A = '511902001';
const B = '511902003';

/** Two townships: A's acknowledgements 60, 120, 180, 600 s; B's 30 s twice; one of A's teams late. */
const figures: ResponseTimesFigures = {
  stageBins: [
    { key: A, stage: 'acknowledge', seconds: 60, tasks: 1 },
    { key: A, stage: 'acknowledge', seconds: 120, tasks: 1 },
    { key: A, stage: 'acknowledge', seconds: 180, tasks: 1 },
    { key: A, stage: 'acknowledge', seconds: 600, tasks: 1 },
    { key: B, stage: 'acknowledge', seconds: 30, tasks: 2 },
    { key: A, stage: 'arrive', seconds: 700, tasks: 1 },
    { key: A, stage: 'arrive', seconds: 1300, tasks: 1 },
  ],
  taskCounts: [
    { key: A, tasks: 4, teamArrivals: 2, inCircle: 1, breaches: 1 },
    { key: B, tasks: 2, teamArrivals: 0, inCircle: 0, breaches: 0 },
  ],
  incidents: [
    { key: A, incidents: 2, closed: 1, medianSeconds: 3600, p90Seconds: 3600 },
    { key: B, incidents: 1, closed: 0, medianSeconds: null, p90Seconds: null },
    { key: null, incidents: 3, closed: 1, medianSeconds: 3600, p90Seconds: 3600 },
  ],
  breaches: [
    {
      incidentId: 'i-1',
      taskId: 't-1',
      unitId: 'team-x',
      deadline: 'arrive',
      dueAt: '2026-01-02T00:15:00.000Z',
      missedAt: '2026-01-02T00:15:00.000Z',
      townshipCode: A,
      type: 'fire',
      tier: 'T1_MINOR',
      exercise: false,
    },
  ],
};

describe('assembleResponseTimes', () => {
  const report = assembleResponseTimes(query, figures, (id) => (id === 'team-x' ? '东城救援队' : undefined));

  it('gives each group its medians and 90th percentiles from its histogram', () => {
    const a = report.groups.find((g) => g.key === A)!;
    expect(a.name).toBe('东城街道');
    expect(a.stages.acknowledge).toEqual({ count: 4, medianSeconds: 150, p90Seconds: 474 });
    expect(a.stages.arrive).toEqual({ count: 2, medianSeconds: 1000, p90Seconds: 1240 });
    expect(a.stages.dispatch).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
    expect(a.stages.close).toEqual({ count: 1, medianSeconds: 3600, p90Seconds: 3600 });
    expect(a.teamArrivals).toEqual({ count: 2, inCircle: 1, share: 0.5 });
    expect(a).toMatchObject({ incidents: 2, tasks: 4, breaches: 1 });
  });

  it('adds the groups up for the overall line, histograms included', () => {
    // 30, 30, 60, 120, 180, 600: median halfway between 60 and 120, p90 half way between 180 and 600.
    expect(report.overall.stages.acknowledge).toEqual({ count: 6, medianSeconds: 90, p90Seconds: 390 });
    expect(report.overall).toMatchObject({ key: '*', incidents: 3, tasks: 6, breaches: 1 });
    expect(report.overall.teamArrivals).toEqual({ count: 2, inCircle: 1, share: 0.5 });
    expect(report.breachesTotal).toBe(1);
  });

  it('names the units of missed deadlines and their townships', () => {
    expect(report.breaches[0]).toMatchObject({ unitName: '东城救援队', townshipName: '东城街道' });
  });

  it('has no share without arrivals', () => {
    expect(report.groups.find((g) => g.key === B)!.teamArrivals.share).toBeNull();
  });
});

describe('groupName', () => {
  it('names townships, tiers and types in Chinese, units by the command structure', () => {
    expect(groupName('township', A, () => undefined)).toBe('东城街道');
    expect(groupName('tier', 'T3_MAJOR', () => undefined)).toBe('一般以上');
    expect(groupName('type', 'fire', () => undefined)).toBe('火灾');
    expect(groupName('unit', 'u-1', (id) => `单位 ${id}`)).toBe('单位 u-1');
    expect(groupName('team', 'unknown', () => undefined)).toBe('unknown');
  });
});

describe('checkReportRange', () => {
  const at = (iso: string) => new Date(iso);
  it('takes a range of up to 400 days', () => {
    expect(() => checkReportRange(at('2025-01-01T00:00:00Z'), at('2026-02-05T00:00:00Z'))).not.toThrow();
  });

  it.each([
    ['reversed', '2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z', 'REPORT.RANGE_INVALID'],
    ['empty', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'REPORT.RANGE_INVALID'],
    ['too long', '2025-01-01T00:00:00Z', '2026-02-06T00:00:01Z', 'REPORT.RANGE_TOO_LONG'],
  ])('refuses a %s range, naming `to`', (_what, from, to, code) => {
    try {
      checkReportRange(at(from), at(to));
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect(e).toMatchObject({ code, kind: 'invalid', details: { pointer: '/to' } });
    }
  });
});
