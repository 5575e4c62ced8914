import { EscalationLadder, EscalationRung } from './escalation-ladder';

const rung = (step: number, unitId = `unit-${step}`): EscalationRung => ({
  step,
  unitId,
  role: 'supervise',
  clauseId: `clause-${step}`,
  ackWithinSeconds: 300,
});

describe('EscalationLadder', () => {
  it('accepts rungs numbered 1..n and climbs them in order', () => {
    const ladder = new EscalationLadder([rung(1), rung(2), rung(3)]);
    expect(ladder.next(0)?.unitId).toBe('unit-1');
    expect(ladder.next(1)?.unitId).toBe('unit-2');
    expect(ladder.next(2)?.unitId).toBe('unit-3');
    expect(ladder.next(3)).toBeNull();
  });

  it('accepts an empty ladder, whose next is always null', () => {
    expect(new EscalationLadder([]).next(0)).toBeNull();
  });

  it.each([
    ['starting at 0', [0, 1]],
    ['starting at 2', [2, 3]],
    ['with a gap', [1, 3]],
    ['out of order', [2, 1]],
    ['with a duplicate', [1, 1]],
  ])('rejects rungs %s', (_label, steps) => {
    expect(() => new EscalationLadder(steps.map((s) => rung(s)))).toThrow(/numbered 1\.\.n/);
  });
});
