import { findUnstorableText } from './storable-text';

describe('findUnstorableText', () => {
  it('passes ordinary text, paired surrogates (emoji, rare CJK) and non-strings', () => {
    expect(findUnstorableText({ a: '民房起火 🔥 𠀀', b: [1, true, null, { c: 'x' }] })).toBeUndefined();
  });

  it('names a lone high or low surrogate by JSON pointer', () => {
    expect(findUnstorableText({ description: 'a\ud800b' })).toEqual({
      pointer: '/description',
      problem: 'lone_surrogate',
      message: expect.stringContaining('lone UTF-16 surrogate'),
    });
    expect(findUnstorableText({ reporter: { name: '\udc00' } })?.pointer).toBe('/reporter/name');
    expect(findUnstorableText({ x: 'end\ud83d' })?.pointer).toBe('/x');
    expect(findUnstorableText({ alarms: [{}, { externalId: '\ude00start' }] })?.pointer).toBe(
      '/alarms/1/externalId',
    );
  });

  it('names U+0000 anywhere, in values and in keys', () => {
    expect(findUnstorableText(['ok', 'smoke\u0000seen'])).toMatchObject({ pointer: '/1', problem: 'nul' });
    expect(findUnstorableText({ outer: { 'bad\u0000key': 1 } })).toMatchObject({
      pointer: '/outer/bad\\u0000key',
      problem: 'nul',
    });
    expect(findUnstorableText({ '\ud800': 1 })?.pointer).toBe('/\\ud800');
  });

  it('reports the first problem in document order', () => {
    expect(findUnstorableText({ a: 'fine', b: '\ud800', c: '\u0000' })?.pointer).toBe('/b');
  });

  it('walks deeply nested junk without overflowing the stack', () => {
    const depth = 200_000;
    const deep = JSON.parse('['.repeat(depth) + '"\\ud800"' + ']'.repeat(depth));
    const found = findUnstorableText(deep);
    expect(found?.problem).toBe('lone_surrogate');
    expect(found?.pointer).toBe('/0'.repeat(depth));
  });
});
