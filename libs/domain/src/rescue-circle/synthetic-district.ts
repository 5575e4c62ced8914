import { GeoPoint } from '../shared/geo';
import { BAZHOU, Township } from '../district/district';
import districtData from '../district/bazhou-district.json';
import { Capability } from './capabilities';
import { BAZHOU_BOX } from './bazhou-team-roster';
import { VillagePoint } from './coverage';
import { RescueTeam, TeamKind, TeamLevel, VehicleClass } from './rescue-team';

/** Typical equipment (Chinese) for each capability; synthetic teams list the equipment of what they can do. */
export const CAPABILITY_EQUIPMENT: Readonly<Record<Capability, readonly string[]>> = {
  fire_suppression: ['水罐消防车', '灭火器'],
  forest_firefighting: ['风力灭火机', '二号工具'],
  drone: ['无人机'],
  life_detector: ['生命探测仪'],
  satellite_phone: ['卫星电话'],
  hydraulic_breaking: ['液压破拆工具组'],
  diving: ['潜水装备', '水下机器人'],
  water_rescue: ['冲锋舟', '救生衣'],
  rope_rescue: ['救援绳索系统'],
  hazmat: ['防化服', '有毒气体侦检仪'],
  medical: ['急救箱', '担架'],
  heavy_machinery: ['挖掘机', '装载机'],
  search_dogs: ['搜救犬'],
  power_generation: ['发电机', '移动照明灯组'],
};

/** Small deterministic PRNG (mulberry32): the same seed gives the same district on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SyntheticDistrict {
  teams: RescueTeam[];
  villages: VillagePoint[];
  townships: readonly Township[];
}

const M_PER_DEG_LAT = 111_195;

/**
 * A made-up district on Bazhou's map for benchmarks and tests (FICTIONAL): `villages` village points
 * scattered around the 25 townships' approximate centres (more around townships with more villages,
 * normal spread of 3 km), and `teams` rescue teams: up to 10 district teams around the command room,
 * then up to two township teams per township near its centre, then village teams near random villages.
 * Everything is clamped into {@link BAZHOU_BOX}; every team is available.
 */
export function syntheticDistrict(teams = 500, villages = 2000, seed = 2020): SyntheticDistrict {
  const rnd = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const near = (p: GeoPoint, sigmaMetres: number): GeoPoint => {
    const lat = p.lat + (gauss() * sigmaMetres) / M_PER_DEG_LAT;
    const lon = p.lon + (gauss() * sigmaMetres) / (M_PER_DEG_LAT * Math.cos((p.lat * Math.PI) / 180));
    return {
      lat: Math.min(BAZHOU_BOX.maxLat, Math.max(BAZHOU_BOX.minLat, lat)),
      lon: Math.min(BAZHOU_BOX.maxLon, Math.max(BAZHOU_BOX.minLon, lon)),
    };
  };
  const townships = BAZHOU.townships;
  const weights = townships.map(
    (t) => districtData.townships.find((d) => d.code === t.code)?.villageCount ?? 10,
  );
  const total = weights.reduce((a, b) => a + b, 0);
  const weightedTownship = (): Township => {
    let r = rnd() * total;
    for (let i = 0; i < townships.length; i++) if ((r -= weights[i]) < 0) return townships[i];
    return townships[townships.length - 1];
  };

  const villagePoints: VillagePoint[] = [];
  const perTownship = new Map<string, number>();
  for (let i = 0; i < villages; i++) {
    const t = weightedTownship();
    const n = (perTownship.get(t.code) ?? 0) + 1;
    perTownship.set(t.code, n);
    villagePoints.push({
      id: `village-${t.code}-${String(n).padStart(3, '0')}`,
      name: `${t.name}虚拟村${n}`,
      townshipCode: t.code,
      position: near(t.approxPosition, 3_000),
    });
  }

  const caps = Object.keys(CAPABILITY_EQUIPMENT) as Capability[];
  const someCaps = (min: number, max: number, pool: readonly Capability[] = caps): Capability[] => {
    const want = min + Math.floor(rnd() * (max - min + 1));
    const out = new Set<Capability>();
    while (out.size < Math.min(want, pool.length)) out.add(pick(pool));
    return [...out];
  };
  const basic: Capability[] = [
    'forest_firefighting',
    'fire_suppression',
    'medical',
    'rope_rescue',
    'water_rescue',
  ];
  const districtKinds: [TeamKind, VehicleClass][] = [
    ['fire_brigade', 'fire_engine'],
    ['professional', 'rescue_truck'],
    ['social', 'suv'],
    ['militia', 'pickup'],
    ['professional', 'suv'],
  ];
  const out: RescueTeam[] = [];
  const make = (
    level: TeamLevel,
    kind: TeamKind,
    vehicleClass: VehicleClass,
    base: GeoPoint,
    capabilities: Capability[],
    name: string,
    townshipCode?: string,
  ): RescueTeam => {
    const i = out.length + 1;
    const team: RescueTeam = {
      id: `team-syn-${String(i).padStart(4, '0')}`,
      name,
      level,
      kind,
      base,
      vehicleClass,
      capabilities,
      equipment: capabilities.flatMap((c) => CAPABILITY_EQUIPMENT[c]),
      status: 'available',
      members: 6 + Math.floor(rnd() * 40),
      contact: { name: '虚构联系人', phone: `1380000${String(i % 10_000).padStart(4, '0')}` },
    };
    if (townshipCode) team.townshipCode = townshipCode;
    return team;
  };
  for (let i = 0; i < Math.min(10, teams); i++) {
    const [kind, vc] = districtKinds[i % districtKinds.length];
    out.push(
      make(
        'district',
        kind,
        vc,
        near(BAZHOU.commandRoomPosition, 3_000),
        someCaps(3, 6),
        `虚拟区级救援队${i + 1}`,
      ),
    );
  }
  for (let i = 0; out.length < teams && i < 2 * townships.length; i++) {
    const t = townships[i % townships.length];
    out.push(
      make(
        'township',
        'cadre',
        rnd() < 0.5 ? 'pickup' : 'suv',
        near(t.approxPosition, 700),
        someCaps(1, 3),
        `${t.name}虚拟救援队${i < townships.length ? 1 : 2}`,
        t.code,
      ),
    );
  }
  const villageLike = (t: Township) => ({
    position: near(t.approxPosition, 3_000),
    townshipCode: t.code,
    name: `${t.name}虚拟村`,
  });
  while (out.length < teams) {
    const v = villagePoints.length ? pick(villagePoints) : villageLike(weightedTownship());
    const vc: VehicleClass = pick(['motorbike', 'on_foot', 'pickup'] as const);
    out.push(
      make(
        'village',
        'cadre',
        vc,
        near(v.position, 400),
        someCaps(1, 2, basic),
        `${v.name}应急分队`,
        v.townshipCode,
      ),
    );
  }
  return { teams: out, villages: villagePoints, townships };
}
