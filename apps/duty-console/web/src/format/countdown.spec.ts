import { countdown, localTime } from './countdown';

describe('countdown', () => {
  const now = Date.parse('2026-12-01T08:00:00.000Z');

  it('counts down minutes and seconds before the deadline', () => {
    expect(countdown('2026-12-01T08:04:59.000Z', now)).toEqual({ overdue: false, text: '4:59' });
    expect(countdown('2026-12-01T09:02:03.000Z', now)).toEqual({ overdue: false, text: '1:02:03' });
  });

  it('turns overdue past the deadline and counts how long since', () => {
    expect(countdown('2026-12-01T07:58:30.000Z', now)).toEqual({ overdue: true, text: '1:30' });
  });
});

describe('localTime', () => {
  it('shows the time in the district (UTC+8)', () => {
    expect(localTime('2026-12-01T08:05:09.000Z', 'zh-CN')).toContain('16:05:09');
  });
});
