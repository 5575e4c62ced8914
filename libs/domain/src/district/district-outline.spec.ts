import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BAZHOU_HAZARDS } from '../hazard/hazard-registry';
import { BAZHOU_RESCUE_TEAMS } from '../rescue-circle/bazhou-team-roster';
import { BAZHOU } from './district';
import { DistrictOutline } from './district-outline';

const bazhou = DistrictOutline.fromGeoJson(
  JSON.parse(readFileSync(join(__dirname, 'bazhou-outline.geojson'), 'utf8')),
);

describe('DistrictOutline.contains', () => {
  // A 10 x 10 square with a 4 x 4 hole, and a separate unit square far east: a MultiPolygon.
  const square = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
    [0, 0],
  ];
  const hole = [
    [3, 3],
    [7, 3],
    [7, 7],
    [3, 7],
    [3, 3],
  ];
  const island = [
    [20, 0],
    [21, 0],
    [21, 1],
    [20, 1],
    [20, 0],
  ];
  const outline = new DistrictOutline([[square, hole], [island]]);
  const at = (lon: number, lat: number) => ({ lat, lon });

  it('holds points inside the outer ring and outside its hole', () => {
    expect(outline.contains(at(1, 1))).toBe(true);
    expect(outline.contains(at(9, 5))).toBe(true);
  });

  it('refuses points in the hole, beside the outline, and past it on the ray', () => {
    expect(outline.contains(at(5, 5))).toBe(false);
    expect(outline.contains(at(-1, 5))).toBe(false);
    expect(outline.contains(at(15, 5))).toBe(false);
    expect(outline.contains(at(5, 11))).toBe(false);
  });

  it('holds points in any of the polygons', () => {
    expect(outline.contains(at(20.5, 0.5))).toBe(true);
    expect(outline.contains(at(19.5, 0.5))).toBe(false);
  });

  it('reads a Polygon or a MultiPolygon feature, and refuses other geometry', () => {
    const feature = (type: string, coordinates: unknown) => ({
      features: [{ geometry: { type, coordinates } }],
    });
    expect(DistrictOutline.fromGeoJson(feature('Polygon', [square])).contains(at(1, 1))).toBe(true);
    expect(() => DistrictOutline.fromGeoJson(feature('Point', [1, 1]))).toThrow(/Point/);
  });
});

describe('the Bazhou outline (bazhou-outline.geojson)', () => {
  it('holds the district seat and not the places around the district', () => {
    expect(bazhou.contains(BAZHOU.commandRoomPosition)).toBe(true);
    expect(bazhou.contains({ lat: 31.867, lon: 106.35 })).toBe(false); // west of the bounding box
    expect(bazhou.contains({ lat: 32.01, lon: 106.74 })).toBe(false); // 清江镇's first, hand-placed point
    expect(bazhou.contains({ lat: 31.72, lon: 106.58 })).toBe(false); // 白庙乡's (恩阳区 today)
  });

  it.each(BAZHOU.townships.map((t) => [t.name, t] as const))(
    '%s: its approximate centre lies inside the outline',
    (_name, township) => {
      expect(bazhou.contains(township.approxPosition)).toBe(true);
    },
  );

  it('holds every sample rescue team base and hazard point (they sit around their township)', () => {
    const outside = [
      ...BAZHOU_RESCUE_TEAMS.filter((t) => !bazhou.contains(t.base)).map((t) => t.id),
      ...BAZHOU_HAZARDS.points.filter((p) => !bazhou.contains(p.position)).map((p) => p.id),
    ];
    expect(outside).toEqual([]);
  });
});
