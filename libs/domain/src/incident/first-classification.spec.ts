import { classifyByType, FIRST_RULE_SET_VERSION } from './first-classification';

const GENERAL = ['building_collapse', 'earthquake', 'flood', 'forest_fire', 'hazmat_leak', 'landslide'];
const MINOR = ['fire', 'traffic_accident', 'drowning', 'unknown_type', 'Flood'];

describe('classifyByType (first rule set)', () => {
  it('has a rule-set version', () => {
    expect(FIRST_RULE_SET_VERSION).toBe('type-default/1');
  });

  it.each(GENERAL)('starts %s at 一般: T2_GENERAL, level IV', (type) => {
    const c = classifyByType(type);
    expect(c.tier).toBe('T2_GENERAL');
    expect(c.level).toBe('IV');
    expect(c.ruleSetVersion).toBe(FIRST_RULE_SET_VERSION);
    expect(c.reasons.length).toBeGreaterThan(0);
    expect(c.reasons.join(' ')).toContain(type);
  });

  it.each(MINOR)('starts %s below 一般: T1_MINOR, no level', (type) => {
    const c = classifyByType(type);
    expect(c.tier).toBe('T1_MINOR');
    expect(c.level).toBeNull();
    expect(c.ruleSetVersion).toBe(FIRST_RULE_SET_VERSION);
    expect(c.reasons.length).toBeGreaterThan(0);
    expect(c.reasons.every((r) => r.trim().length > 0)).toBe(true);
  });

  it('never starts at T3_MAJOR', () => {
    for (const type of [...GENERAL, ...MINOR]) expect(classifyByType(type).tier).not.toBe('T3_MAJOR');
  });
});
