import { DomainError } from '../shared/domain-error';
import { GeoPoint, distanceMetres } from '../shared/geo';
import data from './bazhou-district.json';

export interface Township {
  code: string;
  name: string;
  type: string;
  /** Approximate centre: hand-placed, not survey data (see bazhou-district.json). */
  approxPosition: GeoPoint;
}

/**
 * The district and its townships (属地). A point belongs to the township whose approximate centre is
 * nearest, provided it lies within `reachMetres` of one; farther points are outside the district.
 * With hand-placed centres this is coarse: good enough to find the owning office, not for boundaries.
 */
export class District {
  private readonly byCode: Map<string, Township>;

  constructor(
    readonly code: string,
    readonly name: string,
    readonly townships: readonly Township[],
    readonly commandRoomPosition: GeoPoint,
    private readonly reachMetres = 12_000,
  ) {
    this.byCode = new Map(townships.map((t) => [t.code, t]));
  }

  /** Whether a township code falls in this district's code range (district code + 3 digits). */
  owns(townshipCode: string): boolean {
    return townshipCode.startsWith(this.code);
  }

  /**
   * Whether a GB/T 2260 code names an area holding the whole district: itself, its city or province
   * (trailing zeros of the 6-digit code widen it; a longer code must be zeros beyond those 6).
   */
  isCoveredBy(adminCode: string): boolean {
    const six = adminCode.slice(0, 6);
    const significant = six.endsWith('0000') ? six.slice(0, 2) : six.endsWith('00') ? six.slice(0, 4) : six;
    return /^\d{6}/.test(adminCode) && this.code.startsWith(significant) && /^0*$/.test(adminCode.slice(6));
  }

  township(code: string): Township | undefined {
    return this.byCode.get(code);
  }

  requireTownship(code: string): Township {
    const t = this.byCode.get(code);
    if (!t) {
      throw new DomainError('DISTRICT.UNKNOWN_TOWNSHIP', 'invalid', `unknown township code ${code}`, {
        pointer: '/townshipCode',
      });
    }
    return t;
  }

  /** This district with the commander's corrected township points (by code) in place of the shipped ones. */
  withCorrections(corrections: ReadonlyMap<string, GeoPoint>): District {
    if (corrections.size === 0) return this;
    return new District(
      this.code,
      this.name,
      correctedTownships(this.townships, corrections),
      this.commandRoomPosition,
      this.reachMetres,
    );
  }

  /** The township owning a point, or undefined when the point is outside the district. */
  locate(point: GeoPoint): Township | undefined {
    let best: Township | undefined;
    let bestDistance = Infinity;
    for (const t of this.townships) {
      const d = distanceMetres(point, t.approxPosition);
      if (d < bestDistance) {
        best = t;
        bestDistance = d;
      }
    }
    return bestDistance <= this.reachMetres ? best : undefined;
  }
}

/** Bazhou District (巴州区), Bazhong, Sichuan: the 25 real townships with approximate positions. */
export const BAZHOU = new District(
  data.district.code,
  data.district.name,
  data.townships.map((t) => ({
    code: t.code,
    name: t.name,
    type: t.type,
    approxPosition: { lat: t.approxLat, lon: t.approxLon },
  })),
  data.commandRoom,
);

/** Unit ids follow the domain: one emergency office per township, one district command room. */
export const UnitIds = {
  townshipOffice: (townshipCode: string) => `township-office-${townshipCode}`,
  districtCommandRoom: 'district-command-room',
} as const;

/** The townships with the commander's corrected points (by code) in place of the shipped approximate ones. */
export function correctedTownships(
  townships: readonly Township[],
  corrections: ReadonlyMap<string, GeoPoint>,
): Township[] {
  return townships.map((t) => {
    const point = corrections.get(t.code);
    return point ? { ...t, approxPosition: { lat: point.lat, lon: point.lon } } : t;
  });
}
