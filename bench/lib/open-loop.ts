import { sleep, wallNow } from './wall-clock';

/**
 * An open-loop schedule: `total` items at `ratePerSecond`, item i due at `startsAt + i / rate`. Items are
 * sent when due whatever the system answers, so a slow system meets a growing queue, as it would for real.
 */
export class OpenLoop {
  constructor(
    readonly total: number,
    readonly ratePerSecond: number,
    readonly startsAt: number,
  ) {}

  /** When item `index` is due (ms, wall clock). */
  dueAt(index: number): number {
    return this.startsAt + (index * 1000) / this.ratePerSecond;
  }

  /** How many items are due by `now`: the first is due at the start. */
  dueBy(now: number): number {
    return Math.max(
      0,
      Math.min(this.total, Math.floor(((now - this.startsAt) * this.ratePerSecond) / 1000) + 1),
    );
  }
}

export interface DriveOptions {
  /** Stop sending (e.g. interrupted). */
  stop?: () => boolean;
  /** Wall-clock time after which nothing more is sent. */
  deadline?: number;
  /** Called on every turn of the loop, with the wall clock. */
  onTurn?: (now: number) => void;
}

/**
 * Sends every item as it falls due: `send(from, to)` gets the items due since the last call. Awaiting it
 * keeps one send in flight (as the outbox relay does); a send that returns at once leaves the pacing alone.
 * Answers how many items were sent.
 */
export async function driveOpenLoop(
  loop: OpenLoop,
  send: (from: number, to: number) => Promise<void> | void,
  options: DriveOptions = {},
): Promise<number> {
  let next = 0;
  while (next < loop.total && !options.stop?.()) {
    const now = wallNow();
    if (options.deadline !== undefined && now > options.deadline) break;
    options.onTurn?.(now);
    const due = loop.dueBy(now);
    if (due <= next) {
      await sleep(1);
      continue;
    }
    const from = next;
    next = due;
    await send(from, due);
  }
  return next;
}
