import { Level, Tier } from '../incident/first-classification';
import { levelRank, LEVEL_NAMES_ZH } from './criteria-tables';
import { NationalClassification } from './national-classifier';
import { tierRank } from './tier-mapping';

export interface CurrentGrade {
  tier: Tier;
  level: Level;
}

export type GradeDirection = 'up' | 'down' | 'same';

export type ReclassificationDecision =
  | { kind: 'unchanged' }
  | {
      kind: 'upgrade';
      from: CurrentGrade;
      to: NationalClassification;
      tier: GradeDirection;
      level: GradeDirection;
      reasons: string[];
    }
  | {
      kind: 'downgrade-needs-confirmation';
      from: CurrentGrade;
      to: NationalClassification;
      tier: GradeDirection;
      level: GradeDirection;
      reasons: string[];
    };

function direction(from: number, to: number): GradeDirection {
  return to > from ? 'up' : to < from ? 'down' : 'same';
}

function label(grade: CurrentGrade): string {
  const level = grade.level === null ? '无级别' : `${LEVEL_NAMES_ZH[grade.level]} (${grade.level})`;
  return `${grade.tier} / ${level}`;
}

/**
 * What to do when new facts give a new classification. Grades compare by tier first, then by level
 * (null < IV < III < II < I):
 * - higher → `upgrade`, applied at once (escalation never waits for a person);
 * - lower → `downgrade-needs-confirmation`: a duty officer must confirm before the incident is lowered;
 * - same tier and level → `unchanged` (new reasons alone change nothing).
 * If tier and level move in opposite directions (possible only when the current grade was set outside
 * this mapping), the tier decides; `tier` and `level` in the decision say how each moved.
 */
export function decideReclassification(
  current: CurrentGrade,
  next: NationalClassification,
): ReclassificationDecision {
  const tier = direction(tierRank(current.tier), tierRank(next.tier));
  const level = direction(levelRank(current.level), levelRank(next.level));
  if (tier === 'same' && level === 'same') return { kind: 'unchanged' };
  const up = tier === 'up' || (tier === 'same' && level === 'up');
  const change = `${label(current)} → ${label(next)}`;
  if (up) {
    return {
      kind: 'upgrade',
      from: { ...current },
      to: next,
      tier,
      level,
      reasons: [`升级 ${change}: 立即生效`],
    };
  }
  return {
    kind: 'downgrade-needs-confirmation',
    from: { ...current },
    to: next,
    tier,
    level,
    reasons: [`降级 ${change}: 须值班员确认后生效`],
  };
}
