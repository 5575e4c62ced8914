import { CommandUnit, onDutyAt, weeklyWindowCovers, WeeklyDutyWindow } from './command-unit';
import { BAZHOU_COMMAND_STRUCTURE } from './bazhou-command-structure';

/** An instant given in Bazhou local time (UTC+08:00). */
const local = (isoWithoutOffset: string) => new Date(`${isoWithoutOffset}+08:00`);

// 2026-03-02 is a Monday; 2026-03-06 a Friday; 2026-03-07 a Saturday; 2026-03-08 a Sunday.
const unit: CommandUnit = {
  id: 'township-office-511902101',
  kind: 'township_office',
  name: '清江镇应急管理办公室',
  townshipCode: '511902101',
  contact: { name: '清江镇应急值班室', phone: '13800009999' },
  members: [
    { userName: 'day', displayName: '白班值班员', role: 'duty_officer' },
    { userName: 'night', displayName: '夜班值班员', role: 'duty_officer' },
    { userName: 'weekend-night', displayName: '周五夜班', role: 'duty_officer' },
    { userName: 'leader', displayName: '带班领导', role: 'head' },
  ],
  roster: [
    { kind: 'weekly', userName: 'day', days: [1, 2, 3, 4, 5], start: '08:00', end: '20:00' },
    { kind: 'weekly', userName: 'night', days: [1, 2, 3, 4], start: '20:00', end: '08:00' },
    { kind: 'weekly', userName: 'weekend-night', days: [5], start: '20:00', end: '08:00' },
    { kind: 'weekly', userName: 'leader', days: [1, 2, 3, 4, 5], start: '08:30', end: '17:30' },
    { kind: 'dated', userName: 'leader', from: '2026-03-04T12:00:00+08:00', to: '2026-03-04T14:00:00+08:00' },
  ],
};

const names = (at: Date) => {
  const duty = onDutyAt(unit, at);
  return duty.source === 'roster' ? duty.members.map((m) => m.userName) : [`contact:${duty.contact.phone}`];
};

describe('onDutyAt', () => {
  it('finds the day shift, with the leader during office hours, in roster order', () => {
    expect(names(local('2026-03-02T08:00:00'))).toEqual(['day']);
    expect(names(local('2026-03-02T10:00:00'))).toEqual(['day', 'leader']);
    expect(names(local('2026-03-02T17:30:00'))).toEqual(['day']);
  });

  it('reads times in local time (UTC+08:00), not UTC', () => {
    // 00:30 UTC on Monday is 08:30 in Bazhou.
    expect(names(new Date('2026-03-02T00:30:00Z'))).toEqual(['day', 'leader']);
    // 11:59 UTC on Monday is 19:59 in Bazhou: still the day shift.
    expect(names(new Date('2026-03-02T11:59:00Z'))).toEqual(['day']);
  });

  it('covers an overnight window on both sides of midnight, ending exclusively', () => {
    expect(names(local('2026-03-02T20:00:00'))).toEqual(['night']);
    expect(names(local('2026-03-02T23:59:00'))).toEqual(['night']);
    expect(names(local('2026-03-03T03:00:00'))).toEqual(['night']);
    expect(names(local('2026-03-03T07:59:59'))).toEqual(['night']);
    expect(names(local('2026-03-03T08:00:00'))).toEqual(['day']);
  });

  it('matches an overnight window by the day it starts on', () => {
    // Friday 20:00 → Saturday 08:00 belongs to the Friday shift.
    expect(names(local('2026-03-06T22:00:00'))).toEqual(['weekend-night']);
    expect(names(local('2026-03-07T03:00:00'))).toEqual(['weekend-night']);
    // Friday 03:00 is the end of Thursday's night shift, not Friday's.
    expect(names(local('2026-03-06T03:00:00'))).toEqual(['night']);
    // Monday 03:00 would be a Sunday-night shift: nobody is rostered.
    expect(names(local('2026-03-02T03:00:00'))).toEqual(['contact:13800009999']);
  });

  it('falls back to the unit contact when nobody is on duty', () => {
    expect(onDutyAt(unit, local('2026-03-08T12:00:00'))).toEqual({
      source: 'contact',
      contact: { name: '清江镇应急值班室', phone: '13800009999' },
    });
    expect(onDutyAt({ ...unit, roster: [] }, local('2026-03-02T10:00:00')).source).toBe('contact');
  });

  it('lets a dated window override the weekly pattern while it lasts', () => {
    expect(names(local('2026-03-04T12:30:00'))).toEqual(['leader']);
    expect(names(local('2026-03-04T14:00:00'))).toEqual(['day', 'leader']);
    expect(names(local('2026-03-04T11:59:00'))).toEqual(['day', 'leader']);
  });

  it('skips a roster entry that names no member, then falls back', () => {
    const stray: CommandUnit = {
      ...unit,
      roster: [{ kind: 'weekly', userName: 'ghost', start: '00:00', end: '00:00' }],
    };
    expect(onDutyAt(stray, local('2026-03-02T10:00:00')).source).toBe('contact');
  });
});

describe('weeklyWindowCovers', () => {
  const w = (start: string, end: string, days?: WeeklyDutyWindow['days']): WeeklyDutyWindow => ({
    kind: 'weekly',
    userName: 'x',
    start,
    end,
    ...(days ? { days } : {}),
  });

  it('treats equal start and end as a 24-hour shift', () => {
    expect(weeklyWindowCovers(w('00:00', '00:00'), local('2026-03-02T00:00:00'))).toBe(true);
    expect(weeklyWindowCovers(w('00:00', '00:00'), local('2026-03-02T23:59:59'))).toBe(true);
    expect(weeklyWindowCovers(w('08:00', '08:00', [1]), local('2026-03-03T07:59:00'))).toBe(true);
    expect(weeklyWindowCovers(w('08:00', '08:00', [1]), local('2026-03-03T08:00:00'))).toBe(false);
  });

  it('accepts 24:00 as the end of the day', () => {
    expect(weeklyWindowCovers(w('18:00', '24:00'), local('2026-03-02T23:59:59'))).toBe(true);
    expect(weeklyWindowCovers(w('18:00', '24:00'), local('2026-03-03T00:00:00'))).toBe(false);
  });
});

describe('the sample rosters', () => {
  const room = BAZHOU_COMMAND_STRUCTURE.requireUnit('district-command-room');

  it('keeps the command room on duty around the clock', () => {
    for (let h = 0; h < 24; h++) {
      const at = local(`2026-03-08T${String(h).padStart(2, '0')}:15:00`);
      expect(onDutyAt(room, at).source).toBe('roster');
    }
  });

  it('puts the commander beside the duty officer in office hours, and on the national-day roster', () => {
    const weekday = onDutyAt(room, local('2026-03-02T10:00:00'));
    expect(weekday.source === 'roster' && weekday.members.map((m) => m.userName)).toEqual([
      'duty-command-room',
      'commander',
    ]);
    const holidayNight = onDutyAt(room, local('2026-10-03T23:00:00'));
    expect(holidayNight.source === 'roster' && holidayNight.members.map((m) => m.userName)).toEqual([
      'commander',
      'duty-command-room',
    ]);
  });

  it('sends a department to its duty line outside office hours', () => {
    const dept = BAZHOU_COMMAND_STRUCTURE.requireUnit('dept-water');
    expect(onDutyAt(dept, local('2026-03-02T09:00:00'))).toMatchObject({ source: 'roster' });
    expect(onDutyAt(dept, local('2026-03-07T09:00:00'))).toEqual({
      source: 'contact',
      contact: dept.contact,
    });
  });
});
