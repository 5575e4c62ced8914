import {
  DEFAULT_LADDERS,
  EscalationLadder,
  EscalationLaddersSchema,
  LadderSpecSchema,
  LadderStep,
} from './escalation-ladder';

const step = (action: LadderStep['action'], afterSeconds = 60): LadderStep =>
  action === 'task_unit' ? { action, afterSeconds, target: 'command_room' } : { action, afterSeconds };

describe('EscalationLadder', () => {
  it('gives its steps 1..n in order and null past the top', () => {
    const ladder = new EscalationLadder({
      steps: [step('renotify'), step('notify_leader'), step('task_unit')],
    });
    expect(ladder.step(1)?.action).toBe('renotify');
    expect(ladder.step(2)?.action).toBe('notify_leader');
    expect(ladder.step(3)?.action).toBe('task_unit');
    expect(ladder.step(4)).toBeNull();
    expect(ladder.length).toBe(3);
  });

  it('takes the last step again repeatLast more times, then stops', () => {
    const ladder = new EscalationLadder({
      steps: [step('renotify'), step('notify_leader', 30)],
      repeatLast: 2,
    });
    expect([1, 2, 3, 4].map((k) => ladder.step(k)?.action)).toEqual([
      'renotify',
      'notify_leader',
      'notify_leader',
      'notify_leader',
    ]);
    expect(ladder.step(5)).toBeNull();
    expect(ladder.length).toBe(4);
  });

  it('has no step 0, no negative and no fractional steps', () => {
    const ladder = new EscalationLadder({ steps: [step('renotify')] });
    expect(ladder.step(0)).toBeNull();
    expect(ladder.step(-1)).toBeNull();
    expect(ladder.step(1.5)).toBeNull();
  });

  it('refuses a ladder without steps', () => {
    expect(() => new EscalationLadder({ steps: [] })).toThrow(/at least one step/);
  });
});

describe('ladder schema', () => {
  it('accepts every default ladder', () => {
    expect(EscalationLaddersSchema.safeParse(DEFAULT_LADDERS).success).toBe(true);
  });

  it('refuses unknown actions, negative waits, a task_unit without target and stray fields', () => {
    const result = LadderSpecSchema.safeParse({
      steps: [
        { action: 'shout', afterSeconds: 0 },
        { action: 'renotify', afterSeconds: -5 },
        { action: 'task_unit', afterSeconds: 0 },
        { action: 'renotify', afterSeconds: 0, target: 'committee' },
        { action: 'task_unit', afterSeconds: 0, target: 'unit' },
      ],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('/'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'steps/0/action',
        'steps/1/afterSeconds',
        'steps/2/target',
        'steps/3/target',
        'steps/4/unitId',
      ]),
    );
  });

  it('refuses an unknown deadline kind and too many repeats', () => {
    expect(EscalationLaddersSchema.safeParse({ lunch: { steps: [step('renotify')] } }).success).toBe(false);
    expect(LadderSpecSchema.safeParse({ steps: [step('renotify')], repeatLast: 101 }).success).toBe(false);
  });
});
