import { Level, Tier } from '../incident/first-classification';
import { RiskGrade } from '../hazard/hazard-point';
import { GradedLevel } from './criteria-tables';

/**
 * How a national level becomes the district's handling tier (一般以下 / 一般 / 一般以上), as versioned data.
 *
 * 1. By level: no level → T1_MINOR, 一般 (IV) → T2_GENERAL, 较大/重大/特别重大 (III/II/I) → T3_MAJOR.
 * 2. Province-scale floor: the natural-disaster relief thresholds count per PROVINCE (20 dead and missing,
 *    10万 relocated, 1万间 houses for Ⅳ), so a district flood or earthquake almost never reaches a level. When
 *    such an incident has any reported harm on its table's measures (a death or missing person, anyone
 *    relocated, a collapsed house), it is handled at T2_GENERAL rather than left to the township alone. The
 *    level stays null: this lifts the tier, not the national grade. Set `provinceScaleHarmFloor` to null to
 *    turn this off.
 * 3. Hazard bump: an incident at or near a registered hazard point graded 重大 or 较大 is lifted from
 *    T1_MINOR to T2_GENERAL, so the department that answers for the point joins; the point's responsible
 *    person and leader are reached either way (see HazardRegistry).
 *
 * Floors and bumps only ever raise a tier, never lower it, and each adds a reason.
 */
export interface TierMapping {
  version: string;
  byLevel: Readonly<Record<GradedLevel | 'none', Tier>>;
  tierNamesZh: Readonly<Record<Tier, string>>;
  provinceScaleHarmFloor: { tier: Tier; rule: string } | null;
  hazardBump: { riskGrades: readonly RiskGrade[]; from: Tier; to: Tier; rule: string } | null;
}

export const TIER_MAPPING_V1: TierMapping = {
  version: 'tier-map/1',
  byLevel: { none: 'T1_MINOR', IV: 'T2_GENERAL', III: 'T3_MAJOR', II: 'T3_MAJOR', I: 'T3_MAJOR' },
  tierNamesZh: { T1_MINOR: '一般以下', T2_GENERAL: '一般', T3_MAJOR: '一般以上' },
  provinceScaleHarmFloor: {
    tier: 'T2_GENERAL',
    rule: 'per-province table, no level reached, but harm reported on one of its measures → T2_GENERAL',
  },
  hazardBump: {
    riskGrades: ['major', 'high'],
    from: 'T1_MINOR',
    to: 'T2_GENERAL',
    rule: 'at or near a hazard point of risk grade major/high: T1_MINOR → T2_GENERAL',
  },
};

const TIER_RANK: Readonly<Record<Tier, number>> = { T1_MINOR: 1, T2_GENERAL: 2, T3_MAJOR: 3 };

/** Order of tiers: T1_MINOR < T2_GENERAL < T3_MAJOR. */
export function tierRank(tier: Tier): number {
  return TIER_RANK[tier];
}

export function tierForLevel(level: Level, mapping: TierMapping = TIER_MAPPING_V1): Tier {
  return mapping.byLevel[level ?? 'none'];
}
