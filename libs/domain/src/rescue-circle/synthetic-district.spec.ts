import { BAZHOU } from '../district/district';
import { BAZHOU_BOX } from './bazhou-team-roster';
import { insideBox, validateRescueTeams } from './rescue-team';
import { mulberry32, syntheticDistrict } from './synthetic-district';

describe('syntheticDistrict', () => {
  const d = syntheticDistrict(500, 2000, 7);

  it('makes the requested numbers of teams and village points on Bazhou’s 25 townships', () => {
    expect(d.teams).toHaveLength(500);
    expect(d.villages).toHaveLength(2000);
    expect(d.townships).toBe(BAZHOU.townships);
    expect(d.teams.filter((t) => t.level === 'district')).toHaveLength(10);
    expect(d.teams.filter((t) => t.level === 'township')).toHaveLength(50);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(syntheticDistrict(50, 100, 7)).toEqual(syntheticDistrict(50, 100, 7));
    expect(syntheticDistrict(50, 100, 8).villages[0]).not.toEqual(syntheticDistrict(50, 100, 7).villages[0]);
  });

  it('places everything inside the district box and passes roster validation', () => {
    for (const v of d.villages) expect(insideBox(v.position, BAZHOU_BOX)).toBe(true);
    expect(() => validateRescueTeams(d.teams, BAZHOU, BAZHOU_BOX)).not.toThrow();
    expect(new Set(d.villages.map((v) => v.id)).size).toBe(2000);
  });

  it('copes with tiny sizes', () => {
    expect(syntheticDistrict(3, 0, 1).teams).toHaveLength(3);
    expect(syntheticDistrict(40, 0, 1).teams).toHaveLength(40);
  });
});

describe('mulberry32', () => {
  it('yields numbers in [0, 1), the same sequence for the same seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      expect(b()).toBe(x);
    }
  });
});
