import { distanceMetres } from './geo';

describe('distanceMetres', () => {
  it('is zero between a point and itself', () => {
    expect(distanceMetres({ lat: 31.85, lon: 106.77 }, { lat: 31.85, lon: 106.77 })).toBe(0);
  });

  it('measures one degree of latitude as about 111.2 km (within 0.5%)', () => {
    const d = distanceMetres({ lat: 31, lon: 106.77 }, { lat: 32, lon: 106.77 });
    expect(Math.abs(d - 111_195) / 111_195).toBeLessThan(0.005);
  });

  it('shrinks a degree of longitude with the cosine of latitude', () => {
    const atEquator = distanceMetres({ lat: 0, lon: 0 }, { lat: 0, lon: 1 });
    const at60 = distanceMetres({ lat: 60, lon: 0 }, { lat: 60, lon: 1 });
    expect(at60 / atEquator).toBeCloseTo(0.5, 2);
  });

  it('is symmetric', () => {
    const a = { lat: 31.851, lon: 106.768 };
    const b = { lat: 39.9, lon: 116.4 };
    expect(distanceMetres(a, b)).toBeCloseTo(distanceMetres(b, a), 6);
  });

  it('gives a known city distance: Bazhong to Beijing is about 1,300 km', () => {
    const d = distanceMetres({ lat: 31.851, lon: 106.768 }, { lat: 39.9, lon: 116.4 });
    expect(d).toBeGreaterThan(1_200_000);
    expect(d).toBeLessThan(1_350_000);
  });

  it('gives half the circumference between antipodes', () => {
    const d = distanceMetres({ lat: 0, lon: 0 }, { lat: 0, lon: 180 });
    expect(d).toBeCloseTo(Math.PI * 6_371_000, 0);
  });
});
