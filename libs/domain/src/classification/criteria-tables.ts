import { Level } from '../incident/first-classification';
import { CriteriaDomainCode, MeasureKey } from './incident-types';

/**
 * The national grading criteria as data, each table transcribed from the national text its `source` names
 * (via the team's criteria notes, which are not part of this repository).
 *
 * Boundaries: "以上" includes the number, "以下" excludes it (条例 Art. 3; 森林防火条例 Art. 40; the 2016 relief
 * plan's "含本数 / 不含本数"). So every band is the half-open interval [from, to): 3 deaths is 较大, exactly
 * 1000万 yuan is 较大, 10 deaths is 重大.
 *
 * Combination: in every table a level is met when ANY one of its criteria is met ("或者"), and an incident
 * takes the HIGHEST level any criterion reaches. Upper edges are therefore redundant for evaluation; they
 * are kept so the data reads like the source and so tests can check the bands are contiguous.
 *
 * Provenance: each band says whether the criteria document found it in a public source ('src') or gives
 * it from memory ('unverified'). A measure's lowest band whose LOWER edge the text does not state (most
 * 一般 bands: "3人以下死亡") carries `floor: 'judgement'`: that edge is our choice, explained in the domain's
 * `belowGeneral` or the band's note.
 */

export type GradedLevel = Exclude<Level, null>;
export type Provenance = 'src' | 'unverified';

/** Highest first. */
export const GRADED_LEVELS: readonly GradedLevel[] = ['I', 'II', 'III', 'IV'];

/** Incident grades: 特别重大 / 重大 / 较大 / 一般 (Ⅰ–Ⅳ). */
export const LEVEL_NAMES_ZH: Readonly<Record<GradedLevel, string>> = {
  I: '特别重大',
  II: '重大',
  III: '较大',
  IV: '一般',
};

/** The interval [from, to) on one measure; `fromExclusive` makes it (from, to). `to: null` is unbounded. */
export interface MeasureInterval {
  from: number;
  fromExclusive?: boolean;
  to: number | null;
}

export interface CriteriaBand extends MeasureInterval {
  level: GradedLevel;
  provenance: Provenance;
  /** The lower edge of this band (the lowest of its measure) is not in the text: we chose it (see `belowGeneral`). */
  floor?: 'judgement';
  /** The source's wording. */
  text: string;
  note?: string;
}

export interface CriteriaMeasure {
  key: MeasureKey;
  nameZh: string;
  /** Unit word for reasons: 人, 公顷, 间; 'CNY' is printed as 元 / 万元 / 亿元. */
  unit: '人' | '公顷' | '间' | 'CNY';
  /** Highest level first, contiguous: each band's `to` is the next higher band's `from`. */
  bands: readonly CriteriaBand[];
}

/** A criterion that needs several measures at once (all must hold). */
export interface CompoundCriterion {
  level: GradedLevel;
  all: readonly (MeasureInterval & { measure: MeasureKey })[];
  provenance: Provenance;
  text: string;
}

export interface TableDomain {
  kind: 'table';
  nameZh: string;
  source: string;
  /** How this domain names its levels, when not 特别重大…一般 (e.g. 特大型…小型, Ⅰ级响应…). */
  levelNamesZh: Readonly<Record<GradedLevel, string>>;
  measures: readonly CriteriaMeasure[];
  compound?: readonly CompoundCriterion[];
  /** A level every incident of this domain reaches whatever its figures. */
  minimumLevel?: { level: GradedLevel; provenance: Provenance; text: string };
  /** 'event': thresholds apply to the incident itself. 'province': they are per-province response thresholds. */
  scale: 'event' | 'province';
  /** When an incident is BELOW 一般 (level null), in words. */
  belowGeneral: string;
  notes: readonly string[];
}

/** No table the classifier can apply: an officer (health department) assesses the level. */
export interface AssessedDomain {
  kind: 'assessed';
  nameZh: string;
  source: string;
  /** The criteria an officer weighs, as the document gives them. */
  guidance: readonly { level: GradedLevel; provenance: Provenance; text: string }[];
  notes: readonly string[];
}

/** Not graded at all by the national grading law. */
export interface UngradedDomain {
  kind: 'ungraded';
  nameZh: string;
  source: string;
  notes: readonly string[];
}

export type CriteriaDomain = TableDomain | AssessedDomain | UngradedDomain;

export interface CriteriaRuleSet {
  version: string;
  boundaryRule: string;
  domains: Readonly<Record<CriteriaDomainCode, CriteriaDomain>>;
}

const 万 = 10_000;
const 亿 = 100_000_000;

const GRADES = LEVEL_NAMES_ZH;

/** 条例 Art. 3, also used for fire, traffic, hazmat, gas, collapse and drowning. */
const WORK_SAFETY: TableDomain = {
  kind: 'table',
  nameZh: '生产安全事故',
  source: '《生产安全事故报告和调查处理条例》(国务院令第493号) 第三条',
  levelNamesZh: GRADES,
  scale: 'event',
  measures: [
    {
      key: 'deaths',
      nameZh: '死亡',
      unit: '人',
      bands: [
        { level: 'I', from: 30, to: null, provenance: 'src', text: '30人以上死亡' },
        { level: 'II', from: 10, to: 30, provenance: 'src', text: '10人以上30人以下死亡' },
        { level: 'III', from: 3, to: 10, provenance: 'src', text: '3人以上10人以下死亡' },
        { level: 'IV', from: 1, to: 3, provenance: 'src', floor: 'judgement', text: '3人以下死亡' },
      ],
    },
    {
      key: 'seriousInjuries',
      nameZh: '重伤 (含急性工业中毒)',
      unit: '人',
      bands: [
        { level: 'I', from: 100, to: null, provenance: 'src', text: '100人以上重伤' },
        { level: 'II', from: 50, to: 100, provenance: 'src', text: '50人以上100人以下重伤' },
        { level: 'III', from: 10, to: 50, provenance: 'src', text: '10人以上50人以下重伤' },
        { level: 'IV', from: 1, to: 10, provenance: 'src', floor: 'judgement', text: '10人以下重伤' },
      ],
    },
    {
      key: 'directLossCny',
      nameZh: '直接经济损失',
      unit: 'CNY',
      bands: [
        { level: 'I', from: 1 * 亿, to: null, provenance: 'src', text: '1亿元以上直接经济损失' },
        { level: 'II', from: 5000 * 万, to: 1 * 亿, provenance: 'src', text: '5000万元以上1亿元以下' },
        { level: 'III', from: 1000 * 万, to: 5000 * 万, provenance: 'src', text: '1000万元以上5000万元以下' },
        {
          level: 'IV',
          from: 0,
          fromExclusive: true,
          to: 1000 * 万,
          provenance: 'src',
          floor: 'judgement',
          text: '1000万元以下直接经济损失',
        },
      ],
    },
  ],
  belowGeneral:
    '一般 is "3人以下死亡 or 10人以下重伤 or 1000万元以下直接经济损失", which has no lower edge. We read it as: ' +
    'an accident with at least 1 death, or at least 1 serious injury, or any direct loss > 0 is 一般 (IV); ' +
    'with no death, no serious injury and no reported loss it is below 一般 (level null).',
  notes: [
    'Highest level reached by any of the three measures wins (the 条例 joins them with 或者; an interpretation).',
    'Missing persons are not counted as deaths by this table.',
    'Scope (Art. 2): environmental-pollution, nuclear and national-defence accidents are outside the 条例.',
  ],
};

/** 《森林防火条例》 (2008) Art. 40. */
const FOREST_FIRE: TableDomain = {
  kind: 'table',
  nameZh: '森林火灾',
  source: '《森林防火条例》(国务院令第541号) 第四十条',
  levelNamesZh: GRADES,
  scale: 'event',
  measures: [
    {
      key: 'burnedForestHa',
      nameZh: '受害森林面积',
      unit: '公顷',
      bands: [
        { level: 'I', from: 1000, to: null, provenance: 'src', text: '受害森林面积在1000公顷以上' },
        { level: 'II', from: 100, to: 1000, provenance: 'src', text: '100公顷以上1000公顷以下' },
        { level: 'III', from: 1, to: 100, provenance: 'src', text: '1公顷以上100公顷以下' },
        { level: 'IV', from: 0, fromExclusive: true, to: 1, provenance: 'src', text: '1公顷以下' },
      ],
    },
    {
      key: 'deaths',
      nameZh: '死亡',
      unit: '人',
      bands: [
        { level: 'I', from: 30, to: null, provenance: 'src', text: '死亡30人以上' },
        { level: 'II', from: 10, to: 30, provenance: 'src', text: '死亡10人以上30人以下' },
        { level: 'III', from: 3, to: 10, provenance: 'src', text: '死亡3人以上10人以下' },
        { level: 'IV', from: 1, to: 3, provenance: 'src', text: '死亡1人以上3人以下' },
      ],
    },
    {
      key: 'seriousInjuries',
      nameZh: '重伤',
      unit: '人',
      bands: [
        { level: 'I', from: 100, to: null, provenance: 'src', text: '重伤100人以上' },
        { level: 'II', from: 50, to: 100, provenance: 'src', text: '重伤50人以上100人以下' },
        { level: 'III', from: 10, to: 50, provenance: 'src', text: '重伤10人以上50人以下' },
        { level: 'IV', from: 1, to: 10, provenance: 'src', text: '重伤1人以上10人以下' },
      ],
    },
  ],
  minimumLevel: {
    level: 'IV',
    provenance: 'src',
    text: '受害森林面积在1公顷以下或者其他林地起火的 → 一般森林火灾',
  },
  belowGeneral:
    'Never: "其他林地起火" is already 一般, so every reported forest fire is at least 一般 (IV), even with no ' +
    'area, casualty or loss figure yet.',
  notes: ['The obsolete 1988 条例 graded 森林火警 below 一般; the 2008 text has no such class.'],
};

/**
 * 《国家自然灾害救助应急预案》: RESPONSE levels of the national relief plan, counted per province and per
 * disaster event. They stand in for incident grades of floods and earthquakes because the document has
 * nothing closer; Sichuan's, Bazhong's and Bazhou's own lower thresholds were not found.
 */
const NATURAL_DISASTER_RELIEF: TableDomain = {
  kind: 'table',
  nameZh: '自然灾害救助 (国家应急响应等级)',
  source: '《国家自然灾害救助应急预案》国办函〔2024〕11号 (Ⅰ级), 国办函〔2016〕25号 (Ⅱ–Ⅳ级)',
  levelNamesZh: { I: 'Ⅰ级响应', II: 'Ⅱ级响应', III: 'Ⅲ级响应', IV: 'Ⅳ级响应' },
  scale: 'province',
  measures: [
    {
      key: 'deathsAndMissing',
      nameZh: '死亡和失踪',
      unit: '人',
      bands: [
        { level: 'I', from: 200, to: null, provenance: 'src', text: '死亡和失踪200人以上 (2024)' },
        {
          level: 'II',
          from: 100,
          to: 200,
          provenance: 'src',
          text: '死亡100人以上200人以下 (2016)',
          note: '2016 value, which counted deaths only; the 2024 Ⅱ–Ⅳ values were not found.',
        },
        {
          level: 'III',
          from: 50,
          to: 100,
          provenance: 'src',
          text: '死亡50人以上100人以下 (2016)',
          note: '2016 value, which counted deaths only.',
        },
        {
          level: 'IV',
          from: 20,
          to: 50,
          provenance: 'unverified',
          text: '死亡20人以上50人以下 (2016, 未核实)',
        },
      ],
    },
    {
      key: 'personsRelocated',
      nameZh: '紧急转移安置或需紧急生活救助',
      unit: '人',
      bands: [
        { level: 'I', from: 200 * 万, to: null, provenance: 'src', text: '200万人以上 (2024)' },
        {
          level: 'II',
          from: 100 * 万,
          to: 200 * 万,
          provenance: 'src',
          text: '100万人以上200万人以下 (2016)',
        },
        {
          level: 'III',
          from: 50 * 万,
          to: 100 * 万,
          provenance: 'src',
          text: '50万人以上100万人以下 (2016)',
        },
        {
          level: 'IV',
          from: 10 * 万,
          to: 50 * 万,
          provenance: 'unverified',
          text: '10万人以上50万人以下 (2016, 未核实)',
        },
      ],
    },
    {
      key: 'housesCollapsed',
      nameZh: '倒塌和严重损坏房屋',
      unit: '间',
      bands: [
        { level: 'I', from: 30 * 万, to: null, provenance: 'src', text: '30万间或10万户以上 (2024)' },
        { level: 'II', from: 20 * 万, to: 30 * 万, provenance: 'src', text: '20万间或7万户以上 (2016)' },
        { level: 'III', from: 10 * 万, to: 20 * 万, provenance: 'src', text: '10万间或3万户以上 (2016)' },
        {
          level: 'IV',
          from: 1 * 万,
          to: 10 * 万,
          provenance: 'unverified',
          text: '1万间或3000户以上 (2016, 未核实)',
        },
      ],
    },
  ],
  belowGeneral:
    'Below the Ⅳ-level start (20 dead and missing, 10万 relocated, 1万间 houses) the national plan starts no ' +
    'response: level null. These are per-province figures, so almost every district flood or earthquake is ' +
    'level null; the tier mapping may lift such an incident with real harm (see TIER_MAPPING_V1).',
  notes: [
    'Per province and per disaster event, not per district.',
    'Houses are counted in 间 (rooms); the 户 (household) alternative is in the text only, not evaluated.',
    'The drought criterion (share of the agricultural population needing aid) is not evaluated.',
    'The 2024 plan counts 死亡和失踪; its Ⅱ–Ⅳ thresholds were not found, so the 2016 death-only figures are used.',
  ],
};

/** 《国家突发地质灾害应急预案》: 险情 (threat) and 灾情 (disaster) criteria. */
const GEOLOGICAL: TableDomain = {
  kind: 'table',
  nameZh: '地质灾害',
  source: '《国家突发地质灾害应急预案》',
  levelNamesZh: { I: '特大型', II: '大型', III: '中型', IV: '小型' },
  scale: 'event',
  measures: [
    {
      key: 'personsThreatened',
      nameZh: '险情: 受威胁需搬迁转移',
      unit: '人',
      bands: [
        { level: 'I', from: 1000, to: null, provenance: 'src', text: '受威胁人数1000人以上' },
        { level: 'II', from: 500, to: 1000, provenance: 'src', text: '500人以上1000人以下' },
        { level: 'III', from: 100, to: 500, provenance: 'src', text: '100人以上500人以下' },
        {
          level: 'IV',
          from: 0,
          fromExclusive: true,
          to: 100,
          provenance: 'src',
          floor: 'judgement',
          text: '100人以下',
        },
      ],
    },
    {
      key: 'potentialLossCny',
      nameZh: '险情: 潜在经济损失',
      unit: 'CNY',
      bands: [
        { level: 'I', from: 1 * 亿, to: null, provenance: 'src', text: '潜在经济损失1亿元以上' },
        { level: 'II', from: 5000 * 万, to: 1 * 亿, provenance: 'src', text: '5000万元以上1亿元以下' },
        { level: 'III', from: 500 * 万, to: 5000 * 万, provenance: 'src', text: '500万元以上5000万元以下' },
        {
          level: 'IV',
          from: 0,
          fromExclusive: true,
          to: 500 * 万,
          provenance: 'src',
          floor: 'judgement',
          text: '500万元以下',
        },
      ],
    },
    {
      key: 'deaths',
      nameZh: '灾情: 死亡',
      unit: '人',
      bands: [
        { level: 'I', from: 30, to: null, provenance: 'src', text: '因灾死亡30人以上' },
        { level: 'II', from: 10, to: 30, provenance: 'src', text: '10人以上30人以下' },
        { level: 'III', from: 3, to: 10, provenance: 'src', text: '3人以上10人以下' },
        { level: 'IV', from: 1, to: 3, provenance: 'src', floor: 'judgement', text: '3人以下' },
      ],
    },
    {
      key: 'directLossCny',
      nameZh: '灾情: 直接经济损失',
      unit: 'CNY',
      bands: [
        { level: 'I', from: 1000 * 万, to: null, provenance: 'src', text: '直接经济损失1000万元以上' },
        { level: 'II', from: 500 * 万, to: 1000 * 万, provenance: 'src', text: '500万元以上1000万元以下' },
        { level: 'III', from: 100 * 万, to: 500 * 万, provenance: 'src', text: '100万元以上500万元以下' },
        {
          level: 'IV',
          from: 0,
          fromExclusive: true,
          to: 100 * 万,
          provenance: 'src',
          floor: 'judgement',
          text: '100万元以下',
        },
      ],
    },
  ],
  belowGeneral:
    '小型 (IV) when anyone must be relocated, or anyone died, or there is any potential or direct loss > 0; ' +
    'with none of these (a report with no threat and no harm) it is below 小型 (level null).',
  notes: [
    'Deaths only, as in the national plan; some local texts count 因灾死亡和失踪.',
    '险情 counts persons threatened who need relocation (facts.personsThreatened).',
  ],
};

/** 《国家突发公共卫生事件应急预案》 food-poisoning lines (Ⅳ from the Jiangsu plan on gov.cn). */
const FOOD_POISONING: TableDomain = {
  kind: 'table',
  nameZh: '食物中毒',
  source: '《国家突发公共卫生事件应急预案》(2006); Ⅳ级: 江苏省食物中毒事件应急预案 (gov.cn 2006-09-07)',
  levelNamesZh: GRADES,
  scale: 'event',
  measures: [
    {
      key: 'sick',
      nameZh: '中毒人数',
      unit: '人',
      bands: [
        { level: 'III', from: 100, to: null, provenance: 'src', text: '一次食物中毒人数100人及以上' },
        {
          level: 'IV',
          from: 30,
          to: 100,
          provenance: 'src',
          text: '一次食物中毒人数30—99人，未出现死亡病例',
        },
      ],
    },
    {
      key: 'deaths',
      nameZh: '死亡',
      unit: '人',
      bands: [
        { level: 'II', from: 10, to: null, provenance: 'src', text: '出现10例以上死亡病例' },
        { level: 'III', from: 1, to: 10, provenance: 'src', text: '出现死亡病例' },
      ],
    },
  ],
  compound: [
    {
      level: 'II',
      all: [
        { measure: 'sick', from: 100, fromExclusive: true, to: null },
        { measure: 'deaths', from: 1, to: null },
      ],
      provenance: 'src',
      text: '一次食物中毒人数超过100人并出现死亡病例',
    },
  ],
  belowGeneral:
    'Fewer than 30 poisoned and no death: below 一般 (level null). The "no death" condition of Ⅳ needs no ' +
    'rule of its own: any death already reaches Ⅲ, and the highest level wins.',
  notes: [
    'There is no Ⅰ level for food poisoning in the document.',
    'facts.casualties.sick is the number poisoned, those who died included.',
  ],
};

/** 《国家突发公共卫生事件应急预案》 acute occupational poisoning lines. */
const OCCUPATIONAL_POISONING: TableDomain = {
  kind: 'table',
  nameZh: '急性职业中毒',
  source: '《国家突发公共卫生事件应急预案》(2006)',
  levelNamesZh: GRADES,
  scale: 'event',
  measures: [
    {
      key: 'sick',
      nameZh: '中毒人数',
      unit: '人',
      bands: [
        { level: 'II', from: 50, to: null, provenance: 'src', text: '一次急性职业中毒50人以上' },
        { level: 'III', from: 10, to: 50, provenance: 'src', text: '一次急性职业中毒10—49人' },
        {
          level: 'IV',
          from: 1,
          to: 10,
          provenance: 'unverified',
          text: '一次急性职业中毒9人以下，未出现死亡病例',
        },
      ],
    },
    {
      key: 'deaths',
      nameZh: '死亡',
      unit: '人',
      bands: [
        { level: 'II', from: 5, to: null, provenance: 'src', text: '死亡5人以上' },
        {
          level: 'III',
          from: 1,
          to: 5,
          provenance: 'src',
          floor: 'judgement',
          text: '死亡4人以下',
          note:
            'The document renders this "fewer than 4 deaths" while Ⅱ starts at 5, leaving exactly 4 deaths ' +
            'ungraded; we read 4人以下 as 1–4 so the bands meet. The lower edge 1 is ours: with no death the ' +
            'poisoned count decides.',
        },
      ],
    },
  ],
  belowGeneral: 'No one poisoned and no death: below 一般 (level null).',
  notes: ['There is no Ⅰ level for occupational poisoning in the document.'],
};

const EPIDEMIC: AssessedDomain = {
  kind: 'assessed',
  nameZh: '传染病疫情',
  source: '《国家突发公共卫生事件应急预案》(2006)',
  guidance: [
    { level: 'I', provenance: 'src', text: '肺鼠疫、肺炭疽在大、中城市发生并有扩散趋势, 或波及2个以上省份' },
    { level: 'I', provenance: 'src', text: '传染性非典型肺炎、人感染高致病性禽流感病例并有扩散趋势' },
    {
      level: 'I',
      provenance: 'src',
      text: '新传染病或我国尚未发现的传染病发生或传入并有扩散趋势, 或已消灭传染病重新流行',
    },
    {
      level: 'II',
      provenance: 'src',
      text: '乙、丙类传染病波及2个以上县, 1周内发病水平超过前5年同期平均发病水平2倍以上',
    },
    { level: 'II', provenance: 'src', text: '我国尚未发现的传染病发生或传入, 尚未造成扩散' },
    {
      level: 'III',
      provenance: 'src',
      text: '肺鼠疫、肺炭疽在一个县行政区域内发生, 一个平均潜伏期内病例数未超过5例 (另一来源: 1—4例)',
    },
    {
      level: 'III',
      provenance: 'src',
      text: '腺鼠疫在一个县内一个平均潜伏期内连续发病10例以上, 或波及2个以上县',
    },
    {
      level: 'III',
      provenance: 'src',
      text: '霍乱在一个县内1周内发病10—29例, 或波及2个以上县, 或市(地)级以上城市首次发生',
    },
    {
      level: 'III',
      provenance: 'src',
      text: '一周内一个县乙、丙类传染病发病水平超过前5年同期平均发病水平1倍以上',
    },
    { level: 'IV', provenance: 'unverified', text: '腺鼠疫在一个县内一个平均潜伏期内病例数未超过10例' },
    { level: 'IV', provenance: 'unverified', text: '霍乱在一个县内1周内发病9例以下' },
  ],
  notes: [
    'Case counts per incubation period, per county and against a 5-year baseline: not facts an alarm carries.',
    'The level is assessed by the health department or a duty officer (facts.assessedLevel); otherwise null.',
  ],
};

const SOCIAL_SECURITY: UngradedDomain = {
  kind: 'ungraded',
  nameZh: '社会安全事件',
  source: '《中华人民共和国突发事件应对法》(2024) 第三条',
  notes: [
    'Art. 3 grades natural disasters, accidents and public-health events only; 社会安全事件 are not graded by it.',
  ],
};

/** The national criteria, version 1 of the 2024 rule set. */
export const NATIONAL_CRITERIA_2024_V1: CriteriaRuleSet = {
  version: 'cn-national/2024.1',
  boundaryRule: '"以上" 含本数, "以下" 不含本数: every band is [from, to)',
  domains: {
    work_safety: WORK_SAFETY,
    forest_fire: FOREST_FIRE,
    natural_disaster_relief: NATURAL_DISASTER_RELIEF,
    geological: GEOLOGICAL,
    food_poisoning: FOOD_POISONING,
    occupational_poisoning: OCCUPATIONAL_POISONING,
    epidemic: EPIDEMIC,
    social_security: SOCIAL_SECURITY,
  },
};

/** Whether a value lies in an interval. */
export function inInterval(value: number, interval: MeasureInterval): boolean {
  const aboveFrom = interval.fromExclusive ? value > interval.from : value >= interval.from;
  return aboveFrom && (interval.to === null || value < interval.to);
}

/** Order of levels: null < IV < III < II < I. */
export function levelRank(level: Level): number {
  switch (level) {
    case 'I':
      return 4;
    case 'II':
      return 3;
    case 'III':
      return 2;
    case 'IV':
      return 1;
    default:
      return 0;
  }
}
