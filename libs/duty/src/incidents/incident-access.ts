import { DataSource } from 'typeorm';
import { TaskEntity } from '@erp/persistence';
import { SignedInUser } from '../auth/access-token';

/**
 * Each user sees their unit: commanders and auditors see every incident; a duty officer sees an
 * incident only when one of its tasks is for their unit.
 */
export async function maySeeIncident(
  dataSource: DataSource,
  user: SignedInUser,
  incidentId: string,
): Promise<boolean> {
  if (user.role === 'commander' || user.role === 'auditor') return true;
  if (!user.unitId) return false;
  return dataSource.getRepository(TaskEntity).existsBy({ incidentId, unitId: user.unitId });
}
