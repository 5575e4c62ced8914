import { DomainError } from '../shared/domain-error';
import { distanceMetres } from '../shared/geo';
import { VEHICLE_CLASSES } from './rescue-team';
import { DEFAULT_STRAIGHT_LINE_TERRAIN_CONFIG, StraightLineTerrainModel } from './travel-time-model';

const seat = { lat: 31.85, lon: 106.77 };
const north = { lat: 31.95, lon: 106.77 }; // 0.1° of latitude: about 11.12 km

describe('StraightLineTerrainModel', () => {
  const model = new StraightLineTerrainModel();

  it('defaults: terrain factor 1.6, speeds and turnouts per vehicle class', () => {
    expect(model.config.terrainFactor).toBe(1.6);
    expect(model.config.speedKmh).toEqual({
      fire_engine: 40,
      rescue_truck: 45,
      suv: 50,
      pickup: 45,
      motorbike: 35,
      on_foot: 4,
    });
    expect(model.config.turnoutSeconds.fire_engine).toBe(60);
    expect(model.config).toEqual(DEFAULT_STRAIGHT_LINE_TERRAIN_CONFIG);
  });

  it('is turnout + straight-line × terrain ÷ speed, rounded up: a fire engine 11.12 km away needs 1,662 s', () => {
    const d = distanceMetres(seat, north);
    expect(d).toBeCloseTo(11_119.5, 0);
    expect(model.roadMetres(seat, north)).toBeCloseTo(d * 1.6, 6);
    // 60 s turnout + 17,791 m at 40 km/h (11.11 m/s) = 60 + 1,601.2 s
    expect(model.etaSeconds(seat, north, 'fire_engine')).toBe(1662);
    for (const vc of VEHICLE_CLASSES) {
      const c = DEFAULT_STRAIGHT_LINE_TERRAIN_CONFIG;
      expect(model.etaSeconds(seat, north, vc)).toBe(
        Math.ceil(c.turnoutSeconds[vc] + (d * c.terrainFactor) / (c.speedKmh[vc] / 3.6)),
      );
    }
  });

  it('is the turnout alone at distance zero', () => {
    expect(model.etaSeconds(seat, seat, 'fire_engine')).toBe(60);
    expect(model.etaSeconds(seat, seat, 'suv')).toBe(120);
    expect(model.etaSeconds(seat, seat, 'motorbike')).toBe(90);
  });

  it('orders vehicle classes sensibly over the same trip', () => {
    const eta = (vc: (typeof VEHICLE_CLASSES)[number]) => model.etaSeconds(seat, north, vc);
    expect(eta('suv')).toBeLessThan(eta('fire_engine'));
    expect(eta('fire_engine')).toBeLessThan(eta('motorbike'));
    expect(eta('motorbike')).toBeLessThan(eta('on_foot'));
  });

  it('takes every parameter from configuration', () => {
    const flat = new StraightLineTerrainModel({
      terrainFactor: 1,
      speedKmh: { fire_engine: 60 },
      turnoutSeconds: { fire_engine: 0 },
    });
    const d = distanceMetres(seat, north);
    expect(flat.etaSeconds(seat, north, 'fire_engine')).toBe(Math.ceil(d / (60 / 3.6)));
    expect(flat.config.speedKmh.suv).toBe(50); // untouched classes keep the defaults
  });

  it.each([
    [{ terrainFactor: 0.9 }, '/terrainFactor'],
    [{ terrainFactor: Number.NaN }, '/terrainFactor'],
    [{ speedKmh: { suv: 0 } }, '/speedKmh/suv'],
    [{ turnoutSeconds: { pickup: -1 } }, '/turnoutSeconds/pickup'],
  ])('rejects a bad configuration %j', (options, pointer) => {
    let error: unknown;
    try {
      new StraightLineTerrainModel(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('RESCUE_CIRCLE.INVALID_TRAVEL_MODEL');
    expect((error as DomainError).details).toEqual({ pointer });
  });

  it('rejects an unknown vehicle class', () => {
    expect(() => model.etaSeconds(seat, north, 'helicopter' as never)).toThrow(DomainError);
  });

  it('reachMetres bounds the circle from above, tightly: the fastest class just makes it, no class beyond', () => {
    const reach = model.reachMetres(900);
    // SUV: (900 − 120) s × 13.89 m/s ÷ 1.6 = 6,771 m
    expect(reach).toBeCloseTo(6770.8, 0);
    const metresNorth = (m: number) => ({ lat: seat.lat + m / 111_195, lon: seat.lon });
    const inside = metresNorth(reach - 5);
    const outside = metresNorth(reach + 5);
    expect(Math.min(...VEHICLE_CLASSES.map((vc) => model.etaSeconds(seat, inside, vc)))).toBeLessThanOrEqual(
      900,
    );
    for (const vc of VEHICLE_CLASSES) expect(model.etaSeconds(seat, outside, vc)).toBeGreaterThan(900);
    expect(model.reachMetres(30)).toBe(0); // shorter than every turnout
  });
});
