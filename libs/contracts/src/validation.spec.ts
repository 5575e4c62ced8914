import { z } from 'zod';
import { fieldErrors, toPointer } from './validation';

describe('toPointer (RFC 6901)', () => {
  it('joins path segments with slashes', () => {
    expect(toPointer(['location', 'lat'])).toBe('/location/lat');
  });

  it('writes array indices as numbers', () => {
    expect(toPointer(['reasons', 0])).toBe('/reasons/0');
  });

  it('escapes ~ as ~0 and / as ~1', () => {
    expect(toPointer(['a/b'])).toBe('/a~1b');
    expect(toPointer(['m~n'])).toBe('/m~0n');
  });

  it('escapes ~ before / so "~1" stays distinguishable from "/"', () => {
    expect(toPointer(['~1'])).toBe('/~01');
    expect(toPointer(['/'])).toBe('/~1');
  });

  it('gives "/" for the empty path', () => {
    expect(toPointer([])).toBe('/');
  });
});

describe('fieldErrors', () => {
  it('turns every zod issue into a pointer and message', () => {
    const schema = z.object({ a: z.string(), b: z.object({ c: z.number() }) });
    const result = schema.safeParse({ a: 1, b: { c: 'x' } });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!);
    expect(errors.map((e) => e.pointer).sort()).toEqual(['/a', '/b/c']);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
  });

  it('points at the root for a top-level type error', () => {
    const result = z.object({ a: z.string() }).safeParse('nope');
    expect(fieldErrors(result.error!)).toEqual([{ pointer: '/', message: expect.any(String) }]);
  });
});
