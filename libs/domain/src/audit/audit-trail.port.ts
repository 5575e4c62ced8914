import type { Checkpoint, IncidentHead } from './checkpoint-chain';

/*
 * The audit trail's stores: the append-only event log, the hash-chained timeline, the district chain of
 * sealed incident heads, the response-time tables, and a rebuild's scratch timeline. Implemented on
 * PostgreSQL (libs/persistence); the audit use cases reach them through the transaction (`tx.eventLog`, …).
 */

/** An event as the audit logs it: its envelope, the incident it went into, the unit names it was read with. */
export interface LoggedEventRow {
  /** Position in the log (absent before it is written). */
  id?: number;
  eventId: string;
  topic: string;
  eventType: string;
  incidentId: string | null;
  envelope: Record<string, unknown>;
  unitNames: Record<string, string> | null;
}

/** One timeline entry as written and as read back (timestamps as the exact ISO strings that were hashed). */
export interface TimelineRow {
  incidentId: string;
  seq: number;
  eventId: string;
  eventType: string;
  occurredAt: string;
  recordedAt: string;
  actor: Record<string, unknown>;
  summary: string;
  payload: Record<string, unknown>;
  /** The actor's and payload's JSON as stored (canonical, as hashed), written and read verbatim. */
  actorJson: string;
  payloadJson: string;
  chainVersion: number;
  prevHash: string;
  hash: string;
}

/** An entry as read back: the row without its parsed actor and payload. */
export type StoredTimelineRow = Omit<TimelineRow, 'actor' | 'payload'>;

/** What a run of events changes in the response-time tables, folded in event order (the last word wins). */
export interface ResponseTimeChanges {
  opened: {
    incidentId: string;
    townshipCode: string;
    type: string;
    tier: string;
    exercise: boolean;
    alarmAt: string;
    openedAt: string;
  }[];
  /** Each incident's latest tier. */
  tiers: { incidentId: string; tier: string }[];
  closed: { incidentId: string; closedAt: string }[];
  cancelled: string[];
  dispatched: {
    taskId: string;
    incidentId: string;
    unitId: string;
    role: string;
    team: boolean;
    dispatchedAt: string;
  }[];
  /** Each task's stage times and status as of the run's end (null: unchanged by it). */
  moves: {
    taskId: string;
    status: string | null;
    acknowledgedAt: string | null;
    departedAt: string | null;
    arrivedAt: string | null;
    completedAt: string | null;
  }[];
  breaches: { taskId: string; deadline: string; dueAt: string; missedAt: string }[];
}

/** How an incident's stored timeline compares with the one rebuilt from the event log. */
export interface RebuiltComparison {
  incidentId: string;
  /** Entries the rebuild made (from its first rebuilt seq) and the stored ones in that range. */
  rebuilt: number;
  storedLastSeq: number;
  rebuiltLastSeq: number;
  /** The first entry that differs, is missing in the middle, or has no event behind it; null if none. */
  firstDifferentSeq: number | null;
}

export interface EventLogStore {
  /** Appends events in the order given; an event logged before is left as it was. */
  append(rows: readonly LoggedEventRow[]): Promise<void>;
  readAfter(afterId: number, limit: number): Promise<Required<LoggedEventRow>[]>;
}

export interface AuditTimelineStore {
  /** Writers share it, the sealer takes it alone: a seal sees every committed entry or none of a run. */
  holdAppendLock(): Promise<void>;
  holdSealLock(): Promise<void>;
  lastEntries(
    incidentIds: readonly string[],
  ): Promise<Map<string, { seq: number; hash: string; chainVersion: number }>>;
  insert(rows: readonly TimelineRow[]): Promise<void>;
  entries(incidentId: string): Promise<StoredTimelineRow[]>;
  legacyHeads(): Promise<Map<string, { seq: number; hash: string }>>;
}

export interface ResponseTimesStore {
  apply(changes: ResponseTimeChanges): Promise<void>;
  clear(): Promise<void>;
}

export interface CheckpointStore {
  latest(): Promise<Checkpoint | null>;
  lastLogId(): Promise<number>;
  headsLoggedBetween(after: number, through: number): Promise<IncidentHead[]>;
  append(links: readonly Checkpoint[]): Promise<void>;
  ofIncident(
    incidentId: string,
  ): Promise<{ links: Checkpoint[]; before: Checkpoint | null; after: Checkpoint | null }>;
  linksAfter(afterSeq: number, limit: number): Promise<Checkpoint[]>;
  headsNotStored(
    limit: number,
  ): Promise<{ incidentId: string; lastSeq: number; headHash: string; storedEntries: number }[]>;
  unsealedSeconds(): Promise<number | null>;
}

/** A rebuild's scratch copy of the timeline: one session's temporary table, compared in SQL. */
export interface TimelineRebuildStore {
  createScratch(): Promise<void>;
  insertScratch(rows: readonly TimelineRow[]): Promise<void>;
  compare(): Promise<RebuiltComparison[]>;
  appendMissing(incidentId: string, storedLastSeq: number): Promise<boolean>;
}
