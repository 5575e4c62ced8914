import { DomainError, readsEverything, Stores, UnitRegistry } from '@erp/domain';
import { SignedInUser } from './access-token';
import { actingOfficer } from './acting-officer';

/**
 * Each user sees their unit: commanders and auditors see every incident; a duty officer sees an incident
 * only when one of its tasks is for a unit they act for.
 */
export async function maySeeIncident(
  stores: Stores,
  user: SignedInUser,
  incidentId: string,
  registry: UnitRegistry,
): Promise<boolean> {
  if (readsEverything(user)) return true;
  return stores.tasks.unitHasTaskIn(incidentId, actingOfficer(user, registry).unitIds);
}

/** Not found rather than forbidden: another unit's incidents are not even confirmed to exist. */
export function incidentNotFound(id: string): DomainError {
  return new DomainError('INCIDENT.NOT_FOUND', 'not_found', `no incident ${id}`);
}
