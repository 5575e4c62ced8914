import { DomainError } from '@erp/domain';
import type { CommandUnit } from '@erp/domain';
import type { SignedInUser } from '@erp/auth';

/**
 * Who may change what in the command structure. Reads are open to anyone signed in; changes follow the
 * chain of command: the commander changes anything, a unit keeps its own duty roster (值班表), and a rescue
 * team's status is reported by the team itself or by the duty officer of the township office it belongs to.
 * Auditors only read.
 */

/** Unit fields, the response plan: the commander's (区应急指挥长) alone. */
export function mayEditStructure(user: SignedInUser): boolean {
  return user.role === 'commander';
}

/** A unit's duty roster: the commander, or a duty officer of that very unit. */
export function mayEditRoster(user: SignedInUser, unit: Pick<CommandUnit, 'id'>): boolean {
  if (user.role === 'commander') return true;
  return user.role === 'duty_officer' && user.unitId === unit.id;
}

/**
 * A rescue team's status (出动, 到场, 返回, 停用): the commander; anyone of the team itself (signed in for the
 * team's unit, or listed among its members); or a duty officer of the township office the team reports to.
 */
export function mayChangeTeamStatus(
  user: SignedInUser,
  team: Pick<CommandUnit, 'id' | 'members' | 'parentId'>,
  parent: Pick<CommandUnit, 'id' | 'kind'> | null,
): boolean {
  if (user.role === 'commander') return true;
  if (user.role === 'auditor') return false;
  if (user.unitId === team.id || team.members.some((m) => m.userName === user.username)) return true;
  return (
    user.role === 'duty_officer' &&
    parent !== null &&
    parent.kind === 'township_office' &&
    team.parentId === parent.id &&
    user.unitId === parent.id
  );
}

/** Refuses anyone but the commander (403 `UNIT.COMMANDER_ONLY`), naming what they tried. */
export function commanderOnly(user: SignedInUser, what: string): void {
  if (mayEditStructure(user)) return;
  throw new DomainError('UNIT.COMMANDER_ONLY', 'forbidden', `只有指挥长可以${what}: only the commander may`);
}
