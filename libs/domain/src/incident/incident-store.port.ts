import type { CorrelationCandidate } from '../correlation/correlation-rule';
import type { Incident, IncidentState } from './incident';

/** What a console or an auditor filters incidents by. */
export interface IncidentFilter {
  status?: IncidentState['status'];
  tier?: IncidentState['tier'];
  townshipCode?: string;
  /** Opened at or after / before. */
  from?: Date;
  to?: Date;
  exercise?: boolean;
  /** Only incidents in which one of these units has a task (a duty officer's view). */
  withTaskForUnits?: readonly string[];
}

/** One line of the incident list: the incident and how its response stands. */
export interface IncidentListItem {
  id: string;
  type: string;
  category: string | null;
  tier: IncidentState['tier'];
  level: IncidentState['level'];
  status: IncidentState['status'];
  townshipCode: string;
  description: string;
  exercise: boolean;
  openedAt: Date;
  closedAt: Date | null;
  outcome: string | null;
  openTasks: number;
  /** Deadlines of its tasks that were missed. */
  breaches: number;
}

/** Where the previous page ended (newest first: opened_at, then id, both descending). */
export interface IncidentCursor {
  openedAt: Date;
  id: string;
}

export interface GeoBoxBounds {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

export interface IncidentStore {
  list(
    filter: IncidentFilter,
    after: IncidentCursor | null,
    limit: number,
  ): Promise<{ items: IncidentListItem[]; next: IncidentCursor | null }>;
  save(incident: Incident): Promise<void>;
  find(id: string): Promise<IncidentState | null>;
  findAll(ids: readonly string[]): Promise<Map<string, IncidentState>>;
  /** The incident, its row locked until the transaction ends. */
  getForUpdate(id: string): Promise<Incident | null>;
  /** What correlation sees of open incidents anchored in any box and heard of since `since` (no locks). */
  openCandidatesNear(boxes: readonly GeoBoxBounds[], since: Date): Promise<CorrelationCandidate[]>;
  /** Locks and loads incidents in id order: callers sharing some wait, never deadlock. */
  lockAll(ids: readonly string[]): Promise<Map<string, Incident>>;
  upsertAll(incidents: readonly Incident[]): Promise<void>;
}
