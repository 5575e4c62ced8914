import type { EntityManager } from 'typeorm';
import { DomainError, UnitRegistry } from '@erp/domain';
import { TaskRepository } from '@erp/persistence';
import { SignedInUser } from '../auth/access-token';
import { actingOfficer } from '../move-task/acting-officer';

/**
 * Each user sees their unit: commanders and auditors see every incident; a duty officer sees an incident
 * only when one of its tasks is for a unit they act for.
 */
export async function maySeeIncident(
  m: EntityManager,
  user: SignedInUser,
  incidentId: string,
  registry: UnitRegistry,
): Promise<boolean> {
  if (user.role === 'commander' || user.role === 'auditor') return true;
  return TaskRepository.unitHasTaskIn(m, incidentId, actingOfficer(user, registry).unitIds);
}

/** Not found rather than forbidden: another unit's incidents are not even confirmed to exist. */
export function incidentNotFound(id: string): DomainError {
  return new DomainError('INCIDENT.NOT_FOUND', 'not_found', `no incident ${id}`);
}
