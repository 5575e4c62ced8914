import { DomainError } from '../shared/domain-error';
import { distanceMetres, GeoPoint } from '../shared/geo';
import { BAZHOU, District, UnitIds } from './district';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw');
}

/** Distance from a point to the nearest township centre of Bazhou. */
function nearestCentreMetres(p: GeoPoint): number {
  return Math.min(...BAZHOU.townships.map((t) => distanceMetres(p, t.approxPosition)));
}

/** A point `metres` due south of another (1° of latitude ≈ 111.195 km on the haversine sphere). */
function south(p: GeoPoint, metres: number): GeoPoint {
  return { lat: p.lat - metres / ((6_371_000 * Math.PI) / 180), lon: p.lon };
}

describe('BAZHOU district', () => {
  it('is 巴州区 (511902) with 25 townships', () => {
    expect(BAZHOU.code).toBe('511902');
    expect(BAZHOU.name).toBe('巴州区');
    expect(BAZHOU.townships).toHaveLength(25);
  });

  it('gives every township a unique 9-digit code starting with 511902', () => {
    const codes = BAZHOU.townships.map((t) => t.code);
    for (const code of codes) expect(code).toMatch(/^511902\d{3}$/);
    expect(new Set(codes).size).toBe(25);
  });

  it('finds a township by code and returns undefined for an unknown one', () => {
    expect(BAZHOU.township('511902001')?.name).toBe('东城街道');
    expect(BAZHOU.township('511902999')).toBeUndefined();
  });

  it('requireTownship returns the township for a known code', () => {
    expect(BAZHOU.requireTownship('511902203').name).toBe('大和乡');
  });

  it('requireTownship throws DISTRICT.UNKNOWN_TOWNSHIP pointing at /townshipCode', () => {
    const err = caught(() => BAZHOU.requireTownship('511902999'));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({
      code: 'DISTRICT.UNKNOWN_TOWNSHIP',
      kind: 'invalid',
      details: { pointer: '/townshipCode' },
    });
    expect((err as Error).message).toContain('511902999');
  });

  it('locates each township at its own approximate centre', () => {
    for (const t of BAZHOU.townships) {
      expect(BAZHOU.locate(t.approxPosition)?.code).toBe(t.code);
    }
  });

  it('locates the command room inside the district', () => {
    expect(BAZHOU.locate(BAZHOU.commandRoomPosition)).toBeDefined();
  });

  it('picks the nearest centre for a point between townships', () => {
    const dongcheng = BAZHOU.requireTownship('511902001').approxPosition;
    // 300 m south of 东城街道's centre is still nearer to it than to any neighbour.
    expect(BAZHOU.locate(south(dongcheng, 300))?.code).toBe('511902001');
  });

  it('returns undefined for a point far away (Beijing)', () => {
    expect(BAZHOU.locate({ lat: 39.9, lon: 116.4 })).toBeUndefined();
  });

  it('uses a 12 km reach: just inside is located, just outside is not', () => {
    // 大和乡 is the southernmost township; going due south moves away from every other centre.
    const dahe = BAZHOU.requireTownship('511902203');
    const inside = south(dahe.approxPosition, 11_800);
    const outside = south(dahe.approxPosition, 12_200);
    expect(nearestCentreMetres(inside)).toBeLessThan(12_000);
    expect(nearestCentreMetres(outside)).toBeGreaterThan(12_000);
    expect(BAZHOU.locate(inside)?.code).toBe(dahe.code);
    expect(BAZHOU.locate(outside)).toBeUndefined();
  });

  it('honours a custom reach', () => {
    const tiny = new District(
      '000000',
      'test',
      [{ code: '000000001', name: 'a', type: '镇', approxPosition: { lat: 0, lon: 0 } }],
      { lat: 0, lon: 0 },
      1_000,
    );
    expect(tiny.locate({ lat: 0.008, lon: 0 })?.code).toBe('000000001'); // ≈ 890 m
    expect(tiny.locate({ lat: 0.01, lon: 0 })).toBeUndefined(); // ≈ 1112 m
  });
});

describe('District.isCoveredBy', () => {
  it('district, city and province codes cover the district; another county or a township does not', () => {
    for (const code of ['511902', '511902000000', '511900', '510000'])
      expect(BAZHOU.isCoveredBy(code)).toBe(true);
    for (const code of ['511903', '110101', '511902101', 'x11902'])
      expect(BAZHOU.isCoveredBy(code)).toBe(false);
  });
});

describe('UnitIds', () => {
  it('names the township office after its code and the district command room', () => {
    expect(UnitIds.townshipOffice('511902001')).toBe('township-office-511902001');
    expect(UnitIds.districtCommandRoom).toBe('district-command-room');
  });
});
