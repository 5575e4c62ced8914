import { ManualClock } from '@erp/domain';
import { SourceRateLimit } from './source-rate-limit';

describe('SourceRateLimit', () => {
  it('allows a minute’s worth at once, then refuses with the wait, and refills over time', () => {
    const clock = new ManualClock(new Date('2026-11-30T08:00:00Z'));
    const limit = new SourceRateLimit(clock);
    for (let i = 0; i < 60; i++) expect(limit.take('a', 60)).toBe(0);
    expect(limit.take('a', 60)).toBe(1);
    clock.advance(999);
    expect(limit.take('a', 60)).toBe(1);
    clock.advance(1);
    expect(limit.take('a', 60)).toBe(0);
    expect(limit.take('a', 60)).toBeGreaterThan(0);
  });

  it('keeps each source apart', () => {
    const limit = new SourceRateLimit(new ManualClock(new Date('2026-11-30T08:00:00Z')));
    expect(limit.take('a', 1)).toBe(0);
    expect(limit.take('a', 1)).toBe(60);
    expect(limit.take('b', 1)).toBe(0);
  });
});
