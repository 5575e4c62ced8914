import { DutyOfficer, UnitRegistry } from '@erp/domain';
import { SignedInUser } from './access-token';

/**
 * The units a signed-in user acts for on tasks: their own unit, the rescue teams it answers for (teams often
 * have no console: their township office or the command room acts for them), and any team that lists the
 * user among its members. The commander may move any task; an auditor only reads; an administrator keeps
 * the district's data and acts on no task, even with a unit of their own.
 */
export function actingOfficer(user: SignedInUser, registry: UnitRegistry): DutyOfficer {
  const unitIds = new Set<string>();
  if (user.role !== 'auditor' && user.role !== 'administrator') {
    if (user.unitId) unitIds.add(user.unitId);
    for (const unit of registry.ofKind('rescue_team')) {
      if (
        (user.unitId && unit.parentId === user.unitId) ||
        unit.members.some((m) => m.userName === user.username)
      )
        unitIds.add(unit.id);
    }
  }
  return {
    userId: user.userId,
    username: user.username,
    unitIds: [...unitIds],
    commander: user.role === 'commander',
  };
}
