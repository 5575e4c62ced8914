import { TIER_MAPPING_V1, tierForLevel, tierRank } from './tier-mapping';

describe('TIER_MAPPING_V1', () => {
  it('is versioned', () => {
    expect(TIER_MAPPING_V1.version).toBe('tier-map/1');
  });

  it.each([
    [null, 'T1_MINOR'],
    ['IV', 'T2_GENERAL'],
    ['III', 'T3_MAJOR'],
    ['II', 'T3_MAJOR'],
    ['I', 'T3_MAJOR'],
  ] as const)('maps level %p to %s', (level, tier) => {
    expect(tierForLevel(level)).toBe(tier);
  });

  it('names the tiers as the seed does', () => {
    expect(TIER_MAPPING_V1.tierNamesZh).toEqual({
      T1_MINOR: '一般以下',
      T2_GENERAL: '一般',
      T3_MAJOR: '一般以上',
    });
  });

  it('bumps only T1 to T2, for major and high hazard points', () => {
    expect(TIER_MAPPING_V1.hazardBump).toMatchObject({
      riskGrades: ['major', 'high'],
      from: 'T1_MINOR',
      to: 'T2_GENERAL',
    });
  });

  it('orders tiers T1 < T2 < T3', () => {
    expect(tierRank('T1_MINOR')).toBeLessThan(tierRank('T2_GENERAL'));
    expect(tierRank('T2_GENERAL')).toBeLessThan(tierRank('T3_MAJOR'));
  });
});
