import { CapDateTime } from './types';

/**
 * CAP 1.2 section 3.3.2: `YYYY-MM-DDThh:mm:ss±hh:mm`, e.g. `2002-05-24T16:49:00-07:00`; UTC is written
 * `-00:00` or `+00:00`, and alphabetic designators such as `Z` MUST NOT be used. This parser accepts `Z`
 * (records it in `zulu` and returns a note) and fractional seconds (CAP 1.0/1.1 used xs:dateTime), and
 * refuses anything without a timezone. The national warning platform writes a space for the `T`
 * (`2024-07-02 06:30:00+08:00`): read the same, with a note unless the caller says that form is the profile's.
 */
export type CapDateTimeResult =
  { ok: true; value: CapDateTime; notes: string[] } | { ok: false; message: string };

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})([T ])(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function parseCapDateTime(text: string, spaceIsProfile = false): CapDateTimeResult {
  const match = PATTERN.exec(text);
  if (!match) {
    return {
      ok: false,
      message: `"${text}" is not a CAP dateTime (expected YYYY-MM-DDThh:mm:ss±hh:mm, e.g. 2002-05-24T16:49:00-07:00)`,
    };
  }
  const [, y, mo, d, separator, h, mi, s, fraction, zone] = match;
  if (zone === undefined) {
    return { ok: false, message: `"${text}" has no timezone offset (CAP requires ±hh:mm, e.g. +08:00)` };
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const daysInMonth =
    month >= 1 && month <= 12 ? DAYS_IN_MONTH[month - 1] + (month === 2 && isLeap(year) ? 1 : 0) : 0;
  if (day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: `"${text}" is not a valid date and time` };
  }
  const notes: string[] = [];
  if (separator === ' ' && !spaceIsProfile) {
    notes.push(`"${text}" has a space between date and time (the national platform's form); CAP writes "T"`);
  }
  let offsetMinutes = 0;
  const zulu = zone === 'Z';
  if (zulu) {
    notes.push(`"${text}" uses the "Z" designator, which CAP 1.2 forbids (write -00:00 or +00:00)`);
  } else {
    const sign = zone[0] === '-' ? -1 : 1;
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMins = Number(zone.slice(4, 6));
    if (offsetHours > 14 || offsetMins > 59 || (offsetHours === 14 && offsetMins > 0)) {
      return { ok: false, message: `"${text}" has an impossible timezone offset ${zone}` };
    }
    offsetMinutes = sign * (offsetHours * 60 + offsetMins) || 0; // -00:00 is UTC, not -0
  }
  let millis = 0;
  if (fraction !== undefined) {
    notes.push(`"${text}" has fractional seconds, which the CAP 1.2 dateTime form does not allow`);
    millis = Math.floor(Number(`0${fraction}`) * 1000);
  }
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, millis);
  const date = new Date(local.getTime() - offsetMinutes * 60_000);
  return { ok: true, value: { value: text, date, offsetMinutes, zulu }, notes };
}
