import { ManualClock, systemClock } from './clock';

describe('ManualClock', () => {
  it('stands still until advanced', () => {
    const clock = new ManualClock(new Date('2026-03-01T08:00:00.000Z'));
    expect(clock.now().toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-03-01T08:00:00.000Z');
  });

  it('moves forward by the given milliseconds, cumulatively', () => {
    const clock = new ManualClock(new Date('2026-03-01T08:00:00.000Z'));
    clock.advance(300_000);
    expect(clock.now().toISOString()).toBe('2026-03-01T08:05:00.000Z');
    clock.advance(1);
    expect(clock.now().toISOString()).toBe('2026-03-01T08:05:00.001Z');
  });

  it('returns copies, so a caller mutating a returned Date cannot move the clock', () => {
    const start = new Date('2026-03-01T08:00:00.000Z');
    const clock = new ManualClock(start);
    const now = clock.now();
    now.setTime(0);
    expect(clock.now().toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(clock.now()).not.toBe(clock.now());
  });
});

describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const t = systemClock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
});
