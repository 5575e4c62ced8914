import { DomainError } from '../shared/domain-error';
import { GeoPoint } from '../shared/geo';
import { BAZHOU } from '../district/district';
import { Capability } from './capabilities';
import { BAZHOU_RESCUE_TEAMS } from './bazhou-team-roster';
import { CoverageIndex, TownshipPlace } from './coverage';
import { RescueTeam, VehicleClass } from './rescue-team';
import { mulberry32, syntheticDistrict } from './synthetic-district';
import { chooseTeams } from './team-choice';
import { StraightLineTerrainModel } from './travel-time-model';

const model = new StraightLineTerrainModel();
const LAT = 31.8;
/** A point `km` kilometres east (negative: west) of 106.75° E on latitude 31.8° N. */
const east = (km: number): GeoPoint => ({
  lat: LAT,
  lon: 106.75 + km / (111.195 * Math.cos((LAT * Math.PI) / 180)),
});
const incident = east(0);

function team(
  id: string,
  at: GeoPoint,
  capabilities: Capability[] = ['rope_rescue'],
  vehicleClass: VehicleClass = 'suv',
  patch: Partial<RescueTeam> = {},
): RescueTeam {
  return {
    id,
    name: `${id}队`,
    level: 'township',
    kind: 'cadre',
    townshipCode: '511902001',
    base: at,
    vehicleClass,
    capabilities,
    equipment: ['器材'],
    status: 'available',
    members: 10,
    contact: { name: '张某某', phone: '13800000001' },
    ...patch,
  };
}

const here: TownshipPlace[] = [{ code: 'X', name: '事发镇', approxPosition: incident }];
const eta = (t: RescueTeam) => model.etaSeconds(t.base, incident, t.vehicleClass);

describe('chooseTeams: capabilities by earliest arrival', () => {
  const droneNear = team('team-drone', east(2), ['drone']);
  const both = team('team-both', east(-4), ['drone', 'diving']);
  const divingFar = team('team-diving', east(6), ['diving']);
  const teams = [divingFar, both, droneNear];

  it('covers every required capability, each with the earliest team that brings it, and records ETAs', () => {
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: ['drone', 'diving'],
      teams,
      model,
      townships: here,
    });
    expect(choice.chosen).toEqual([
      {
        teamId: 'team-drone',
        teamName: 'team-drone队',
        etaSeconds: eta(droneNear),
        covers: ['drone'],
        insideCircle: true,
      },
      {
        teamId: 'team-both',
        teamName: 'team-both队',
        etaSeconds: eta(both),
        covers: ['diving'],
        insideCircle: true,
      },
    ]);
    expect(eta(droneNear)).toBe(351); // 120 s + 2 km × 1.6 at 50 km/h
    expect(choice.uncovered).toEqual([]);
    expect(choice.lateCapabilities).toEqual([]);
    expect(choice.breachPredicted).toBe(false);
    expect(choice.bestEtaSeconds).toBe(351);
    expect(choice.reasons[0]).toContain('the earliest that brings it');
  });

  it('sends one team for several capabilities when it is the earliest for all of them', () => {
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: ['drone', 'diving'],
      teams: [team('team-all', east(1), ['drone', 'diving']), droneNear, divingFar],
      model,
      townships: here,
    });
    expect(choice.chosen.map((c) => [c.teamId, c.covers])).toEqual([['team-all', ['drone', 'diving']]]);
  });

  it('sends the single nearest team when no capability is required', () => {
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: [],
      teams,
      model,
      townships: here,
    });
    expect(choice.chosen.map((c) => [c.teamId, c.covers])).toEqual([['team-drone', []]]);
    expect(choice.reasons.join(' ')).toContain('no capability required');
  });

  it('skips teams that are not available', () => {
    const busy = { ...droneNear, status: 'en_route' as const };
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: ['drone'],
      teams: [busy, both, divingFar],
      model,
      townships: here,
    });
    expect(choice.chosen.map((c) => c.teamId)).toEqual(['team-both']);
  });

  it('names a capability nobody has as uncovered and still sends the rest', () => {
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: ['hazmat', 'drone'],
      teams,
      model,
      townships: here,
    });
    expect(choice.uncovered).toEqual(['hazmat']);
    expect(choice.chosen.map((c) => c.teamId)).toEqual(['team-drone']);
    expect(choice.reasons.join(' ')).toContain('no available team has hazmat (危化品处置)');
  });

  it('with a required capability nobody has, still sends the nearest team', () => {
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: ['hazmat'],
      teams,
      model,
      townships: here,
    });
    expect(choice.uncovered).toEqual(['hazmat']);
    expect(choice.chosen.map((c) => c.teamId)).toEqual(['team-drone']);
  });

  it('refuses unknown capabilities and bad points', () => {
    const base = { teams, model, townships: here };
    expect(() =>
      chooseTeams({ ...base, incidentPoint: incident, requiredCapabilities: ['x' as Capability] }),
    ).toThrow(DomainError);
    expect(() =>
      chooseTeams({ ...base, incidentPoint: { lat: Number.NaN, lon: 1 }, requiredCapabilities: [] }),
    ).toThrow(DomainError);
    expect(() =>
      chooseTeams({ ...base, incidentPoint: incident, requiredCapabilities: [], nearEqualSeconds: -1 }),
    ).toThrow(DomainError);
  });
});

describe('chooseTeams: the 15-minute circle', () => {
  it('predicts a breach when every team is far, and still sends the best', () => {
    const far = team('team-far', east(12), ['drone']);
    const farther = team('team-farther', east(-20), ['drone']);
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: ['drone'],
      teams: [farther, far],
      model,
      townships: here,
    });
    expect(choice.breachPredicted).toBe(true);
    expect(choice.chosen.map((c) => c.teamId)).toEqual(['team-far']);
    expect(choice.chosen[0].insideCircle).toBe(false);
    expect(choice.bestEtaSeconds).toBe(eta(far));
    expect(choice.bestEtaSeconds!).toBeGreaterThan(900);
    expect(choice.lateCapabilities).toEqual(['drone']);
    expect(choice.reasons.join(' ')).toContain('RescueCircleBreachPredicted');
  });

  it('predicts a breach with no team available at all', () => {
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: ['drone'],
      teams: [team('team-a', east(1), ['drone'], 'suv', { status: 'out_of_service' })],
      model,
      townships: here,
    });
    expect(choice).toMatchObject({
      chosen: [],
      uncovered: ['drone'],
      breachPredicted: true,
      bestEtaSeconds: null,
    });
  });

  it('adds the nearest team as first responder when the capability team arrives after the circle', () => {
    const diver = team('team-diver', east(15), ['diving']);
    const local = team('team-local', east(1), ['forest_firefighting'], 'pickup');
    const input = {
      incidentPoint: incident,
      requiredCapabilities: ['diving'] as Capability[],
      teams: [diver, local],
      model,
      townships: here,
    };
    const choice = chooseTeams(input);
    expect(choice.chosen.map((c) => [c.teamId, c.covers])).toEqual([
      ['team-diver', ['diving']],
      ['team-local', []],
    ]);
    expect(choice.breachPredicted).toBe(false);
    expect(choice.bestEtaSeconds).toBe(eta(local));
    expect(choice.lateCapabilities).toEqual(['diving']);

    const strict = chooseTeams({ ...input, ensureFirstResponder: false });
    expect(strict.chosen.map((c) => c.teamId)).toEqual(['team-diver']);
    expect(strict.breachPredicted).toBe(true);
  });

  it('in a breach, sends the nearest team ahead of a far capability team', () => {
    const diver = team('team-diver', east(25), ['diving']);
    const local = team('team-local', east(9), [], 'pickup');
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: ['diving'],
      teams: [diver, local],
      model,
      townships: here,
    });
    expect(choice.chosen.map((c) => c.teamId)).toEqual(['team-diver', 'team-local']);
    expect(choice.breachPredicted).toBe(true);
    expect(choice.bestEtaSeconds).toBe(eta(local));
  });
});

describe('chooseTeams: the tie-break keeps the circle whole', () => {
  // A is 3 km east (466 s), B 3.4 km west (512 s): near-equal (46 s apart).
  // Township 乙 (8 km east) is reached inside 900 s by A alone; 丙 (8 km west) by B and by C (10 km west).
  const a = team('team-a', east(3));
  const b = team('team-b', east(-3.4));
  const c = team('team-c', east(-10), ['medical']);
  const townships: TownshipPlace[] = [
    { code: 'X', name: '事发镇', approxPosition: incident },
    { code: 'Y', name: '乙镇', approxPosition: east(8) },
    { code: 'Z', name: '丙镇', approxPosition: east(-8) },
  ];
  const coverage = CoverageIndex.build({ teams: [a, b, c], model, townships });

  it('sets the scene: A is faster, and the only team covering 乙镇', () => {
    expect(eta(a)).toBe(466);
    expect(eta(b)).toBe(512);
    const report = coverage.report().townships;
    expect(report.map((t) => [t.code, t.teamId, t.covered])).toEqual([
      ['X', 'team-a', true],
      ['Y', 'team-a', true],
      ['Z', 'team-c', true],
    ]);
    expect(coverage.withStatusChange('team-a', 'dispatched').placeCoverage('Y')!.covered).toBe(false);
    expect(coverage.withStatusChange('team-b', 'dispatched').coveredShare).toBe(1);
  });

  it.each<[string, Capability[]]>([
    ['a required capability', ['rope_rescue']],
    ['no capability', []],
  ])('with %s, sends B: A would leave 乙镇 without any team inside 15 minutes', (_, required) => {
    const choice = chooseTeams({ incidentPoint: incident, requiredCapabilities: required, coverage });
    expect(choice.chosen.map((x) => x.teamId)).toEqual(['team-b']);
    expect(choice.chosen[0].etaSeconds).toBe(512);
    expect(choice.coverageEffect).toEqual({
      townshipsLosingCoverage: [],
      villagesLosingCoverage: 0,
      coveredShareBefore: 1,
      coveredShareAfter: 1,
    });
    const why = choice.reasons.find((r) => r.startsWith('near-equal tie-break'))!;
    expect(why).toContain('team-b');
    expect(why).toContain('乙镇');
  });

  it('without the near-equal window, sends A and reports 乙镇 uncovered', () => {
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: ['rope_rescue'],
      coverage,
      nearEqualSeconds: 0,
    });
    expect(choice.chosen.map((x) => x.teamId)).toEqual(['team-a']);
    expect(choice.coverageEffect.townshipsLosingCoverage).toEqual([{ code: 'Y', name: '乙镇' }]);
    expect(choice.coverageEffect.coveredShareAfter).toBeCloseTo(2 / 3, 10);
  });

  it('does not look beyond the window: a B 120 s slower loses to A', () => {
    const slowB = team('team-b', east(-4.5));
    const index = CoverageIndex.build({ teams: [a, slowB, c], model, townships });
    expect(eta(slowB) - eta(a)).toBeGreaterThan(60);
    const choice = chooseTeams({ incidentPoint: incident, requiredCapabilities: [], coverage: index });
    expect(choice.chosen.map((x) => x.teamId)).toEqual(['team-a']);
  });

  it('never trades an arrival inside the circle for one outside it', () => {
    // A' arrives at 880 s (inside) and alone covers 乙镇; B' at 930 s (outside) costs nothing.
    const inA = team('team-in', east(6.597));
    const outB = team('team-out', east(-7.031));
    expect(eta(inA)).toBe(880);
    expect(eta(outB)).toBe(930);
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: [],
      teams: [inA, outB],
      model,
      townships: [{ code: 'Y', name: '乙镇', approxPosition: east(10) }],
    });
    expect(choice.chosen.map((x) => x.teamId)).toEqual(['team-in']);
    expect(choice.breachPredicted).toBe(false);
  });

  it('prefers, among near-equal teams costing nothing, the one bringing more missing capabilities', () => {
    const droneOnly = team('team-d', east(1), ['drone']);
    const droneDiving = team('team-dd', east(-1.2), ['drone', 'diving']);
    const diver = team('team-v', east(2), ['diving']);
    const choice = chooseTeams({
      incidentPoint: incident,
      requiredCapabilities: ['drone', 'diving'],
      teams: [droneOnly, droneDiving, diver],
      model,
      townships: here,
    });
    expect(choice.chosen.map((x) => [x.teamId, x.covers])).toEqual([['team-dd', ['drone', 'diving']]]);
    expect(choice.reasons.join(' ')).toContain('it brings 2 of the missing capabilities, team-d队 1');
  });
});

describe('chooseTeams on a synthetic district', () => {
  const d = syntheticDistrict(500, 2000, 1);
  const coverage = CoverageIndex.build({ teams: d.teams, model, villages: d.villages });
  const caps: Capability[] = ['drone', 'diving', 'hydraulic_breaking', 'medical', 'rope_rescue', 'hazmat'];

  it('brings every capability no later than 60 s after its earliest possible arrival', () => {
    const rnd = mulberry32(3);
    for (let i = 0; i < 200; i++) {
      const point = { lat: 31.6 + rnd() * 0.42, lon: 106.55 + rnd() * 0.43 };
      const required = caps.filter(() => rnd() < 0.3);
      const choice = chooseTeams({ incidentPoint: point, requiredCapabilities: required, coverage });
      for (const cap of required) {
        const earliest = Math.min(
          ...d.teams
            .filter((t) => t.capabilities.includes(cap))
            .map((t) => model.etaSeconds(t.base, point, t.vehicleClass)),
        );
        const sent = choice.chosen.find((x) => x.covers.includes(cap));
        expect(sent).toBeDefined();
        expect(sent!.etaSeconds).toBeLessThanOrEqual(earliest + 60);
        if (earliest <= 900) expect(sent!.etaSeconds).toBeLessThanOrEqual(900);
      }
      expect(choice.chosen.length).toBeGreaterThan(0);
      expect(new Set(choice.chosen.map((x) => x.teamId)).size).toBe(choice.chosen.length);
    }
  });

  it('with no window, brings each capability with exactly the earliest team', () => {
    const point = { lat: 31.8, lon: 106.8 };
    const choice = chooseTeams({
      incidentPoint: point,
      requiredCapabilities: caps,
      coverage,
      nearEqualSeconds: 0,
    });
    for (const cap of caps) {
      const earliest = Math.min(
        ...d.teams
          .filter((t) => t.capabilities.includes(cap))
          .map((t) => model.etaSeconds(t.base, point, t.vehicleClass)),
      );
      expect(choice.chosen.find((x) => x.covers.includes(cap))!.etaSeconds).toBe(earliest);
    }
  });

  it('works on the Bazhou sample roster: a collapse in 东城街道 gets the fire brigade and the Blue Sky team', () => {
    const sample = CoverageIndex.build({ teams: BAZHOU_RESCUE_TEAMS, model });
    const choice = chooseTeams({
      incidentPoint: BAZHOU.requireTownship('511902001').approxPosition,
      requiredCapabilities: ['hydraulic_breaking', 'life_detector', 'search_dogs'],
      coverage: sample,
    });
    expect(choice.chosen.map((x) => x.teamId)).toEqual([
      'team-district-fire-brigade',
      'team-district-blue-sky',
    ]);
    expect(choice.breachPredicted).toBe(false);
  });
});
