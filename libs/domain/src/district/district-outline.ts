import { GeoPoint } from '../shared/geo';

/** A GeoJSON MultiPolygon's coordinates: polygons of rings of [lon, lat], the first ring the outer one. */
export type MultiPolygonCoordinates = readonly (readonly (readonly (readonly number[])[])[])[];

/**
 * A district's outline (its boundary as drawn on the console map), able to say whether a point lies
 * inside. Good for checking hand-placed points; the outline is a 1/1024-degree sketch, not a survey.
 */
export class DistrictOutline {
  constructor(private readonly polygons: MultiPolygonCoordinates) {}

  /** Reads the first feature of a GeoJSON FeatureCollection whose geometry is a (Multi)Polygon. */
  static fromGeoJson(document: {
    features: { geometry: { type: string; coordinates: unknown } }[];
  }): DistrictOutline {
    const geometry = document.features[0]?.geometry;
    if (geometry?.type === 'MultiPolygon')
      return new DistrictOutline(geometry.coordinates as MultiPolygonCoordinates);
    if (geometry?.type === 'Polygon')
      return new DistrictOutline([geometry.coordinates as MultiPolygonCoordinates[number]]);
    throw new Error(`outline: expected a Polygon or MultiPolygon, got ${geometry?.type}`);
  }

  /** Inside one polygon's outer ring and none of its holes (even-odd rule, points on an edge undefined). */
  contains(point: GeoPoint): boolean {
    return this.polygons.some(
      ([outer, ...holes]) => ringContains(outer, point) && !holes.some((h) => ringContains(h, point)),
    );
  }
}

/** Ray casting: a ray from the point eastwards crosses the ring an odd number of times iff inside. */
function ringContains(ring: readonly (readonly number[])[], { lat, lon }: GeoPoint): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
