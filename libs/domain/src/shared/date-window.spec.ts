import { DateWindow } from './date-window';

describe('DateWindow', () => {
  const window = new DateWindow(new Date('1970-01-01T00:00:00Z'), 24 * 3_600_000);
  const now = new Date('2026-11-30T08:00:00+08:00');

  it('accepts dates from the earliest to a day ahead', () => {
    expect(window.problem(new Date('1970-01-01T00:00:00Z'), now)).toBeNull();
    expect(window.problem(new Date('2026-11-30T07:59:00+08:00'), now)).toBeNull();
    expect(window.problem(new Date('2026-12-01T08:00:00+08:00'), now)).toBeNull();
  });

  it('refuses year 1 and year 1000, naming the earliest date accepted', () => {
    expect(window.problem(new Date('0001-01-01T00:00:00+08:00'), now)).toMatch(
      /before 1970-01-01T00:00:00.000Z/,
    );
    expect(window.problem(new Date('1000-06-01T00:00:00Z'), now)).toMatch(/earliest accepted/);
  });

  it('refuses more than the allowance ahead, unless only the earliest bound applies', () => {
    const late = new Date('2026-12-01T08:00:01+08:00');
    expect(window.problem(late, now)).toMatch(/more than 24 h ahead/);
    expect(window.problem(late, now, 'earliest')).toBeNull();
  });

  it('refuses an invalid date', () => {
    expect(window.problem(new Date('nonsense'), now)).toMatch(/not a valid date/);
  });
});
