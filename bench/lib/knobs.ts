/** The range a BENCH_* knob accepts; `minExclusive` makes it (min, max] instead of [min, max]. */
export interface KnobRange {
  min: number;
  max: number;
  minExclusive?: boolean;
}

export class KnobOutOfRange extends Error {}

/** The knob's value from `env`, the fallback when unset or empty; throws KnobOutOfRange otherwise. */
export function readKnob(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  range: KnobRange,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  const tooLow = range.minExclusive ? value <= range.min : value < range.min;
  if (!Number.isFinite(value) || tooLow || value > range.max) {
    const interval = `${range.minExclusive ? '(' : '['}${range.min}, ${range.max}]`;
    throw new KnobOutOfRange(`bench: ${name} must be a number in ${interval}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A knob from the process environment; a bad value stops the bench before anything starts (exit 2). */
export function knob(name: string, fallback: number, range: KnobRange): number {
  try {
    return readKnob(process.env, name, fallback, range);
  } catch (error) {
    if (!(error instanceof KnobOutOfRange)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}
