/** [lon, lat] rings of polygons, as GeoJSON's MultiPolygon coordinates. */
export type MultiPolygon = readonly (readonly (readonly (readonly number[])[])[])[];

export interface Bounds {
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
}

export interface Projection {
  width: number;
  height: number;
  x(lon: number): number;
  y(lat: number): number;
}

/**
 * A plate carrée projection of a small area, squeezed east-west by cos(latitude) so that a kilometre
 * is about as long either way at the district's latitude: good enough for a district map, no library.
 */
export function fitProjection(bounds: Bounds, width: number, padding = 8): Projection {
  const midLat = ((bounds.minLat + bounds.maxLat) / 2) * (Math.PI / 180);
  const squeeze = Math.cos(midLat);
  const scale = (width - 2 * padding) / ((bounds.maxLon - bounds.minLon) * squeeze);
  const height = Math.ceil((bounds.maxLat - bounds.minLat) * scale + 2 * padding);
  return {
    width,
    height,
    x: (lon) => padding + (lon - bounds.minLon) * squeeze * scale,
    y: (lat) => padding + (bounds.maxLat - lat) * scale,
  };
}

export function boundsOf(polygons: MultiPolygon): Bounds {
  const b = { minLon: Infinity, maxLon: -Infinity, minLat: Infinity, maxLat: -Infinity };
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const [lon, lat] of ring) {
        b.minLon = Math.min(b.minLon, lon);
        b.maxLon = Math.max(b.maxLon, lon);
        b.minLat = Math.min(b.minLat, lat);
        b.maxLat = Math.max(b.maxLat, lat);
      }
  return b;
}

/** An SVG path (`M x y L … Z` per ring) of the polygons; draw it with fill-rule evenodd for holes. */
export function svgPath(polygons: MultiPolygon, p: Projection): string {
  const parts: string[] = [];
  for (const polygon of polygons)
    for (const ring of polygon) {
      const points = ring.map(([lon, lat]) => `${p.x(lon).toFixed(1)} ${p.y(lat).toFixed(1)}`);
      parts.push(`M${points.join('L')}Z`);
    }
  return parts.join('');
}
