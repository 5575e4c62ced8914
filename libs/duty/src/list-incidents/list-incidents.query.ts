import { Query } from '@nestjs/cqrs';
import type { IncidentCursor, IncidentFilter, IncidentListItem } from '@erp/domain';
import { SignedInUser } from '@erp/auth';

export interface IncidentPage {
  items: IncidentListItem[];
  /** Opaque: pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Incidents for consoles and auditors, newest first, a page at a time; each user sees what they may. */
export class ListIncidentsQuery extends Query<IncidentPage> {
  constructor(
    readonly user: SignedInUser,
    readonly filter: Omit<IncidentFilter, 'withTaskForUnits'>,
    readonly after: IncidentCursor | null,
    readonly limit: number,
  ) {
    super();
  }
}
