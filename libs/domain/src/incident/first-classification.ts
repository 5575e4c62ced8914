export type Tier = 'T1_MINOR' | 'T2_GENERAL' | 'T3_MAJOR';
export type Level = 'I' | 'II' | 'III' | 'IV' | null;

export interface Classification {
  tier: Tier;
  level: Level;
  reasons: string[];
  ruleSetVersion: string;
}

/**
 * The first classification rule (分级): by incident type alone. Types whose mere report already calls
 * for a department's response start at 一般 (T2_GENERAL, level IV); everything else starts below 一般
 * (T1_MINOR), where the township leads alone. The national-criteria classifier replaces this.
 */
const GENERAL_BY_TYPE: ReadonlySet<string> = new Set([
  'building_collapse',
  'earthquake',
  'flood',
  'forest_fire',
  'hazmat_leak',
  'landslide',
]);

export const FIRST_RULE_SET_VERSION = 'type-default/1';

export function classifyByType(type: string): Classification {
  if (GENERAL_BY_TYPE.has(type)) {
    return {
      tier: 'T2_GENERAL',
      level: 'IV',
      reasons: [`类型 ${type} 默认一般级 (type ${type} starts at 一般 / IV)`],
      ruleSetVersion: FIRST_RULE_SET_VERSION,
    };
  }
  return {
    tier: 'T1_MINOR',
    level: null,
    reasons: [`类型 ${type} 默认一般以下 (type ${type} starts below 一般)`],
    ruleSetVersion: FIRST_RULE_SET_VERSION,
  };
}
