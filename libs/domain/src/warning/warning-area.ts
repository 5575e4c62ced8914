import { District } from '../district/district';
import { GeoPoint, distanceMetres } from '../shared/geo';

/**
 * Where a warning applies (预警区域), as the alert gave it: the whole district (a district, city or province
 * code), some of its townships (9-digit codes), or shapes (polygons as closed rings, circles in km).
 */
export interface WarningArea {
  description: string;
  wholeDistrict: boolean;
  townshipCodes: string[];
  polygons: GeoPoint[][];
  circles: { center: GeoPoint; radiusKm: number }[];
}

/** Ray casting on a closed ring of lat/lon points. */
function ringContains(ring: readonly GeoPoint[], { lat, lon }: GeoPoint): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (a.lat > lat !== b.lat > lat && lon < ((b.lon - a.lon) * (lat - a.lat)) / (b.lat - a.lat) + a.lon) {
      inside = !inside;
    }
  }
  return inside;
}

/**
 * The warning area of an alert's admin codes and shapes, within `district`; null when none of it is the
 * district's (the warning is someone else's).
 */
export function warningAreaOf(
  input: {
    description: string;
    adminCodes: readonly string[];
    polygons: readonly GeoPoint[][];
    circles: readonly { center: GeoPoint; radiusKm: number }[];
  },
  district: District,
): WarningArea | null {
  const wholeDistrict = input.adminCodes.some((c) => district.isCoveredBy(c));
  const townshipCodes = [
    ...new Set(
      input.adminCodes
        .filter((c) => c.length >= 9 && /^0*$/.test(c.slice(9)))
        .map((c) => c.slice(0, 9))
        .filter((c) => district.township(c) !== undefined),
    ),
  ];
  const area: WarningArea = {
    description: input.description,
    wholeDistrict,
    townshipCodes: wholeDistrict ? [] : townshipCodes,
    polygons: wholeDistrict || townshipCodes.length ? [] : input.polygons.map((ring) => [...ring]),
    circles: wholeDistrict || townshipCodes.length ? [] : input.circles.map((c) => ({ ...c })),
  };
  if (area.wholeDistrict || area.townshipCodes.length) return area;
  // Shapes alone: the district's if any township centre lies inside one.
  const touches = district.townships.some((t) => warningAreaContains(area, t.approxPosition, t.code));
  return touches ? area : null;
}

/**
 * Whether a place lies in the area: the whole district holds everything; named townships hold their
 * places; otherwise inside a polygon or within a circle.
 */
export function warningAreaContains(area: WarningArea, position: GeoPoint, townshipCode?: string): boolean {
  if (area.wholeDistrict) return true;
  if (area.townshipCodes.length)
    return townshipCode !== undefined && area.townshipCodes.includes(townshipCode);
  return (
    area.polygons.some((ring) => ringContains(ring, position)) ||
    area.circles.some((c) => distanceMetres(c.center, position) <= c.radiusKm * 1000)
  );
}
