import { visibleText } from './visible-text';

const name = visibleText(100);
const note = visibleText(2000, { multiline: true });
const problems = (schema: typeof name, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('visibleText', () => {
  it('accepts ordinary names and trims them', () => {
    expect(name.parse('  巴州区应急管理局 ')).toBe('巴州区应急管理局');
    expect(name.parse('Blue Sky Rescue 蓝天救援队 👩‍🚒')).toBe('Blue Sky Rescue 蓝天救援队 👩‍🚒');
  });

  it('refuses a name that is only U+202E, only spaces, or only format and filler characters', () => {
    for (const value of ['\u202E', '   ', '\u200B\u200D', '\u3164', '\u0301', '\u00A0\u2003']) {
      expect(problems(name, value).length).toBeGreaterThan(0);
    }
    expect(problems(name, '\u202E').join()).toMatch(/visible character|bidirectional/);
  });

  it('refuses control and bidirectional override characters inside a name', () => {
    expect(problems(name, '救援\u0007队').join()).toContain('control characters');
    expect(problems(name, '救援\n队').join()).toContain('control characters');
    expect(problems(name, 'abc\u202Edef').join()).toContain('bidirectional');
    expect(problems(name, 'abc\u2066def').join()).toContain('bidirectional');
  });

  it('holds names to their length in characters, not UTF-16 units', () => {
    expect(problems(name, '𠀀'.repeat(100))).toEqual([]);
    expect(problems(name, '队'.repeat(101)).join()).toContain('at most 100 characters');
    expect(problems(name, 'x'.repeat(900_000)).join()).toContain('at most 100 characters');
  });

  it('lets a note have line breaks and tabs, but no other controls', () => {
    expect(note.parse('第一行\n第二行\t备注')).toBe('第一行\n第二行\t备注');
    expect(problems(note, 'a\u0000b').join()).toContain('control characters');
  });
});
