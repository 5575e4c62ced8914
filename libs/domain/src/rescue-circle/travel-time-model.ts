import { DomainError } from '../shared/domain-error';
import { GeoPoint, distanceMetres } from '../shared/geo';
import { VEHICLE_CLASSES, VehicleClass } from './rescue-team';

/**
 * How long a team needs from its base to a point: turnout plus travel. Pluggable: the first model is
 * {@link StraightLineTerrainModel}; a road-network model can replace it behind the same interface.
 */
export interface TravelTimeModel {
  /** Whole seconds (rounded up) from the alarm reaching the team to the team arriving at `to`. */
  etaSeconds(from: GeoPoint, to: GeoPoint, vehicleClass: VehicleClass): number;
  /**
   * Optional spatial bound: the largest straight-line distance in metres from which any vehicle class can
   * arrive within `withinSeconds`. Used only to skip hopeless team–place pairs, so it must never be an
   * under-estimate. A model without it is still correct, only slower (every pair is evaluated).
   */
  reachMetres?(withinSeconds: number): number;
}

export interface StraightLineTerrainConfig {
  /** Road distance ÷ straight-line distance. */
  terrainFactor: number;
  /** Average road speed per vehicle class, km/h. */
  speedKmh: Readonly<Record<VehicleClass, number>>;
  /** Fixed turnout time (出警准备) per vehicle class, seconds: from the call to wheels rolling. */
  turnoutSeconds: Readonly<Record<VehicleClass, number>>;
}

/**
 * Defaults for Bazhou, judgement calls for a hilly district, all configurable (TRAVEL_MODEL): why each
 * value, in docs/decisions/2026-11-30-travel-time-model-defaults.md.
 */
export const DEFAULT_STRAIGHT_LINE_TERRAIN_CONFIG: StraightLineTerrainConfig = {
  terrainFactor: 1.6,
  speedKmh: { fire_engine: 40, rescue_truck: 45, suv: 50, pickup: 45, motorbike: 35, on_foot: 4 },
  turnoutSeconds: { fire_engine: 60, rescue_truck: 120, suv: 120, pickup: 120, motorbike: 90, on_foot: 60 },
};

export interface StraightLineTerrainOptions {
  terrainFactor?: number;
  speedKmh?: Partial<Record<VehicleClass, number>>;
  turnoutSeconds?: Partial<Record<VehicleClass, number>>;
}

function invalidConfig(message: string, pointer: string): DomainError {
  return new DomainError('RESCUE_CIRCLE.INVALID_TRAVEL_MODEL', 'invalid', message, { pointer });
}

/**
 * The first travel-time model: road distance = great-circle distance × terrain factor; travel time =
 * road distance ÷ the vehicle class's average speed; ETA = turnout + travel, rounded up to whole seconds.
 *
 * Assumptions: one terrain factor for the whole district (no per-road detour); average speeds that
 * already include bends, climbs and village streets; no traffic, weather or time of day; the team sets
 * out from its base. Errs coarse: a planning estimate for choosing among teams and for coverage, not a
 * promise to the caller.
 */
export class StraightLineTerrainModel implements TravelTimeModel {
  readonly config: StraightLineTerrainConfig;
  private readonly metresPerSecond: Record<VehicleClass, number>;

  constructor(options: StraightLineTerrainOptions = {}) {
    const d = DEFAULT_STRAIGHT_LINE_TERRAIN_CONFIG;
    this.config = {
      terrainFactor: options.terrainFactor ?? d.terrainFactor,
      speedKmh: { ...d.speedKmh, ...options.speedKmh },
      turnoutSeconds: { ...d.turnoutSeconds, ...options.turnoutSeconds },
    };
    const f = this.config.terrainFactor;
    if (typeof f !== 'number' || !Number.isFinite(f) || f < 1)
      throw invalidConfig('terrain factor must be a finite number ≥ 1', '/terrainFactor');
    const mps = {} as Record<VehicleClass, number>;
    for (const vc of VEHICLE_CLASSES) {
      const kmh = this.config.speedKmh[vc];
      if (typeof kmh !== 'number' || !Number.isFinite(kmh) || kmh <= 0)
        throw invalidConfig(`speed for ${vc} must be a positive number of km/h`, `/speedKmh/${vc}`);
      const turnout = this.config.turnoutSeconds[vc];
      if (typeof turnout !== 'number' || !Number.isFinite(turnout) || turnout < 0)
        throw invalidConfig(`turnout for ${vc} must be a number of seconds ≥ 0`, `/turnoutSeconds/${vc}`);
      mps[vc] = kmh / 3.6;
    }
    this.metresPerSecond = mps;
  }

  /** Estimated road distance in metres. */
  roadMetres(from: GeoPoint, to: GeoPoint): number {
    return distanceMetres(from, to) * this.config.terrainFactor;
  }

  etaSeconds(from: GeoPoint, to: GeoPoint, vehicleClass: VehicleClass): number {
    const speed = this.metresPerSecond[vehicleClass];
    if (speed === undefined) {
      throw new DomainError(
        'RESCUE_CIRCLE.UNKNOWN_VEHICLE_CLASS',
        'invalid',
        `unknown vehicle class ${vehicleClass}`,
        { pointer: '/vehicleClass' },
      );
    }
    return Math.ceil(this.config.turnoutSeconds[vehicleClass] + this.roadMetres(from, to) / speed);
  }

  reachMetres(withinSeconds: number): number {
    let reach = 0;
    for (const vc of VEHICLE_CLASSES) {
      const travel = withinSeconds - this.config.turnoutSeconds[vc];
      if (travel > 0)
        reach = Math.max(reach, (travel * this.metresPerSecond[vc]) / this.config.terrainFactor);
    }
    return reach;
  }
}
