import { DomainError } from '../shared/domain-error';
import { DocumentError } from '../command-structure/document-errors';
import { UnitRegistry } from '../command-structure/unit-registry';
import { TieredResponsePlan } from './plan-document';
import { validatePlan } from './validate-plan';

/**
 * Orders plan versions naturally: runs of digits compare as numbers, everything else character by character,
 * so 'seed-2020/2' < 'seed-2020/10' < 'seed-2021/1'. Two different strings that compare equal this way (e.g.
 * '1.0' and '1.00') return 0: neither counts as later.
 */
export function comparePlanVersions(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const diff = BigInt(x) - BigInt(y);
      if (diff !== 0n) return diff < 0n ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return Math.sign(pa.length - pb.length);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export type PublishResult =
  { ok: true; versions: PlanVersions; plan: TieredResponsePlan } | { ok: false; errors: DocumentError[] };

/**
 * The tiered response plan's versions, as a value: the current plan and every plan before it. Publishing
 * never changes this value: it returns a new one, or the list of errors (the running plan stays as it was).
 * Plans are frozen copies of the validated documents.
 */
export class PlanVersions {
  private constructor(
    private readonly registry: UnitRegistry,
    /** Oldest first; the last is current. */
    readonly history: readonly TieredResponsePlan[],
  ) {}

  /** Starts from a first plan; throws DomainError PLAN.INVALID (every error in `details.errors`) if it is refused. */
  static create(registry: UnitRegistry, initial: unknown): PlanVersions {
    const checked = validatePlan(initial, registry);
    if (!checked.ok) {
      throw new DomainError(
        'PLAN.INVALID',
        'invalid',
        `the response plan is invalid: ${checked.errors.map((e) => `${e.pointer}: ${e.message}`).join('; ')}`,
        { errors: checked.errors },
      );
    }
    return new PlanVersions(registry, Object.freeze([deepFreeze(checked.plan)]));
  }

  get current(): TieredResponsePlan {
    return this.history[this.history.length - 1];
  }

  /** A past or current version, for audits ("which plan created this task?"). */
  byVersion(planVersion: string): TieredResponsePlan | undefined {
    return this.history.find((p) => p.planVersion === planVersion);
  }

  /**
   * Validates `nextDoc` against the schema and the command structure, and requires a `planVersion` later than
   * the current one (see `comparePlanVersions`). All errors are listed together; on any error nothing changes.
   */
  publish(nextDoc: unknown): PublishResult {
    const checked = validatePlan(nextDoc, this.registry);
    const errors: DocumentError[] = checked.ok ? [] : [...checked.errors];
    const version = (nextDoc as { planVersion?: unknown } | null)?.planVersion;
    if (typeof version === 'string' && comparePlanVersions(version, this.current.planVersion) <= 0) {
      errors.unshift({
        pointer: '/planVersion',
        message: `planVersion "${version}" must come after the current "${this.current.planVersion}"`,
      });
    }
    if (!checked.ok || errors.length > 0) return { ok: false, errors };
    const plan = deepFreeze(checked.plan);
    return {
      ok: true,
      plan,
      versions: new PlanVersions(this.registry, Object.freeze([...this.history, plan])),
    };
  }
}
