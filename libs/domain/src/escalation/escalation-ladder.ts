import { UnitIds } from '../district/district';

/** One rung of an escalation ladder: who is tasked when the step before it misses its deadline. */
export interface EscalationRung {
  step: number;
  unitId: string;
  role: 'supervise';
  clauseId: string;
  /** How long the rung has to acknowledge the escalation. */
  ackWithinSeconds: number;
}

/**
 * 逐级上报: when a task's deadline passes unanswered, the next rung is tasked. A task carries the step
 * it was dispatched at (0 for the first responder); `next(step)` is the rung above it, or null at the top.
 */
export class EscalationLadder {
  constructor(private readonly rungs: readonly EscalationRung[]) {
    rungs.forEach((r, i) => {
      if (r.step !== i + 1)
        throw new Error(`escalation rungs must be numbered 1..n; rung ${i} has ${r.step}`);
    });
  }

  next(step: number): EscalationRung | null {
    return this.rungs[step] ?? null;
  }
}

/** An unacknowledged task goes up to the district command room (区应急指挥中心, 24-hour duty). */
export const DISTRICT_ESCALATION = new EscalationLadder([
  {
    step: 1,
    unitId: UnitIds.districtCommandRoom,
    role: 'supervise',
    clauseId: 'ack-missed-to-command-room',
    ackWithinSeconds: 300,
  },
]);
