import { mayAdministerStructure } from '@erp/domain';
import type { CommandUnit } from '@erp/domain';
import type { SignedInUser } from '@erp/auth';

/**
 * Who may change what in the command structure. Reads are open to anyone signed in; changes follow the
 * chain of command: the commander or an administrator changes the structure (`mayAdministerStructure`), a
 * unit keeps its own duty roster (值班表), and a rescue team's status is reported by the team itself or by
 * the duty officer of the township office it belongs to. Auditors only read.
 */

/** A unit's duty roster: the commander, an administrator, or a duty officer of that very unit. */
export function mayEditRoster(user: SignedInUser, unit: Pick<CommandUnit, 'id'>): boolean {
  if (mayAdministerStructure(user)) return true;
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
  // Auditors read; an administrator keeps the data but does not send or stand down teams.
  if (user.role === 'auditor' || user.role === 'administrator') return false;
  if (user.unitId === team.id || team.members.some((m) => m.userName === user.username)) return true;
  return (
    user.role === 'duty_officer' &&
    parent !== null &&
    parent.kind === 'township_office' &&
    team.parentId === parent.id &&
    user.unitId === parent.id
  );
}
