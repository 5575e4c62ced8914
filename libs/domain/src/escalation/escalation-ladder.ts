/** One rung of an escalation ladder: who is tasked when the step before it misses its deadline. */
export interface EscalationRung {
  step: number;
  unitId: string;
  role: 'supervise';
  clauseId: string;
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
