import { DomainError } from '../shared/domain-error';
import { NATIONAL_CRITERIA_2024_V1 } from './criteria-tables';
import { INCIDENT_CATEGORIES, INCIDENT_TYPES, incidentType, isIncidentType } from './incident-types';

const EXPECTED: [string, string, string][] = [
  ['fire', 'accident_disaster', 'work_safety'],
  ['forest_fire', 'natural_disaster', 'forest_fire'],
  ['flood', 'natural_disaster', 'natural_disaster_relief'],
  ['landslide', 'natural_disaster', 'geological'],
  ['earthquake', 'natural_disaster', 'natural_disaster_relief'],
  ['traffic_accident', 'accident_disaster', 'work_safety'],
  ['work_safety_accident', 'accident_disaster', 'work_safety'],
  ['hazmat_leak', 'accident_disaster', 'work_safety'],
  ['gas_leak', 'accident_disaster', 'work_safety'],
  ['building_collapse', 'accident_disaster', 'work_safety'],
  ['drowning', 'accident_disaster', 'work_safety'],
  ['food_poisoning', 'public_health', 'food_poisoning'],
  ['epidemic', 'public_health', 'epidemic'],
  ['public_security', 'social_security', 'social_security'],
];

describe('incident types', () => {
  it.each(EXPECTED)('%s is %s, graded by %s', (code, category, domain) => {
    const t = incidentType(code);
    expect(t.code).toBe(code);
    expect(t.category).toBe(category);
    expect(t.domain).toBe(domain);
    expect(t.nameZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('names the four categories of 突发事件应对法 Art. 2 and grades all but 社会安全事件', () => {
    expect(INCIDENT_CATEGORIES.natural_disaster.nameZh).toBe('自然灾害');
    expect(INCIDENT_CATEGORIES.accident_disaster.nameZh).toBe('事故灾难');
    expect(INCIDENT_CATEGORIES.public_health.nameZh).toBe('公共卫生事件');
    expect(INCIDENT_CATEGORIES.social_security.nameZh).toBe('社会安全事件');
    expect(INCIDENT_CATEGORIES.social_security.gradedByArt3).toBe(false);
    expect(INCIDENT_CATEGORIES.natural_disaster.gradedByArt3).toBe(true);
  });

  it('keys every type by its own code, with a domain the national rule set has', () => {
    for (const [code, t] of Object.entries(INCIDENT_TYPES)) {
      expect(t.code).toBe(code);
      expect(NATIONAL_CRITERIA_2024_V1.domains[t.domain]).toBeDefined();
    }
  });

  it('restricts a type to measures its domain has', () => {
    for (const t of Object.values(INCIDENT_TYPES)) {
      const domain = NATIONAL_CRITERIA_2024_V1.domains[t.domain];
      for (const m of t.measures ?? []) {
        expect(domain.kind).toBe('table');
        if (domain.kind === 'table') expect(domain.measures.map((x) => x.key)).toContain(m);
      }
    }
    expect(INCIDENT_TYPES.drowning.measures).toEqual(['deaths']);
  });

  it('recognises known codes only, case-sensitively, and not inherited keys', () => {
    expect(isIncidentType('flood')).toBe(true);
    expect(isIncidentType('Flood')).toBe(false);
    expect(isIncidentType('toString')).toBe(false);
    expect(isIncidentType('')).toBe(false);
    expect(isIncidentType(42)).toBe(false);
  });

  it('refuses an unknown code with CLASSIFICATION.UNKNOWN_TYPE at /type', () => {
    let error: unknown;
    try {
      incidentType('alien_invasion');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'CLASSIFICATION.UNKNOWN_TYPE',
      kind: 'invalid',
      details: { pointer: '/type' },
    });
  });
});
