/**
 * The dates a source may send: from `earliest` (1970 by default) to `aheadMs` past now. A year-1 or
 * year-1000 date is a typo or junk; PostgreSQL cannot even store the first, and the second would join an
 * incident of today. Facts that may lie ahead (a warning's expiry) are held to `earliest` only.
 */
export class DateWindow {
  constructor(
    readonly earliest: Date,
    readonly aheadMs: number,
  ) {}

  latest(now: Date): Date {
    return new Date(now.getTime() + this.aheadMs);
  }

  /** Why `date` is refused, Chinese first with English beside; null when it is inside the window. */
  problem(date: Date, now: Date, bound: 'both' | 'earliest' = 'both'): string | null {
    const t = date.getTime();
    if (Number.isNaN(t)) return '不是有效日期 not a valid date';
    if (t < this.earliest.getTime()) {
      return `日期早于 ${this.earliest.toISOString()}，不予接受 date before ${this.earliest.toISOString()}, the earliest accepted`;
    }
    if (bound === 'both' && t > now.getTime() + this.aheadMs) {
      return `日期晚于当前时间 ${hours(this.aheadMs)} 小时以上 date more than ${hours(this.aheadMs)} h ahead of now`;
    }
    return null;
  }
}

function hours(ms: number): string {
  return String(Math.round((ms / 3_600_000) * 100) / 100);
}
