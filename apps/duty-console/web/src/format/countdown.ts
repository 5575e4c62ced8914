/** Time left to a deadline, or past it: what the countdown shows, updated every second. */
export interface Countdown {
  overdue: boolean;
  /** `m:ss` under an hour, `h:mm:ss` above. */
  text: string;
}

export function countdown(dueAt: string, now: number): Countdown {
  const ms = Date.parse(dueAt) - now;
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return { overdue: ms < 0, text: h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}` };
}

/** A local date and time for people in the district (UTC+8), e.g. 12-01 16:05:09. */
export function localTime(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale, {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}
