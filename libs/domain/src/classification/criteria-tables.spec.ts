import {
  GRADED_LEVELS,
  NATIONAL_CRITERIA_2024_V1,
  TableDomain,
  inInterval,
  levelRank,
} from './criteria-tables';

const tables = Object.entries(NATIONAL_CRITERIA_2024_V1.domains).filter(
  (e): e is [string, TableDomain] => e[1].kind === 'table',
);

describe('NATIONAL_CRITERIA_2024_V1 (data)', () => {
  it('is versioned', () => {
    expect(NATIONAL_CRITERIA_2024_V1.version).toBe('cn-national/2024.1');
  });

  describe.each(tables)('%s', (_code, domain) => {
    it('lists each measure highest level first, with contiguous half-open bands and an open top', () => {
      for (const m of domain.measures) {
        const ranks = m.bands.map((b) => levelRank(b.level));
        expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
        expect(new Set(ranks).size).toBe(ranks.length);
        expect(m.bands[0].to).toBeNull();
        for (let i = 1; i < m.bands.length; i++) expect(m.bands[i].to).toBe(m.bands[i - 1].from);
      }
    });

    it('marks every band and compound criterion src or unverified, with the source wording', () => {
      for (const m of domain.measures) {
        for (const b of m.bands) {
          expect(['src', 'unverified']).toContain(b.provenance);
          expect(b.text.length).toBeGreaterThan(0);
        }
      }
      for (const c of domain.compound ?? []) expect(['src', 'unverified']).toContain(c.provenance);
    });

    it('states its below-一般 rule', () => {
      expect(domain.belowGeneral.length).toBeGreaterThan(20);
    });

    it('puts no value in two bands of one measure', () => {
      for (const m of domain.measures) {
        const edges = m.bands.flatMap((b) => [b.from, b.from + 0.5, b.to ?? b.from * 2]);
        for (const v of edges) expect(m.bands.filter((b) => inInterval(v, b)).length).toBeLessThanOrEqual(1);
      }
    });
  });

  it('marks as unverified exactly the rows the criteria document marks [memory, unverified]', () => {
    const unverified = tables.flatMap(([code, d]) =>
      d.measures.flatMap((m) =>
        m.bands.filter((b) => b.provenance === 'unverified').map((b) => `${code}/${m.key}/${b.level}`),
      ),
    );
    expect(unverified.sort()).toEqual(
      [
        'natural_disaster_relief/deathsAndMissing/IV',
        'natural_disaster_relief/personsRelocated/IV',
        'natural_disaster_relief/housesCollapsed/IV',
        'occupational_poisoning/sick/IV',
      ].sort(),
    );
  });

  it('marks the floors we chose as judgement, only on the lowest band of a measure', () => {
    for (const [, d] of tables) {
      for (const m of d.measures) m.bands.forEach((b, i) => b.floor && expect(i).toBe(m.bands.length - 1));
    }
    const ws = NATIONAL_CRITERIA_2024_V1.domains.work_safety as TableDomain;
    expect(ws.measures.every((m) => m.bands.find((b) => b.level === 'IV')?.floor === 'judgement')).toBe(true);
  });

  it('keeps the natural-disaster relief table at province scale and says so', () => {
    const d = NATIONAL_CRITERIA_2024_V1.domains.natural_disaster_relief as TableDomain;
    expect(d.scale).toBe('province');
    expect(d.notes.join(' ')).toMatch(/province/);
  });

  it('makes every forest fire at least 一般', () => {
    const d = NATIONAL_CRITERIA_2024_V1.domains.forest_fire as TableDomain;
    expect(d.minimumLevel).toMatchObject({ level: 'IV', provenance: 'src' });
  });
});

describe('inInterval', () => {
  it('includes the lower edge ("以上") and excludes the upper ("以下")', () => {
    expect(inInterval(3, { from: 3, to: 10 })).toBe(true);
    expect(inInterval(10, { from: 3, to: 10 })).toBe(false);
    expect(inInterval(2.999, { from: 3, to: 10 })).toBe(false);
    expect(inInterval(1e12, { from: 30, to: null })).toBe(true);
  });

  it('excludes the lower edge when asked', () => {
    expect(inInterval(0, { from: 0, fromExclusive: true, to: 1 })).toBe(false);
    expect(inInterval(0.001, { from: 0, fromExclusive: true, to: 1 })).toBe(true);
  });
});

describe('levelRank', () => {
  it('orders null < IV < III < II < I', () => {
    expect([null, ...[...GRADED_LEVELS].reverse()].map((l) => levelRank(l))).toEqual([0, 1, 2, 3, 4]);
  });
});
