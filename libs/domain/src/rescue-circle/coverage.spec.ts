import { DomainError } from '../shared/domain-error';
import { GeoPoint, distanceMetres } from '../shared/geo';
import { CoverageIndex, TownshipPlace, capabilitiesOfMask, capabilityMask } from './coverage';
import { RescueTeam, TEAM_STATUS_TRANSITIONS, VehicleClass } from './rescue-team';
import { mulberry32, syntheticDistrict } from './synthetic-district';
import { StraightLineTerrainModel, TravelTimeModel } from './travel-time-model';

const model = new StraightLineTerrainModel();
const LAT = 31.8;
/** A point `km` kilometres east (negative: west) of 106.75° E on latitude 31.8° N. */
const east = (km: number): GeoPoint => ({
  lat: LAT,
  lon: 106.75 + km / (111.195 * Math.cos((LAT * Math.PI) / 180)),
});
const expectedEta = (from: GeoPoint, to: GeoPoint, vc: VehicleClass) =>
  Math.ceil(
    model.config.turnoutSeconds[vc] + (distanceMetres(from, to) * 1.6) / (model.config.speedKmh[vc] / 3.6),
  );

function team(
  id: string,
  at: GeoPoint,
  vehicleClass: VehicleClass = 'fire_engine',
  patch: Partial<RescueTeam> = {},
) {
  return {
    id,
    name: `${id}队`,
    level: 'township',
    kind: 'cadre',
    townshipCode: '511902001',
    base: at,
    vehicleClass,
    capabilities: ['rope_rescue'],
    equipment: ['救援绳索系统'],
    status: 'available',
    members: 10,
    contact: { name: '张某某', phone: '13800000001' },
    ...patch,
  } as RescueTeam;
}

const townships: TownshipPlace[] = [
  { code: 'T1', name: '甲镇', approxPosition: east(0) },
  { code: 'T2', name: '乙镇', approxPosition: east(5) },
  { code: 'T3', name: '丙镇', approxPosition: east(20) },
];

describe('CoverageIndex', () => {
  it('reports per township the best ETA of an available team, whether it is inside 900 s, and the share', () => {
    const near = team('team-a', east(1));
    const far = team('team-b', east(30), 'suv');
    const index = CoverageIndex.build({ teams: [near, far], model, townships });
    const report = index.report();
    const t1 = expectedEta(near.base, east(0), 'fire_engine'); // 1 km: 60 + 144 = 204 s
    const t2 = expectedEta(near.base, east(5), 'fire_engine'); // 4 km: 60 + 576 = 636 s
    const t3 = expectedEta(far.base, east(20), 'suv'); // 10 km: 120 + 1,152 = 1,272 s
    expect([t1, t2, t3]).toEqual([204, 636, 1272]);
    expect(report).toEqual({
      circleSeconds: 900,
      townships: [
        { code: 'T1', name: '甲镇', bestEtaSeconds: t1, teamId: 'team-a', covered: true },
        { code: 'T2', name: '乙镇', bestEtaSeconds: t2, teamId: 'team-a', covered: true },
        { code: 'T3', name: '丙镇', bestEtaSeconds: t3, teamId: 'team-b', covered: false },
      ],
      coveredShare: 2 / 3,
    });
    expect(report.villages).toBeUndefined();
    expect(index.coveredPlaces).toBe(2);
    expect(index.placeCoverage('T3')).toEqual(report.townships[2]);
    expect(index.placeCoverage('nowhere')).toBeUndefined();
  });

  it('honours another circle', () => {
    const index = CoverageIndex.build({
      teams: [team('team-a', east(1))],
      model,
      townships,
      circleSeconds: 300,
    });
    expect(index.report().townships.map((t) => t.covered)).toEqual([true, false, false]);
  });

  it('changes as a team is dispatched and comes back, leaving earlier snapshots untouched', () => {
    const a = team('team-a', east(0.5));
    const b = team('team-b', east(4.5));
    const before = CoverageIndex.build({ teams: [a, b], model, townships });
    expect(before.report().townships.map((t) => t.teamId)).toEqual(['team-a', 'team-b', 'team-b']);
    expect(before.coveredShare).toBe(2 / 3);

    const dispatched = before.withStatusChange('team-a', 'dispatched');
    const t1 = dispatched.report().townships[0];
    expect(t1.teamId).toBe('team-b');
    expect(t1.bestEtaSeconds).toBe(expectedEta(b.base, east(0), 'fire_engine'));
    expect(t1.covered).toBe(true); // b reaches T1 too: 4.5 km → 708 s

    const bothOut = dispatched.withStatusChange('team-b', 'dispatched');
    expect(bothOut.report()).toEqual({
      circleSeconds: 900,
      townships: townships.map((t) => ({
        code: t.code,
        name: t.name,
        bestEtaSeconds: null,
        teamId: null,
        covered: false,
      })),
      coveredShare: 0,
    });

    const back = bothOut
      .withStatusChange('team-a', 'en_route')
      .withStatusChange('team-a', 'on_scene')
      .withStatusChange('team-a', 'returning');
    expect(back.coveredShare).toBe(0); // returning is not available
    const home = back.withStatusChange('team-a', 'available').withStatusChange('team-b', 'available');
    expect(home.report()).toEqual(before.report());
    expect(home.team('team-a')!.status).toBe('available');
    expect(before.team('team-a')!.status).toBe('available');
    expect(dispatched.team('team-a')!.status).toBe('dispatched');
    expect(before.report().townships[0].teamId).toBe('team-a');
  });

  it('answers village points too, and counts them in the share', () => {
    const index = CoverageIndex.build({
      teams: [team('team-a', east(0))],
      model,
      townships: townships.slice(0, 1),
      villages: [
        { id: 'v-near', name: '近村', townshipCode: 'T1', position: east(2) },
        { id: 'v-far', name: '远村', position: east(15) },
      ],
    });
    const r = index.report();
    expect(r.villages).toEqual([
      {
        id: 'v-near',
        name: '近村',
        townshipCode: 'T1',
        bestEtaSeconds: 348,
        teamId: 'team-a',
        covered: true,
      },
      {
        id: 'v-far',
        name: '远村',
        townshipCode: null,
        bestEtaSeconds: expectedEta(east(0), east(15), 'fire_engine'),
        teamId: 'team-a',
        covered: false,
      },
    ]);
    expect(r.coveredShare).toBe(2 / 3);
  });

  it('refuses an illegal status move and an unknown team', () => {
    const index = CoverageIndex.build({ teams: [team('team-a', east(0))], model, townships });
    expect(() => index.withStatusChange('team-a', 'on_scene')).toThrow(
      expect.objectContaining({ code: 'RESCUE_TEAM.ILLEGAL_TRANSITION' }),
    );
    const e = (() => {
      try {
        index.withStatusChange('team-x', 'dispatched');
      } catch (err) {
        return err as DomainError;
      }
    })();
    expect(e?.code).toBe('RESCUE_CIRCLE.UNKNOWN_TEAM');
    expect(e?.kind).toBe('not_found');
  });

  it('refuses duplicate team ids and a non-positive circle', () => {
    const a = team('team-a', east(0));
    expect(() => CoverageIndex.build({ teams: [a, a], model, townships })).toThrow(DomainError);
    expect(() => CoverageIndex.build({ teams: [a], model, townships, circleSeconds: 0 })).toThrow(
      DomainError,
    );
  });

  it('counts teams already out of service at build as unavailable', () => {
    const index = CoverageIndex.build({
      teams: [team('team-a', east(0), 'fire_engine', { status: 'out_of_service' })],
      model,
      townships,
    });
    expect(index.coveredShare).toBe(0);
    expect(index.withStatusChange('team-a', 'available').coveredShare).toBe(2 / 3);
  });

  it('gives the same answers without the spatial prefilter (a model with no reachMetres)', () => {
    const d = syntheticDistrict(80, 300, 3);
    const plain: TravelTimeModel = { etaSeconds: (a, b, vc) => model.etaSeconds(a, b, vc) };
    const withGrid = CoverageIndex.build({ teams: d.teams, model, villages: d.villages });
    const without = CoverageIndex.build({ teams: d.teams, model: plain, villages: d.villages });
    expect(withGrid.report()).toEqual(without.report());
  });

  it('after any sequence of status changes equals an index built afresh from the same teams', () => {
    const d = syntheticDistrict(150, 600, 11);
    const rnd = mulberry32(99);
    let index = CoverageIndex.build({ teams: d.teams, model, villages: d.villages });
    for (let step = 0; step < 400; step++) {
      const t = index.teams[Math.floor(rnd() * index.teamCount)];
      const next = TEAM_STATUS_TRANSITIONS[t.status];
      const to = next[Math.floor(rnd() * next.length)];
      index = index.withStatusChange(t.id, to);
      if (step % 50 === 49) {
        const fresh = CoverageIndex.build({ teams: index.teams, model, villages: d.villages });
        expect(index.report()).toEqual(fresh.report());
        expect(index.coveredPlaces).toBe(fresh.coveredPlaces);
      }
    }
    expect(index.teams.some((t) => t.status !== 'available')).toBe(true);
  });

  it('with most teams gone, uncovered places still report the best ETA from beyond the circle', () => {
    const d = syntheticDistrict(60, 200, 5);
    let index = CoverageIndex.build({ teams: d.teams, model, villages: d.villages });
    for (const t of d.teams.slice(0, 58)) index = index.withStatusChange(t.id, 'dispatched');
    const fresh = CoverageIndex.build({ teams: index.teams, model, villages: d.villages });
    expect(index.report()).toEqual(fresh.report());
    const r = index.report();
    const uncovered = [...r.townships, ...r.villages!].filter((p) => !p.covered);
    expect(uncovered.length).toBeGreaterThan(0);
    for (const p of uncovered) {
      expect(p.bestEtaSeconds).toBeGreaterThan(900);
      expect([d.teams[58].id, d.teams[59].id]).toContain(p.teamId);
    }
  });
});

describe('capability masks', () => {
  it('round-trip and reject unknown capabilities', () => {
    expect(capabilitiesOfMask(capabilityMask(['diving', 'drone']))).toEqual(['drone', 'diving']);
    expect(() => capabilityMask(['teleport' as never])).toThrow(DomainError);
  });
});
