import { parseCapDocument } from './parse-cap';
import { DEFAULT_CAP_LIMITS } from './limits';
import { alertXml, areaXml, infoXml, parseOk } from './test-support';

const refused = (xml: string) => {
  const result = parseCapDocument(Buffer.from(xml), { maxBytes: 4 * 1024 * 1024 });
  if (result.ok) throw new Error('expected a refusal');
  return result;
};

describe('CAP element bounds', () => {
  // How fast the refusal is belongs to a benchmark; here: it is the bound, not a parse, that refuses.
  it('refuses 7,000 infos by the element bound, naming the element and the limit', () => {
    const xml = alertXml({ infos: Array.from({ length: 7000 }, () => infoXml()) });
    expect(Buffer.byteLength(xml)).toBeGreaterThan(1_000_000);
    const result = refused(xml);
    expect(result.tooComplex).toBe(true);
    expect(result.errors.map((e) => e.message)).toContain(
      '7000 <info> elements in the document, at most 200 allowed',
    );
  });

  it('refuses too many elements in all, too long a polygon, and too many coordinate pairs', () => {
    const many = alertXml({
      infos: [infoXml({}, '<parameter><valueName>a</valueName><value>b</value></parameter>'.repeat(9000))],
    });
    expect(
      refused(many)
        .errors.map((e) => e.message)
        .join(),
    ).toMatch(/elements in the document, at most 25000/);

    const ring = (n: number) => {
      const pairs = Array.from({ length: n - 1 }, (_, i) => `31.${i % 1000},106.${i % 997}`);
      return [...pairs, pairs[0]].join(' ');
    };
    const long = alertXml({ infos: [infoXml({}, areaXml(`<polygon>${ring(6000)}</polygon>`))] });
    expect(refused(long).errors[0].message).toBe(
      'a <polygon> of 6000 coordinate pairs, at most 5000 allowed',
    );

    const rings = Array.from({ length: 12 }, () => `<polygon>${ring(4500)}</polygon>`).join('');
    const crowded = alertXml({ infos: [infoXml({}, areaXml(rings))] });
    expect(refused(crowded).errors[0].message).toMatch(
      /54000 polygon coordinate pairs in the document, at most 50000/,
    );
  });

  it('accepts a document right at the bounds, and the limits can be set', () => {
    const infos = Array.from({ length: DEFAULT_CAP_LIMITS.perName.info }, () => infoXml());
    expect(parseOk(alertXml({ infos }))[0].infos).toHaveLength(200);
    const tight = { ...DEFAULT_CAP_LIMITS, perName: { ...DEFAULT_CAP_LIMITS.perName, info: 1 } };
    expect(parseCapDocument(alertXml({ infos: [infoXml(), infoXml()] }), { limits: tight }).ok).toBe(false);
  });
});
