import { DomainError } from '../shared/domain-error';
import { Classification, Level, Tier } from '../incident/first-classification';
import { RISK_GRADES, RiskGrade, isRiskGrade } from '../hazard/hazard-point';
import {
  AssessedDomain,
  CriteriaBand,
  CriteriaMeasure,
  CriteriaRuleSet,
  GRADED_LEVELS,
  GradedLevel,
  LEVEL_NAMES_ZH,
  NATIONAL_CRITERIA_2024_V1,
  Provenance,
  TableDomain,
  UngradedDomain,
  inInterval,
  levelRank,
} from './criteria-tables';
import {
  CriteriaDomainCode,
  IncidentCategory,
  IncidentTypeCode,
  IncidentTypeDefinition,
  MeasureKey,
  incidentType,
} from './incident-types';
import { TIER_MAPPING_V1, TierMapping, tierRank } from './tier-mapping';

/** What is known about an incident: the classifier's input. Absent figures are "not reported". */
export interface IncidentFacts {
  type: string;
  casualties?: {
    deaths?: number | null;
    missing?: number | null;
    seriousInjuries?: number | null;
    trapped?: number | null;
    /** Persons poisoned or ill (food / occupational poisoning), those who died included. */
    sick?: number | null;
  } | null;
  /** 直接经济损失 (CNY). */
  economicLossCny?: number | null;
  /** 潜在经济损失 (CNY): geological 险情. */
  potentialLossCny?: number | null;
  /** Burned forest area (公顷) for forest fires. */
  affectedAreaHa?: number | null;
  /** Persons threatened who need relocation: geological 险情. */
  personsThreatened?: number | null;
  /** Persons urgently relocated or needing emergency living aid: natural-disaster relief. */
  personsRelocated?: number | null;
  /** Collapsed and severely damaged houses, in 间 (rooms). */
  housesCollapsed?: number | null;
  /** The registered hazard point the incident is at or near (see HazardRegistry.alarmContext). */
  hazardPoint?: { riskGrade: RiskGrade; id?: string; name?: string } | null;
  /** A level assessed by the health department or a duty officer, for types with no numeric table. */
  assessedLevel?: GradedLevel | null;
  assessedBy?: string | null;
}

/** The criterion behind a reason. */
export interface DecidingCriterion {
  kind: 'band' | 'compound' | 'minimum' | 'assessed';
  level: GradedLevel;
  measure?: MeasureKey;
  value?: number;
  provenance: Provenance | 'officer';
  /** The band's lower edge is our reading, not the text (see the domain's belowGeneral). */
  floorJudgement?: boolean;
}

/** The national-criteria classification: the first rule set's `Classification`, extended. */
export interface NationalClassification extends Classification {
  type: IncidentTypeCode;
  category: IncidentCategory;
  domain: CriteriaDomainCode;
  tierMappingVersion: string;
  /** The criteria that decided the level; empty when the level is null. */
  decidedBy: DecidingCriterion[];
  /** True when the level rests on a row the criteria document marks [memory, unverified]. */
  unverified: boolean;
  /** The tier before floors and bumps, straight from the level. */
  tierByLevel: Tier;
}

interface NumericField {
  pointer: string;
  read: (f: IncidentFacts) => unknown;
  integer: boolean;
}

const NUMERIC_FIELDS: readonly NumericField[] = [
  { pointer: '/casualties/deaths', read: (f) => f.casualties?.deaths, integer: true },
  { pointer: '/casualties/missing', read: (f) => f.casualties?.missing, integer: true },
  { pointer: '/casualties/seriousInjuries', read: (f) => f.casualties?.seriousInjuries, integer: true },
  { pointer: '/casualties/trapped', read: (f) => f.casualties?.trapped, integer: true },
  { pointer: '/casualties/sick', read: (f) => f.casualties?.sick, integer: true },
  { pointer: '/economicLossCny', read: (f) => f.economicLossCny, integer: false },
  { pointer: '/potentialLossCny', read: (f) => f.potentialLossCny, integer: false },
  { pointer: '/affectedAreaHa', read: (f) => f.affectedAreaHa, integer: false },
  { pointer: '/personsThreatened', read: (f) => f.personsThreatened, integer: true },
  { pointer: '/personsRelocated', read: (f) => f.personsRelocated, integer: true },
  { pointer: '/housesCollapsed', read: (f) => f.housesCollapsed, integer: true },
];

function invalid(code: string, message: string, pointer: string): DomainError {
  return new DomainError(code, 'invalid', message, { pointer });
}

function validate(facts: IncidentFacts): IncidentTypeDefinition {
  if (typeof facts !== 'object' || facts === null) {
    throw invalid('CLASSIFICATION.INVALID_FACTS', 'facts must be an object', '');
  }
  const definition = incidentType(facts.type);
  for (const field of NUMERIC_FIELDS) {
    const value = field.read(facts);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalid(
        'CLASSIFICATION.INVALID_NUMBER',
        `${field.pointer} must be a finite number`,
        field.pointer,
      );
    }
    if (value < 0) {
      throw invalid('CLASSIFICATION.INVALID_NUMBER', `${field.pointer} must not be negative`, field.pointer);
    }
    if (field.integer && !Number.isInteger(value)) {
      throw invalid(
        'CLASSIFICATION.INVALID_NUMBER',
        `${field.pointer} must be a whole number`,
        field.pointer,
      );
    }
  }
  if (
    facts.hazardPoint !== undefined &&
    facts.hazardPoint !== null &&
    !isRiskGrade(facts.hazardPoint.riskGrade)
  ) {
    throw invalid(
      'CLASSIFICATION.INVALID_RISK_GRADE',
      `unknown risk grade ${String(facts.hazardPoint.riskGrade)}`,
      '/hazardPoint/riskGrade',
    );
  }
  if (
    facts.assessedLevel !== undefined &&
    facts.assessedLevel !== null &&
    !GRADED_LEVELS.includes(facts.assessedLevel)
  ) {
    throw invalid(
      'CLASSIFICATION.INVALID_LEVEL',
      `unknown level ${String(facts.assessedLevel)}`,
      '/assessedLevel',
    );
  }
  return definition;
}

function present(value: number | null | undefined): number | undefined {
  return value === null ? undefined : value;
}

/** The value of a measure in the facts, or undefined when not reported. */
export function measureValue(facts: IncidentFacts, key: MeasureKey): number | undefined {
  const c = facts.casualties ?? {};
  switch (key) {
    case 'deaths':
      return present(c.deaths);
    case 'deathsAndMissing': {
      const deaths = present(c.deaths);
      const missing = present(c.missing);
      return deaths === undefined && missing === undefined ? undefined : (deaths ?? 0) + (missing ?? 0);
    }
    case 'seriousInjuries':
      return present(c.seriousInjuries);
    case 'sick':
      return present(c.sick);
    case 'directLossCny':
      return present(facts.economicLossCny);
    case 'potentialLossCny':
      return present(facts.potentialLossCny);
    case 'burnedForestHa':
      return present(facts.affectedAreaHa);
    case 'personsThreatened':
      return present(facts.personsThreatened);
    case 'personsRelocated':
      return present(facts.personsRelocated);
    case 'housesCollapsed':
      return present(facts.housesCollapsed);
  }
}

const 万 = 10_000;
const 亿 = 100_000_000;

/** Yuan in the unit a reader expects, exactly: 1亿元, 1000万元, 2345元 (never rounded across a threshold). */
export function formatCny(value: number): string {
  if (value >= 亿 && value % 亿 === 0) return `${value / 亿}亿元`;
  if (value >= 万 && value % 万 === 0) return `${value / 万}万元`;
  return `${value}元`;
}

function formatValue(value: number, unit: CriteriaMeasure['unit']): string {
  return unit === 'CNY' ? formatCny(value) : `${value} ${unit}`;
}

function formatEdge(value: number, unit: CriteriaMeasure['unit']): string {
  return unit === 'CNY' ? formatCny(value) : `${value}`;
}

interface Hit {
  criterion: DecidingCriterion;
  reason: string;
}

function unverifiedMark(provenance: Provenance): string {
  return provenance === 'unverified' ? ' [未核实 unverified]' : '';
}

function levelLabel(domain: TableDomain, level: GradedLevel): string {
  return `${domain.levelNamesZh[level]} (${level})`;
}

function bandHit(domain: TableDomain, measure: CriteriaMeasure, band: CriteriaBand, value: number): Hit {
  const edge = `${band.fromExclusive ? '>' : '≥'} ${formatEdge(band.from, measure.unit)}`;
  return {
    criterion: {
      kind: 'band',
      level: band.level,
      measure: measure.key,
      value,
      provenance: band.provenance,
      ...(band.floor ? { floorJudgement: true } : {}),
    },
    reason:
      `${measure.nameZh} ${formatValue(value, measure.unit)} ${edge} → ${levelLabel(domain, band.level)}` +
      unverifiedMark(band.provenance),
  };
}

function gradeByTable(
  domain: TableDomain,
  facts: IncidentFacts,
  active: ReadonlySet<MeasureKey>,
): { level: Level; hits: Hit[]; notes: string[] } {
  const hits: Hit[] = [];
  const measures = domain.measures.filter((m) => active.has(m.key));
  for (const measure of measures) {
    const value = measureValue(facts, measure.key);
    if (value === undefined) continue;
    const band = measure.bands.find((b) => inInterval(value, b));
    if (band) hits.push(bandHit(domain, measure, band, value));
  }
  for (const compound of domain.compound ?? []) {
    if (!compound.all.every((c) => active.has(c.measure))) continue;
    const values = compound.all.map((c) => measureValue(facts, c.measure));
    if (!compound.all.every((c, i) => values[i] !== undefined && inInterval(values[i] as number, c)))
      continue;
    const parts = compound.all.map((c, i) => {
      const measure = domain.measures.find((m) => m.key === c.measure);
      const unit = measure?.unit ?? '人';
      const edge = `${c.fromExclusive ? '>' : '≥'} ${formatEdge(c.from, unit)}`;
      return `${measure?.nameZh ?? c.measure} ${formatValue(values[i] as number, unit)} ${edge}`;
    });
    hits.push({
      criterion: { kind: 'compound', level: compound.level, provenance: compound.provenance },
      reason: `${parts.join(' 且 ')} → ${levelLabel(domain, compound.level)}${unverifiedMark(compound.provenance)}`,
    });
  }
  const best = hits.reduce<Level>(
    (acc, h) => (levelRank(h.criterion.level) > levelRank(acc) ? h.criterion.level : acc),
    null,
  );
  const notes: string[] = [];
  if (domain.minimumLevel && levelRank(domain.minimumLevel.level) > levelRank(best)) {
    const min = domain.minimumLevel;
    return {
      level: min.level,
      hits: [
        {
          criterion: { kind: 'minimum', level: min.level, provenance: min.provenance },
          reason: `${domain.nameZh}: ${min.text} → ${levelLabel(domain, min.level)}${unverifiedMark(min.provenance)}`,
        },
      ],
      notes,
    };
  }
  if (best === null) {
    const readings = measures.map((m) => {
      const value = measureValue(facts, m.key);
      return `${m.nameZh} ${value === undefined ? '未报告' : formatValue(value, m.unit)}`;
    });
    notes.push(`${readings.join(', ')}: 均未达${levelLabel(domain, 'IV')} → 一般以下 (无级别, level null)`);
    return { level: null, hits: [], notes };
  }
  return { level: best, hits: hits.filter((h) => h.criterion.level === best), notes };
}

function gradeByAssessment(
  domain: AssessedDomain,
  facts: IncidentFacts,
): { level: Level; hits: Hit[]; notes: string[] } {
  const assessed = facts.assessedLevel ?? null;
  if (assessed === null) {
    return {
      level: null,
      hits: [],
      notes: [
        `${domain.nameZh}: 无可直接计算的数值标准 (按病种、潜伏期、县域和5年基线), 级别待卫生健康部门或值班员认定 → 暂无级别 (level null)`,
      ],
    };
  }
  const by = facts.assessedBy ? ` (${facts.assessedBy})` : '';
  return {
    level: assessed,
    hits: [
      {
        criterion: { kind: 'assessed', level: assessed, provenance: 'officer' },
        reason: `${domain.nameZh}: 人工认定${by} → ${LEVEL_NAMES_ZH[assessed]} (${assessed})`,
      },
    ],
    notes: [],
  };
}

function gradeUngraded(domain: UngradedDomain): { level: Level; hits: Hit[]; notes: string[] } {
  return {
    level: null,
    hits: [],
    notes: [
      `${domain.nameZh}: 《突发事件应对法》第三条不对其分级 → 无级别 (not graded by Art. 3, level null)`,
    ],
  };
}

/**
 * Classifies an incident by the national criteria: the type's own domain and measures; the highest level
 * any criterion reaches wins; the level maps onto the tier, which floors and the hazard bump may raise.
 */
export function classifyIncident(
  facts: IncidentFacts,
  ruleSet: CriteriaRuleSet = NATIONAL_CRITERIA_2024_V1,
  tierMapping: TierMapping = TIER_MAPPING_V1,
): NationalClassification {
  const definition = validate(facts);
  const type = definition.code as IncidentTypeCode;
  const domain = ruleSet.domains[definition.domain];
  const reasons: string[] = [];

  let graded: { level: Level; hits: Hit[]; notes: string[] };
  let activeMeasures: MeasureKey[] = [];
  if (domain.kind === 'table') {
    activeMeasures = domain.measures
      .map((m) => m.key)
      .filter((k) => !definition.measures || definition.measures.includes(k));
    graded = gradeByTable(domain, facts, new Set(activeMeasures));
  } else if (domain.kind === 'assessed') {
    graded = gradeByAssessment(domain, facts);
  } else {
    graded = gradeUngraded(domain);
  }
  const { level, hits } = graded;
  reasons.push(...hits.map((h) => h.reason), ...graded.notes);

  if (domain.kind !== 'assessed' && facts.assessedLevel) {
    reasons.push(
      `人工认定级别 ${facts.assessedLevel} 未采用: ${definition.nameZh} 不按人工认定分级 (assessed level ignored)`,
    );
  }
  if (domain.kind === 'table' && domain.scale === 'province') {
    reasons.push(`注: ${domain.nameZh} 阈值按省计 (per province), 远高于区县规模`);
  }

  const tierByLevel = tierMapping.byLevel[level ?? 'none'];
  let tier = tierByLevel;
  const levelText = level === null ? '无级别' : `${LEVEL_NAMES_ZH[level]} (${level})`;
  reasons.push(`${levelText} → ${tier} (${tierMapping.tierNamesZh[tier]})`);

  const floor = tierMapping.provinceScaleHarmFloor;
  if (floor && domain.kind === 'table' && domain.scale === 'province' && level === null) {
    const harmed = domain.measures.filter(
      (m) => activeMeasures.includes(m.key) && (measureValue(facts, m.key) ?? 0) > 0,
    );
    if (harmed.length > 0 && tierRank(floor.tier) > tierRank(tier)) {
      const what = harmed.map(
        (m) => `${m.nameZh} ${formatValue(measureValue(facts, m.key) as number, m.unit)}`,
      );
      reasons.push(
        `${what.join(', ')}: 国家阈值按省计, 本区有实际灾情 → ${tier} 提升为 ${floor.tier} (${tierMapping.tierNamesZh[floor.tier]})`,
      );
      tier = floor.tier;
    }
  }

  const bump = tierMapping.hazardBump;
  const hazard = facts.hazardPoint ?? null;
  if (bump && hazard && bump.riskGrades.includes(hazard.riskGrade) && tier === bump.from) {
    const name = hazard.name ?? hazard.id ?? '已登记隐患点';
    reasons.push(
      `位于${RISK_GRADES[hazard.riskGrade].nameZh}隐患点 ${name} 处或附近 → ${tier} 提升为 ${bump.to} (${tierMapping.tierNamesZh[bump.to]})`,
    );
    tier = bump.to;
  }

  const decidedBy = hits.map((h) => h.criterion);
  return {
    type,
    category: definition.category,
    domain: definition.domain,
    level,
    tier,
    tierByLevel,
    reasons,
    decidedBy,
    unverified: decidedBy.some((c) => c.provenance === 'unverified'),
    ruleSetVersion: ruleSet.version,
    tierMappingVersion: tierMapping.version,
  };
}
