import { Classification, Level } from '../incident/first-classification';
import { DomainError } from '../shared/domain-error';
import { GradedLevel, NATIONAL_CRITERIA_2024_V1, TableDomain } from './criteria-tables';
import { IncidentFacts, classifyIncident, formatCny, measureValue } from './national-classifier';
import { TIER_MAPPING_V1 } from './tier-mapping';

type Facts = Omit<IncidentFacts, 'type'>;
type Build = (v: number) => Facts;

const deaths: Build = (v) => ({ casualties: { deaths: v } });
const missing: Build = (v) => ({ casualties: { missing: v } });
const deathsAndMissingSplit: Build = (v) => ({
  casualties: { deaths: Math.floor(v / 2), missing: v - Math.floor(v / 2) },
});
const seriousInjuries: Build = (v) => ({ casualties: { seriousInjuries: v } });
const sick: Build = (v) => ({ casualties: { sick: v } });
const loss: Build = (v) => ({ economicLossCny: v });
const potentialLoss: Build = (v) => ({ potentialLossCny: v });
const area: Build = (v) => ({ affectedAreaHa: v });
const threatened: Build = (v) => ({ personsThreatened: v });
const relocated: Build = (v) => ({ personsRelocated: v });
const houses: Build = (v) => ({ housesCollapsed: v });

/**
 * One measure of one table, written out independently of the data: [threshold, level], lowest first.
 * 'gt0' as the first threshold means the 一般 band starts just above zero (any amount > 0).
 */
interface MeasureCase {
  measure: string;
  build: Build;
  step: number;
  thresholds: [number | 'gt0', GradedLevel][];
  /** Level below the lowest threshold: null, or the domain's minimum. */
  below: Level;
}

const WORK_SAFETY: MeasureCase[] = [
  {
    measure: 'deaths',
    build: deaths,
    step: 1,
    below: null,
    thresholds: [
      [1, 'IV'],
      [3, 'III'],
      [10, 'II'],
      [30, 'I'],
    ],
  },
  {
    measure: 'seriousInjuries',
    build: seriousInjuries,
    step: 1,
    below: null,
    thresholds: [
      [1, 'IV'],
      [10, 'III'],
      [50, 'II'],
      [100, 'I'],
    ],
  },
  {
    measure: 'directLossCny',
    build: loss,
    step: 1,
    below: null,
    thresholds: [
      ['gt0', 'IV'],
      [10_000_000, 'III'],
      [50_000_000, 'II'],
      [100_000_000, 'I'],
    ],
  },
];

const FOREST_FIRE: MeasureCase[] = [
  {
    measure: 'burnedForestHa',
    build: area,
    step: 0.01,
    below: 'IV',
    thresholds: [
      ['gt0', 'IV'],
      [1, 'III'],
      [100, 'II'],
      [1000, 'I'],
    ],
  },
  {
    measure: 'deaths',
    build: deaths,
    step: 1,
    below: 'IV',
    thresholds: [
      [1, 'IV'],
      [3, 'III'],
      [10, 'II'],
      [30, 'I'],
    ],
  },
  {
    measure: 'seriousInjuries',
    build: seriousInjuries,
    step: 1,
    below: 'IV',
    thresholds: [
      [1, 'IV'],
      [10, 'III'],
      [50, 'II'],
      [100, 'I'],
    ],
  },
];

const NATURAL: MeasureCase[] = [
  {
    measure: 'deathsAndMissing',
    build: deaths,
    step: 1,
    below: null,
    thresholds: [
      [20, 'IV'],
      [50, 'III'],
      [100, 'II'],
      [200, 'I'],
    ],
  },
  {
    measure: 'deathsAndMissing',
    build: missing,
    step: 1,
    below: null,
    thresholds: [
      [20, 'IV'],
      [50, 'III'],
      [100, 'II'],
      [200, 'I'],
    ],
  },
  {
    measure: 'deathsAndMissing',
    build: deathsAndMissingSplit,
    step: 1,
    below: null,
    thresholds: [
      [20, 'IV'],
      [50, 'III'],
      [100, 'II'],
      [200, 'I'],
    ],
  },
  {
    measure: 'personsRelocated',
    build: relocated,
    step: 1,
    below: null,
    thresholds: [
      [100_000, 'IV'],
      [500_000, 'III'],
      [1_000_000, 'II'],
      [2_000_000, 'I'],
    ],
  },
  {
    measure: 'housesCollapsed',
    build: houses,
    step: 1,
    below: null,
    thresholds: [
      [10_000, 'IV'],
      [100_000, 'III'],
      [200_000, 'II'],
      [300_000, 'I'],
    ],
  },
];

const GEOLOGICAL: MeasureCase[] = [
  {
    measure: 'personsThreatened',
    build: threatened,
    step: 1,
    below: null,
    thresholds: [
      ['gt0', 'IV'],
      [100, 'III'],
      [500, 'II'],
      [1000, 'I'],
    ],
  },
  {
    measure: 'potentialLossCny',
    build: potentialLoss,
    step: 1,
    below: null,
    thresholds: [
      ['gt0', 'IV'],
      [5_000_000, 'III'],
      [50_000_000, 'II'],
      [100_000_000, 'I'],
    ],
  },
  {
    measure: 'deaths',
    build: deaths,
    step: 1,
    below: null,
    thresholds: [
      [1, 'IV'],
      [3, 'III'],
      [10, 'II'],
      [30, 'I'],
    ],
  },
  {
    measure: 'directLossCny',
    build: loss,
    step: 1,
    below: null,
    thresholds: [
      ['gt0', 'IV'],
      [1_000_000, 'III'],
      [5_000_000, 'II'],
      [10_000_000, 'I'],
    ],
  },
];

const FOOD: MeasureCase[] = [
  {
    measure: 'sick',
    build: sick,
    step: 1,
    below: null,
    thresholds: [
      [30, 'IV'],
      [100, 'III'],
    ],
  },
  {
    measure: 'deaths',
    build: deaths,
    step: 1,
    below: null,
    thresholds: [
      [1, 'III'],
      [10, 'II'],
    ],
  },
];

const OCCUPATIONAL: MeasureCase[] = [
  {
    measure: 'sick',
    build: sick,
    step: 1,
    below: null,
    thresholds: [
      [1, 'IV'],
      [10, 'III'],
      [50, 'II'],
    ],
  },
  {
    measure: 'deaths',
    build: deaths,
    step: 1,
    below: null,
    thresholds: [
      [1, 'III'],
      [5, 'II'],
    ],
  },
];

const BY_TYPE: [string, MeasureCase[]][] = [
  ...['fire', 'traffic_accident', 'work_safety_accident', 'hazmat_leak', 'gas_leak', 'building_collapse'].map(
    (t): [string, MeasureCase[]] => [t, WORK_SAFETY],
  ),
  ['drowning', [WORK_SAFETY[0]]],
  ['forest_fire', FOREST_FIRE],
  ['flood', NATURAL],
  ['earthquake', NATURAL],
  ['landslide', GEOLOGICAL],
  ['food_poisoning', FOOD],
  ['occupational_poisoning', OCCUPATIONAL],
];

/** For each threshold: [label, value, expected level]: just below, at, just above. */
function boundaryRows(c: MeasureCase): [string, number, Level][] {
  const rows: [string, number, Level][] = [];
  let previous: Level = c.below;
  for (const [t, level] of c.thresholds) {
    if (t === 'gt0') {
      rows.push(['zero', 0, previous], ['just above 0', c.step, level], ['above 0', 2 * c.step, level]);
    } else {
      rows.push(
        [`just below ${t}`, t - c.step, previous],
        [`at ${t}`, t, level],
        [`just above ${t}`, t + c.step, level],
      );
    }
    previous = level;
  }
  return rows;
}

const cases = BY_TYPE.flatMap(([type, measures]) =>
  measures.flatMap((m) =>
    boundaryRows(m).map(([label, value, level]): [string, string, string, number, Level, MeasureCase] => [
      type,
      `${m.measure} (${m.build.name})`,
      label,
      value,
      level,
      m,
    ]),
  ),
);

describe('classifyIncident: every table at every boundary', () => {
  it.each(cases)('%s, %s %s: %p → %p', (type, _measure, _label, value, expected, c) => {
    const result = classifyIncident({ type, ...c.build(value) });
    expect(result.level).toBe(expected);
    if (expected !== null && expected !== c.below) {
      expect(result.decidedBy.map((d) => d.measure)).toContain(c.measure);
      expect(result.reasons[0]).toContain(`(${expected})`);
    }
  });
});

describe('classifyIncident: reasons', () => {
  it('states the figure, the edge reached and the level, Chinese first', () => {
    const c = classifyIncident({ type: 'work_safety_accident', casualties: { deaths: 3 } });
    expect(c.reasons).toContain('死亡 3 人 ≥ 3 → 较大 (III)');
    expect(c.reasons).toContain('较大 (III) → T3_MAJOR (一般以上)');
  });

  it('prints yuan in 万 and 亿 exactly at the thresholds', () => {
    expect(classifyIncident({ type: 'fire', economicLossCny: 10_000_000 }).reasons).toContain(
      '直接经济损失 1000万元 ≥ 1000万元 → 较大 (III)',
    );
    expect(classifyIncident({ type: 'fire', economicLossCny: 100_000_000 }).reasons[0]).toBe(
      '直接经济损失 1亿元 ≥ 1亿元 → 特别重大 (I)',
    );
    expect(formatCny(9_999_999)).toBe('9999999元');
    expect(formatCny(150_000_000)).toBe('15000万元');
    expect(formatCny(0.5)).toBe('0.5元');
  });

  it('names levels in the domain’s own words: geological 中型, relief Ⅲ级响应', () => {
    expect(classifyIncident({ type: 'landslide', personsThreatened: 150 }).reasons[0]).toBe(
      '险情: 受威胁需搬迁转移 150 人 ≥ 100 → 中型 (III)',
    );
    expect(classifyIncident({ type: 'flood', casualties: { deaths: 60 } }).reasons[0]).toBe(
      '死亡和失踪 60 人 ≥ 50 → Ⅲ级响应 (III)',
    );
  });

  it('flags a level that rests on an unverified row', () => {
    const c = classifyIncident({ type: 'flood', casualties: { deaths: 25 } });
    expect(c.level).toBe('IV');
    expect(c.unverified).toBe(true);
    expect(c.reasons[0]).toContain('未核实');
    expect(classifyIncident({ type: 'flood', casualties: { deaths: 60 } }).unverified).toBe(false);
  });

  it('marks a 一般 decided on a floor we chose', () => {
    const c = classifyIncident({ type: 'fire', economicLossCny: 5000 });
    expect(c.level).toBe('IV');
    expect(c.decidedBy).toEqual([
      {
        kind: 'band',
        level: 'IV',
        measure: 'directLossCny',
        value: 5000,
        provenance: 'src',
        floorJudgement: true,
      },
    ]);
  });
});

describe('classifyIncident: highest level wins across measures', () => {
  it('takes the highest of deaths (IV), injuries (II) and loss (III), with one reason for the decider', () => {
    const c = classifyIncident({
      type: 'building_collapse',
      casualties: { deaths: 2, seriousInjuries: 60 },
      economicLossCny: 20_000_000,
    });
    expect(c.level).toBe('II');
    expect(c.tier).toBe('T3_MAJOR');
    expect(c.decidedBy).toHaveLength(1);
    expect(c.decidedBy[0].measure).toBe('seriousInjuries');
    expect(c.reasons[0]).toBe('重伤 (含急性工业中毒) 60 人 ≥ 50 → 重大 (II)');
  });

  it('gives one reason per criterion when several reach the winning level', () => {
    const c = classifyIncident({ type: 'landslide', casualties: { deaths: 4 }, economicLossCny: 2_000_000 });
    expect(c.level).toBe('III');
    expect(c.decidedBy.map((d) => d.measure).sort()).toEqual(['deaths', 'directLossCny']);
    expect(c.reasons.filter((r) => r.includes('→ 中型 (III)'))).toHaveLength(2);
  });

  it('grades geological 险情 and 灾情 together', () => {
    expect(
      classifyIncident({ type: 'landslide', personsThreatened: 600, casualties: { deaths: 1 } }).level,
    ).toBe('II');
    expect(
      classifyIncident({ type: 'landslide', potentialLossCny: 200_000_000, personsThreatened: 10 }).level,
    ).toBe('I');
  });

  it('grades drowning by deaths only', () => {
    expect(
      classifyIncident({ type: 'drowning', casualties: { seriousInjuries: 500 }, economicLossCny: 1e9 })
        .level,
    ).toBeNull();
    expect(
      classifyIncident({ type: 'drowning', casualties: { deaths: 3, seriousInjuries: 500 } }).level,
    ).toBe('III');
  });

  it('ignores figures the domain does not grade by', () => {
    expect(
      classifyIncident({ type: 'fire', casualties: { missing: 40, trapped: 12 }, personsRelocated: 5000 })
        .level,
    ).toBeNull();
    expect(
      classifyIncident({ type: 'flood', casualties: { seriousInjuries: 500 }, economicLossCny: 1e10 }).level,
    ).toBeNull();
  });

  it('counts the missing with the dead for natural disasters but not for accidents', () => {
    expect(classifyIncident({ type: 'earthquake', casualties: { deaths: 150, missing: 50 } }).level).toBe(
      'I',
    );
    expect(
      classifyIncident({ type: 'work_safety_accident', casualties: { deaths: 2, missing: 30 } }).level,
    ).toBe('IV');
  });
});

describe('classifyIncident: food poisoning', () => {
  it.each([
    [29, 0, null],
    [30, 0, 'IV'],
    [99, 0, 'IV'],
    [100, 0, 'III'],
    [5, 1, 'III'],
    [99, 1, 'III'],
    [100, 1, 'III'],
    [101, 1, 'II'],
    [101, 0, 'III'],
    [20, 9, 'III'],
    [20, 10, 'II'],
    [500, 30, 'II'],
  ])('%i sick, %i dead → %s', (sickCount, dead, level) => {
    expect(
      classifyIncident({ type: 'food_poisoning', casualties: { sick: sickCount, deaths: dead } }).level,
    ).toBe(level);
  });

  it('explains the compound Ⅱ criterion', () => {
    const c = classifyIncident({ type: 'food_poisoning', casualties: { sick: 101, deaths: 1 } });
    expect(c.decidedBy[0]).toMatchObject({ kind: 'compound', level: 'II', provenance: 'src' });
    expect(c.reasons[0]).toBe('中毒人数 101 人 > 100 且 死亡 1 人 ≥ 1 → 重大 (II)');
  });

  it('never reaches Ⅰ', () => {
    expect(
      classifyIncident({ type: 'food_poisoning', casualties: { sick: 100_000, deaths: 1000 } }).level,
    ).toBe('II');
  });
});

describe('classifyIncident: occupational poisoning', () => {
  it('puts exactly 4 deaths in Ⅲ and 5 in Ⅱ (the document leaves 4 between "<4" and "≥5")', () => {
    expect(
      classifyIncident({ type: 'occupational_poisoning', casualties: { sick: 4, deaths: 4 } }).level,
    ).toBe('III');
    expect(
      classifyIncident({ type: 'occupational_poisoning', casualties: { sick: 5, deaths: 5 } }).level,
    ).toBe('II');
  });

  it('rests a small poisoning with no death on the unverified Ⅳ row', () => {
    const c = classifyIncident({ type: 'occupational_poisoning', casualties: { sick: 3, deaths: 0 } });
    expect(c.level).toBe('IV');
    expect(c.unverified).toBe(true);
  });
});

describe('classifyIncident: below 一般', () => {
  it.each([
    'fire',
    'traffic_accident',
    'work_safety_accident',
    'hazmat_leak',
    'gas_leak',
    'building_collapse',
    'drowning',
  ])('%s with no death, no serious injury and no loss is below 一般: level null, T1_MINOR', (type) => {
    const c = classifyIncident({ type, casualties: { deaths: 0, seriousInjuries: 0 }, economicLossCny: 0 });
    expect(c.level).toBeNull();
    expect(c.tier).toBe('T1_MINOR');
    expect(c.decidedBy).toEqual([]);
    expect(c.reasons[0]).toContain('一般以下');
  });

  it('says which figures were not reported', () => {
    const c = classifyIncident({ type: 'fire' });
    expect(c.level).toBeNull();
    expect(c.reasons[0]).toBe(
      '死亡 未报告, 重伤 (含急性工业中毒) 未报告, 直接经济损失 未报告: 均未达一般 (IV) → 一般以下 (无级别, level null)',
    );
  });

  it('a landslide report with no threat and no harm is below 小型', () => {
    const c = classifyIncident({ type: 'landslide', personsThreatened: 0, potentialLossCny: 0 });
    expect(c.level).toBeNull();
    expect(c.reasons[0]).toContain('均未达小型 (IV)');
  });

  it('every forest fire is at least 一般, even with no figures', () => {
    const c = classifyIncident({ type: 'forest_fire' });
    expect(c.level).toBe('IV');
    expect(c.tier).toBe('T2_GENERAL');
    expect(c.decidedBy).toEqual([{ kind: 'minimum', level: 'IV', provenance: 'src' }]);
    expect(c.reasons[0]).toContain('其他林地起火');
  });

  it('a forest fire that reaches 一般 by a figure gives that figure as the reason', () => {
    const c = classifyIncident({ type: 'forest_fire', affectedAreaHa: 0.5 });
    expect(c.reasons[0]).toBe('受害森林面积 0.5 公顷 > 0 → 一般 (IV)');
  });

  it('fewer than 30 food poisoned and no death is below 一般', () => {
    expect(classifyIncident({ type: 'food_poisoning', casualties: { sick: 29 } }).tier).toBe('T1_MINOR');
  });
});

describe('classifyIncident: tier mapping', () => {
  it.each([
    [{ type: 'fire' }, null, 'T1_MINOR'],
    [{ type: 'fire', casualties: { deaths: 1 } }, 'IV', 'T2_GENERAL'],
    [{ type: 'fire', casualties: { deaths: 3 } }, 'III', 'T3_MAJOR'],
    [{ type: 'fire', casualties: { deaths: 10 } }, 'II', 'T3_MAJOR'],
    [{ type: 'fire', casualties: { deaths: 30 } }, 'I', 'T3_MAJOR'],
  ] as [IncidentFacts, Level, string][])('%j → %s → %s', (facts, level, tier) => {
    const c = classifyIncident(facts);
    expect(c.level).toBe(level);
    expect(c.tier).toBe(tier);
    expect(c.tierByLevel).toBe(tier);
  });

  it('stamps both versions', () => {
    const c = classifyIncident({ type: 'fire' });
    expect(c.ruleSetVersion).toBe('cn-national/2024.1');
    expect(c.tierMappingVersion).toBe('tier-map/1');
  });

  it('stays compatible with the first rule set’s Classification', () => {
    const c: Classification = classifyIncident({ type: 'flood' });
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['tier', 'level', 'reasons', 'ruleSetVersion']));
  });

  describe('province-scale floor (natural-disaster relief)', () => {
    it.each([
      [{ casualties: { deaths: 1 } }],
      [{ casualties: { missing: 1 } }],
      [{ personsRelocated: 30 }],
      [{ housesCollapsed: 2 }],
    ] as [Facts][])(
      'lifts a flood with harm %j but no national level to T2_GENERAL, level still null',
      (facts) => {
        const c = classifyIncident({ type: 'flood', ...facts });
        expect(c.level).toBeNull();
        expect(c.tierByLevel).toBe('T1_MINOR');
        expect(c.tier).toBe('T2_GENERAL');
        expect(c.reasons.some((r) => r.includes('提升为 T2_GENERAL'))).toBe(true);
        expect(c.reasons.some((r) => r.includes('per province'))).toBe(true);
      },
    );

    it('leaves a flood with no reported harm at T1_MINOR', () => {
      const c = classifyIncident({ type: 'flood', casualties: { deaths: 0 }, personsRelocated: 0 });
      expect(c.tier).toBe('T1_MINOR');
    });

    it('does not apply to event-scale tables', () => {
      expect(classifyIncident({ type: 'fire', personsRelocated: 500 }).tier).toBe('T1_MINOR');
    });

    it('can be turned off in the mapping data', () => {
      const mapping = { ...TIER_MAPPING_V1, version: 'test/no-floor', provinceScaleHarmFloor: null };
      const c = classifyIncident(
        { type: 'earthquake', casualties: { deaths: 5 } },
        NATIONAL_CRITERIA_2024_V1,
        mapping,
      );
      expect(c.tier).toBe('T1_MINOR');
      expect(c.tierMappingVersion).toBe('test/no-floor');
    });
  });

  describe('hazard bump', () => {
    it.each(['major', 'high'] as const)(
      'a %s hazard point lifts T1_MINOR to T2_GENERAL with a reason',
      (riskGrade) => {
        const c = classifyIncident({
          type: 'landslide',
          hazardPoint: { riskGrade, id: 'HZ-1', name: '示例滑坡点' },
        });
        expect(c.level).toBeNull();
        expect(c.tierByLevel).toBe('T1_MINOR');
        expect(c.tier).toBe('T2_GENERAL');
        expect(c.reasons[c.reasons.length - 1]).toContain('示例滑坡点');
        expect(c.reasons[c.reasons.length - 1]).toContain('T1_MINOR 提升为 T2_GENERAL');
      },
    );

    it.each(['general', 'low'] as const)('a %s hazard point does not', (riskGrade) => {
      expect(classifyIncident({ type: 'landslide', hazardPoint: { riskGrade } }).tier).toBe('T1_MINOR');
    });

    it('does not raise T2 or T3 further, nor add a reason', () => {
      const t2 = classifyIncident({
        type: 'fire',
        casualties: { deaths: 1 },
        hazardPoint: { riskGrade: 'major' },
      });
      expect(t2.tier).toBe('T2_GENERAL');
      expect(t2.reasons.some((r) => r.includes('隐患点'))).toBe(false);
      const t3 = classifyIncident({
        type: 'fire',
        casualties: { deaths: 3 },
        hazardPoint: { riskGrade: 'major' },
      });
      expect(t3.tier).toBe('T3_MAJOR');
    });

    it('applies to any type, graded or not', () => {
      expect(classifyIncident({ type: 'public_security', hazardPoint: { riskGrade: 'high' } }).tier).toBe(
        'T2_GENERAL',
      );
    });

    it('names an unnamed point generically', () => {
      const c = classifyIncident({ type: 'gas_leak', hazardPoint: { riskGrade: 'major' } });
      expect(c.reasons[c.reasons.length - 1]).toContain('已登记隐患点');
    });

    it('can be turned off in the mapping data', () => {
      const mapping = { ...TIER_MAPPING_V1, hazardBump: null };
      const c = classifyIncident(
        { type: 'gas_leak', hazardPoint: { riskGrade: 'major' } },
        NATIONAL_CRITERIA_2024_V1,
        mapping,
      );
      expect(c.tier).toBe('T1_MINOR');
    });
  });
});

describe('classifyIncident: types with no table', () => {
  it('leaves an epidemic without a level until someone assesses it', () => {
    const c = classifyIncident({ type: 'epidemic', casualties: { sick: 500, deaths: 3 } });
    expect(c.level).toBeNull();
    expect(c.tier).toBe('T1_MINOR');
    expect(c.category).toBe('public_health');
    expect(c.reasons[0]).toContain('待卫生健康部门或值班员认定');
  });

  it('takes an epidemic’s assessed level', () => {
    const c = classifyIncident({ type: 'epidemic', assessedLevel: 'III', assessedBy: '区卫健局' });
    expect(c.level).toBe('III');
    expect(c.tier).toBe('T3_MAJOR');
    expect(c.decidedBy).toEqual([{ kind: 'assessed', level: 'III', provenance: 'officer' }]);
    expect(c.reasons[0]).toBe('传染病疫情: 人工认定 (区卫健局) → 较大 (III)');
  });

  it('never grades a social-security event, and says why', () => {
    const c = classifyIncident({ type: 'public_security', casualties: { deaths: 40 }, assessedLevel: 'I' });
    expect(c.level).toBeNull();
    expect(c.category).toBe('social_security');
    expect(c.reasons[0]).toContain('第三条不对其分级');
    expect(c.reasons.some((r) => r.includes('未采用'))).toBe(true);
  });

  it('ignores an assessed level for a table-graded type, with a reason', () => {
    const c = classifyIncident({ type: 'fire', assessedLevel: 'I' });
    expect(c.level).toBeNull();
    expect(c.reasons.some((r) => r.includes('人工认定级别 I 未采用'))).toBe(true);
  });
});

describe('classifyIncident: bad input', () => {
  function caught(fn: () => unknown): DomainError {
    try {
      fn();
    } catch (e) {
      if (e instanceof DomainError) return e;
      throw e;
    }
    throw new Error('expected a DomainError');
  }

  it.each(['alien_invasion', 'Flood', '', 'constructor'])('refuses unknown type %j at /type', (type) => {
    const e = caught(() => classifyIncident({ type }));
    expect(e).toMatchObject({
      code: 'CLASSIFICATION.UNKNOWN_TYPE',
      kind: 'invalid',
      details: { pointer: '/type' },
    });
  });

  it('refuses a missing type at /type', () => {
    const e = caught(() => classifyIncident({} as IncidentFacts));
    expect(e.details).toEqual({ pointer: '/type' });
  });

  it.each([
    [{ casualties: { deaths: -1 } }, '/casualties/deaths'],
    [{ casualties: { missing: Number.NaN } }, '/casualties/missing'],
    [{ casualties: { seriousInjuries: Number.POSITIVE_INFINITY } }, '/casualties/seriousInjuries'],
    [{ casualties: { trapped: -3 } }, '/casualties/trapped'],
    [{ casualties: { sick: 1.5 } }, '/casualties/sick'],
    [{ casualties: { deaths: '3' } }, '/casualties/deaths'],
    [{ economicLossCny: -0.01 }, '/economicLossCny'],
    [{ economicLossCny: Number.NEGATIVE_INFINITY }, '/economicLossCny'],
    [{ potentialLossCny: Number.NaN }, '/potentialLossCny'],
    [{ affectedAreaHa: -1 }, '/affectedAreaHa'],
    [{ personsThreatened: 2.5 }, '/personsThreatened'],
    [{ personsRelocated: -10 }, '/personsRelocated'],
    [{ housesCollapsed: Number.POSITIVE_INFINITY }, '/housesCollapsed'],
  ] as [Facts, string][])('refuses %j at %s', (facts, pointer) => {
    const e = caught(() => classifyIncident({ type: 'flood', ...facts }));
    expect(e).toMatchObject({ code: 'CLASSIFICATION.INVALID_NUMBER', kind: 'invalid', details: { pointer } });
  });

  it('validates every figure, even those the type does not grade by', () => {
    const e = caught(() => classifyIncident({ type: 'drowning', economicLossCny: -5 }));
    expect(e.details).toEqual({ pointer: '/economicLossCny' });
  });

  it('accepts fractional money and hectares, and nulls as "not reported"', () => {
    const c = classifyIncident({
      type: 'forest_fire',
      affectedAreaHa: 1.25,
      economicLossCny: 0.5,
      casualties: { deaths: null, sick: null },
      personsRelocated: null,
    });
    expect(c.level).toBe('III');
  });

  it('refuses an unknown risk grade and an unknown assessed level', () => {
    expect(
      caught(() => classifyIncident({ type: 'fire', hazardPoint: { riskGrade: 'extreme' as never } })),
    ).toMatchObject({
      code: 'CLASSIFICATION.INVALID_RISK_GRADE',
      details: { pointer: '/hazardPoint/riskGrade' },
    });
    expect(caught(() => classifyIncident({ type: 'epidemic', assessedLevel: 'V' as never }))).toMatchObject({
      code: 'CLASSIFICATION.INVALID_LEVEL',
      details: { pointer: '/assessedLevel' },
    });
  });
});

describe('classifyIncident: rule set as data', () => {
  it('follows the thresholds of the rule set it is given', () => {
    const ws = NATIONAL_CRITERIA_2024_V1.domains.work_safety as TableDomain;
    const local: TableDomain = {
      ...ws,
      measures: ws.measures.map((m) =>
        m.key !== 'deaths'
          ? m
          : {
              ...m,
              bands: m.bands.map((b) =>
                b.level === 'III' ? { ...b, from: 2 } : b.level === 'IV' ? { ...b, to: 2 } : b,
              ),
            },
      ),
    };
    const ruleSet = {
      ...NATIONAL_CRITERIA_2024_V1,
      version: 'test/local-1',
      domains: { ...NATIONAL_CRITERIA_2024_V1.domains, work_safety: local },
    };
    const c = classifyIncident({ type: 'fire', casualties: { deaths: 2 } }, ruleSet);
    expect(c.level).toBe('III');
    expect(c.ruleSetVersion).toBe('test/local-1');
    expect(classifyIncident({ type: 'fire', casualties: { deaths: 2 } }).level).toBe('IV');
  });
});

describe('measureValue', () => {
  it('reads each measure from its own field, undefined when not reported', () => {
    const facts: IncidentFacts = { type: 'flood', casualties: { deaths: 2, missing: 3 }, housesCollapsed: 7 };
    expect(measureValue(facts, 'deathsAndMissing')).toBe(5);
    expect(measureValue(facts, 'deaths')).toBe(2);
    expect(measureValue(facts, 'housesCollapsed')).toBe(7);
    expect(measureValue(facts, 'personsRelocated')).toBeUndefined();
    expect(measureValue({ type: 'flood' }, 'deathsAndMissing')).toBeUndefined();
  });
});
