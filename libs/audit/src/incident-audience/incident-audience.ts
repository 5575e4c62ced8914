import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  INCIDENT_RECORD_READ_MODEL,
  IncidentRecordReadModel,
  maySeeIncidentOf,
  readsEverything,
} from '@erp/domain';
import { actingOfficer, SignedInUser } from '@erp/auth';

/** Not found rather than forbidden: another unit's incidents are not even confirmed to exist. */
export function incidentNotFound(id: string): DomainError {
  return new DomainError('INCIDENT.NOT_FOUND', 'not_found', `无此事件 no incident ${id}`);
}

/** Who may read an incident's audit: commanders and auditors all; an officer those their units hold tasks in. */
@Injectable()
export class IncidentAudience {
  constructor(@Inject(INCIDENT_RECORD_READ_MODEL) private readonly records: IncidentRecordReadModel) {}

  /**
   * Throws INCIDENT.NOT_FOUND unless the user may read the incident; answers whether its row exists (an
   * auditor may still verify the trail of an incident whose row was removed).
   */
  async admit(user: SignedInUser, incidentId: string): Promise<{ exists: boolean }> {
    const units = await this.records.incidentUnits(incidentId);
    if (readsEverything(user)) return { exists: units !== null };
    if (units === null) throw incidentNotFound(incidentId);
    const acting = actingOfficer(user, await this.records.units()).unitIds;
    if (!maySeeIncidentOf(user, acting, units)) throw incidentNotFound(incidentId);
    return { exists: true };
  }
}
