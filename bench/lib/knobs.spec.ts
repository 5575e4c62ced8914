import { KnobOutOfRange, readKnob } from './knobs';

describe('readKnob', () => {
  const positive = { min: 0, max: 600, minExclusive: true };

  it('falls back when unset or empty', () => {
    expect(readKnob({}, 'BENCH_SECONDS', 60, positive)).toBe(60);
    expect(readKnob({ BENCH_SECONDS: '' }, 'BENCH_SECONDS', 60, positive)).toBe(60);
  });

  it('takes a number in range, the upper bound included', () => {
    expect(readKnob({ BENCH_SECONDS: '15' }, 'BENCH_SECONDS', 60, positive)).toBe(15);
    expect(readKnob({ BENCH_SECONDS: '600' }, 'BENCH_SECONDS', 60, positive)).toBe(600);
  });

  it('refuses what is out of range or not a number, naming the knob and the range', () => {
    const read = (raw: string) => () => readKnob({ BENCH_SECONDS: raw }, 'BENCH_SECONDS', 60, positive);
    expect(read('0')).toThrow(
      new KnobOutOfRange('bench: BENCH_SECONDS must be a number in (0, 600], got "0"'),
    );
    expect(read('601')).toThrow(KnobOutOfRange);
    expect(read('ten')).toThrow(KnobOutOfRange);
  });

  it('includes the lower bound of a closed range', () => {
    const flag = { min: 0, max: 1 };
    expect(readKnob({ BENCH_TEAMS_RETURN: '0' }, 'BENCH_TEAMS_RETURN', 1, flag)).toBe(0);
    expect(() => readKnob({ BENCH_TEAMS_RETURN: '-1' }, 'BENCH_TEAMS_RETURN', 1, flag)).toThrow(
      'must be a number in [0, 1]',
    );
  });
});
