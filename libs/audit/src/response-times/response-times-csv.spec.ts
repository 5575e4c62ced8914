import { assembleResponseTimes, ResponseTimesFigures } from '@erp/domain';
import { parseCsv } from '@erp/domain';
import { BREACH_HEADER, csvCell, GROUP_HEADER, responseTimesCsv } from './response-times-csv';

const figures: ResponseTimesFigures = {
  stageBins: [
    { key: '511902001', stage: 'dispatch', seconds: 40, tasks: 3 },
    { key: '511902001', stage: 'arrive', seconds: 500, tasks: 1 },
  ],
  taskCounts: [{ key: '511902001', tasks: 3, teamArrivals: 3, inCircle: 2, breaches: 1 }],
  incidents: [
    { key: '511902001', incidents: 1, closed: 1, medianSeconds: 3000, p90Seconds: 3000 },
    { key: null, incidents: 1, closed: 1, medianSeconds: 3000, p90Seconds: 3000 },
  ],
  breaches: [
    {
      incidentId: 'i-1',
      taskId: 't-1',
      unitId: 'team-a',
      deadline: 'arrive',
      dueAt: '2026-01-01T00:15:00.000Z',
      missedAt: '2026-01-01T00:15:01.000Z',
      townshipCode: '511902001',
      type: 'fire',
      tier: 'T1_MINOR',
      exercise: false,
    },
  ],
};
const report = assembleResponseTimes(
  {
    from: new Date('2026-01-01T00:00:00Z'),
    to: new Date('2026-02-01T00:00:00Z'),
    groupBy: 'township',
    includeExercises: false,
    townshipCode: null,
  },
  figures,
  (id) => (id === 'team-a' ? '=HYPERLINK("x"),救援"一"队' : undefined),
);

describe('responseTimesCsv', () => {
  const csv = responseTimesCsv(report);
  const rows = parseCsv(csv);

  it('starts with the UTF-8 byte-order mark and ends lines with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('\r\n');
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('puts the Chinese headers first, then each group and the overall line', () => {
    expect(rows[0]).toEqual(GROUP_HEADER);
    expect(rows[0][0]).toMatch(/^[\u4e00-\u9fff]/);
    const [key, name, incidents, tasks, dispatchCount, dispatchMedian] = rows[1];
    expect([key, name, incidents, tasks, dispatchCount, dispatchMedian]).toEqual([
      '511902001',
      '东城街道',
      '1',
      '3',
      '3',
      '40',
    ]);
    expect(rows[2].slice(0, 2)).toEqual(['*', '合计 overall']);
    expect(rows[2][GROUP_HEADER.indexOf('15分钟内到达率 share within 15 min')]).toBe('66.7%');
  });

  it('leaves unknown figures empty', () => {
    expect(rows[1][GROUP_HEADER.indexOf('接警至签收中位数(秒) acknowledge median s')]).toBe('');
  });

  it('lists the missed deadlines after an empty line, a hostile name kept inert and whole', () => {
    expect(rows[3]).toEqual(['']);
    expect(rows[4]).toEqual(BREACH_HEADER);
    expect(rows[5][3]).toBe(`'=HYPERLINK("x"),救援"一"队`);
    expect(rows[5].slice(0, 3)).toEqual(['i-1', 't-1', 'team-a']);
    expect(rows).toHaveLength(6);
  });
});

describe('csvCell', () => {
  it('quotes only what needs it and neutralises formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });
});
