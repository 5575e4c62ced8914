import { BAZHOU } from '../district/district';
import { distanceMetres } from '../shared/geo';
import { isCapability } from './capabilities';
import { BAZHOU_BOX, BAZHOU_RESCUE_TEAMS } from './bazhou-team-roster';
import data from './bazhou-rescue-teams.json';
import { CoverageIndex } from './coverage';
import { insideBox, validateRescueTeams } from './rescue-team';
import { StraightLineTerrainModel } from './travel-time-model';

describe('the Bazhou sample roster (bazhou-rescue-teams.json)', () => {
  const teams = BAZHOU_RESCUE_TEAMS;

  it('says loudly that it is fictional sample data', () => {
    expect(data.sample).toBe(true);
    expect(data.notice).toMatch(/FICTIONAL SAMPLE DATA/);
    for (const t of teams) expect(t.name).toMatch(/（示例）$/);
  });

  it('is valid: known capabilities, real township codes, bases inside the district box, unique ids', () => {
    expect(() => validateRescueTeams(data.teams, BAZHOU, BAZHOU_BOX)).not.toThrow();
    expect(new Set(teams.map((t) => t.id)).size).toBe(teams.length);
    for (const t of teams) {
      for (const c of t.capabilities) expect(isCapability(c)).toBe(true);
      if (t.townshipCode) expect(BAZHOU.township(t.townshipCode)).toBeDefined();
      expect(insideBox(t.base, BAZHOU_BOX)).toBe(true);
      expect(t.equipment.length).toBeGreaterThan(0);
      expect(t.status).toBe('available');
    }
  });

  it('has the fire brigade, a district professional team, the Blue Sky team and the militia', () => {
    const fire = teams.find((t) => t.kind === 'fire_brigade' && t.name.includes('消防救援大队'))!;
    expect(fire.vehicleClass).toBe('fire_engine');
    expect(fire.capabilities).toEqual(
      expect.arrayContaining(['fire_suppression', 'hydraulic_breaking', 'life_detector']),
    );
    expect(teams.some((t) => t.kind === 'professional' && t.level === 'district')).toBe(true);
    const blueSky = teams.find((t) => t.name.startsWith('巴州蓝天救援队') && t.level === 'district')!;
    expect(blueSky.kind).toBe('social');
    expect(blueSky.capabilities).toEqual(
      expect.arrayContaining(['drone', 'diving', 'rope_rescue', 'water_rescue', 'search_dogs']),
    );
    expect(teams.some((t) => t.kind === 'militia')).toBe(true);
  });

  it('has one township-level team per township, based within about 1 km of its approximate centre', () => {
    for (const township of BAZHOU.townships) {
      const own = teams.filter(
        (t) => t.level === 'township' && t.kind === 'cadre' && t.townshipCode === township.code,
      );
      expect(own).toHaveLength(1);
      expect(distanceMetres(own[0].base, township.approxPosition)).toBeLessThanOrEqual(1_050);
    }
  });

  it('has a few village-level teams', () => {
    expect(teams.filter((t) => t.level === 'village').length).toBeGreaterThanOrEqual(3);
  });

  it('covers every township centre within 15 minutes with the default model', () => {
    const report = CoverageIndex.build({ teams, model: new StraightLineTerrainModel() }).report();
    expect(report.townships).toHaveLength(25);
    expect(report.townships.filter((t) => !t.covered)).toEqual([]);
    expect(report.coveredShare).toBe(1);
  });
});
