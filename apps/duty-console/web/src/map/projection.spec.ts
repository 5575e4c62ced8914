import { boundsOf, fitProjection, svgPath } from './projection';

const square = [
  [
    [
      [106, 31],
      [107, 31],
      [107, 32],
      [106, 32],
      [106, 31],
    ],
  ],
];

describe('the map projection', () => {
  it('fits the bounds into the width, north up, east-west squeezed by cos(latitude)', () => {
    const p = fitProjection(boundsOf(square), 100, 0);
    expect(p.x(106)).toBeCloseTo(0);
    expect(p.x(107)).toBeCloseTo(100);
    expect(p.y(32)).toBeCloseTo(0); // north at the top
    // One degree of latitude is longer than one of longitude at 31.5°N: 1 / cos(31.5°) ≈ 1.173.
    expect(p.height).toBe(Math.ceil(100 / Math.cos((31.5 * Math.PI) / 180)));
    expect(p.y(31)).toBeCloseTo(100 / Math.cos((31.5 * Math.PI) / 180));
  });

  it('draws each ring as a closed SVG subpath', () => {
    const p = fitProjection(boundsOf(square), 100, 0);
    const d = svgPath(square, p);
    expect(d.startsWith('M0.0 ')).toBe(true);
    expect(d.endsWith('Z')).toBe(true);
    expect(d.match(/L/g)).toHaveLength(4);
  });

  it('finds the bounds of every ring', () => {
    expect(boundsOf(square)).toEqual({ minLon: 106, maxLon: 107, minLat: 31, maxLat: 32 });
  });
});
