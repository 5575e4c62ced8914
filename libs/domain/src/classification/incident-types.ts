import { DomainError } from '../shared/domain-error';

/**
 * The four categories of 突发事件 (《突发事件应对法》 Art. 2, 2024 revision). Only the first three are graded
 * 特别重大/重大/较大/一般 by Art. 3; 社会安全事件 are not graded by that article.
 */
export type IncidentCategory = 'natural_disaster' | 'accident_disaster' | 'public_health' | 'social_security';

export const INCIDENT_CATEGORIES: Readonly<
  Record<IncidentCategory, { nameZh: string; gradedByArt3: boolean }>
> = {
  natural_disaster: { nameZh: '自然灾害', gradedByArt3: true },
  accident_disaster: { nameZh: '事故灾难', gradedByArt3: true },
  public_health: { nameZh: '公共卫生事件', gradedByArt3: true },
  social_security: { nameZh: '社会安全事件', gradedByArt3: false },
};

/** The criteria domains of `criteria-tables.ts`: each grades by its own measures. */
export type CriteriaDomainCode =
  | 'work_safety'
  | 'forest_fire'
  | 'natural_disaster_relief'
  | 'geological'
  | 'food_poisoning'
  | 'occupational_poisoning'
  | 'epidemic'
  | 'social_security';

/** A quantity some table grades by. Each maps to exactly one field of the classifier's facts. */
export type MeasureKey =
  | 'deaths'
  | 'deathsAndMissing'
  | 'seriousInjuries'
  | 'sick'
  | 'directLossCny'
  | 'potentialLossCny'
  | 'burnedForestHa'
  | 'personsThreatened'
  | 'personsRelocated'
  | 'housesCollapsed';

export interface IncidentTypeDefinition {
  code: string;
  nameZh: string;
  category: IncidentCategory;
  /** The 2006 总体应急预案 sub-type the type belongs to, e.g. 水旱灾害. */
  subCategoryZh: string;
  /** The criteria domain whose table grades this type. */
  domain: CriteriaDomainCode;
  /** When set, only these measures of the domain grade the type (e.g. drowning: deaths only). */
  measures?: readonly MeasureKey[];
  note?: string;
}

const TYPES = [
  {
    code: 'fire',
    nameZh: '火灾',
    category: 'accident_disaster',
    subCategoryZh: '工矿商贸等企业的各类安全事故 / 火灾事故',
    domain: 'work_safety',
    note: 'Graded like work-safety (and fire) accidents: deaths, serious injuries, direct loss.',
  },
  {
    code: 'forest_fire',
    nameZh: '森林火灾',
    category: 'natural_disaster',
    subCategoryZh: '森林草原火灾',
    domain: 'forest_fire',
  },
  {
    code: 'flood',
    nameZh: '洪涝灾害',
    category: 'natural_disaster',
    subCategoryZh: '水旱灾害',
    domain: 'natural_disaster_relief',
    note: 'National relief-plan response thresholds, counted per province: far above district scale.',
  },
  {
    code: 'landslide',
    nameZh: '滑坡 / 崩塌 / 泥石流 (地质灾害)',
    category: 'natural_disaster',
    subCategoryZh: '地质灾害',
    domain: 'geological',
  },
  {
    code: 'earthquake',
    nameZh: '地震灾害',
    category: 'natural_disaster',
    subCategoryZh: '地震灾害',
    domain: 'natural_disaster_relief',
    note:
      'Uses the natural-disaster relief table (per province). The 国家地震应急预案 has its own grading, ' +
      'which is not in the criteria document and is not used.',
  },
  {
    code: 'severe_weather',
    nameZh: '气象灾害',
    category: 'natural_disaster',
    subCategoryZh: '气象灾害',
    domain: 'natural_disaster_relief',
    note:
      'Storms, gales, snow, hail, heat and the like (mostly CAP warnings). Graded, like floods, by the ' +
      'natural-disaster relief table once harm is reported.',
  },
  {
    code: 'traffic_accident',
    nameZh: '道路交通事故',
    category: 'accident_disaster',
    subCategoryZh: '交通运输事故',
    domain: 'work_safety',
  },
  {
    code: 'work_safety_accident',
    nameZh: '生产安全事故',
    category: 'accident_disaster',
    subCategoryZh: '工矿商贸等企业的各类安全事故',
    domain: 'work_safety',
  },
  {
    code: 'hazmat_leak',
    nameZh: '危险化学品泄漏',
    category: 'accident_disaster',
    subCategoryZh: '工矿商贸等企业的各类安全事故',
    domain: 'work_safety',
    note:
      'Graded as a work-safety accident. An environmental-pollution accident is outside the 条例 (Art. 2) ' +
      'and has its own plan, which is not in the criteria document.',
  },
  {
    code: 'gas_leak',
    nameZh: '燃气泄漏',
    category: 'accident_disaster',
    subCategoryZh: '公共设施和设备事故',
    domain: 'work_safety',
  },
  {
    code: 'building_collapse',
    nameZh: '房屋建筑倒塌',
    category: 'accident_disaster',
    subCategoryZh: '工矿商贸等企业的各类安全事故 / 公共设施和设备事故',
    domain: 'work_safety',
  },
  {
    code: 'drowning',
    nameZh: '溺水',
    category: 'accident_disaster',
    subCategoryZh: '事故灾难',
    domain: 'work_safety',
    measures: ['deaths'],
    note: 'Graded by deaths only, on the work-safety table.',
  },
  {
    code: 'food_poisoning',
    nameZh: '食物中毒',
    category: 'public_health',
    subCategoryZh: '食品安全和职业危害',
    domain: 'food_poisoning',
  },
  {
    code: 'occupational_poisoning',
    nameZh: '急性职业中毒',
    category: 'public_health',
    subCategoryZh: '食品安全和职业危害',
    domain: 'occupational_poisoning',
  },
  {
    code: 'epidemic',
    nameZh: '传染病疫情',
    category: 'public_health',
    subCategoryZh: '传染病疫情',
    domain: 'epidemic',
    note: 'No numeric table the classifier can apply: the level is assessed by an officer.',
  },
  {
    code: 'public_security',
    nameZh: '社会安全事件',
    category: 'social_security',
    subCategoryZh: '社会安全事件',
    domain: 'social_security',
    note: 'Not graded by 突发事件应对法 Art. 3: level always null.',
  },
] as const satisfies readonly IncidentTypeDefinition[];

export type IncidentTypeCode = (typeof TYPES)[number]['code'];

/** The incident vocabulary, by code. */
export const INCIDENT_TYPES: Readonly<Record<IncidentTypeCode, IncidentTypeDefinition>> = Object.freeze(
  Object.fromEntries(TYPES.map((t) => [t.code, t])) as Record<IncidentTypeCode, IncidentTypeDefinition>,
);

export function isIncidentType(code: unknown): code is IncidentTypeCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(INCIDENT_TYPES, code);
}

/** The definition of a type; an unknown code is invalid input. */
export function incidentType(code: string): IncidentTypeDefinition {
  if (!isIncidentType(code)) {
    throw new DomainError('CLASSIFICATION.UNKNOWN_TYPE', 'invalid', `unknown incident type ${String(code)}`, {
      pointer: '/type',
    });
  }
  return INCIDENT_TYPES[code];
}
