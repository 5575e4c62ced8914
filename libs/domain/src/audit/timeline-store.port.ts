/** One entry of an incident's hash-chained timeline, as stored (timestamps as the ISO strings hashed). */
export interface TimelineRow {
  incidentId: string;
  seq: number;
  eventId: string;
  eventType: string;
  occurredAt: string;
  recordedAt: string;
  actor: unknown;
  summary: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

/** The audit timeline: appended, never changed (the database refuses updates, deletes and truncation). */
export interface TimelineStore {
  /** Each incident's last (seq, hash); read after their locks are held, so a committed one is seen. */
  heads(incidentIds: readonly string[]): Promise<Map<string, { seq: number; hash: string }>>;
  append(rows: readonly TimelineRow[]): Promise<void>;
  /** An incident's entries in order. */
  read(incidentId: string): Promise<TimelineRow[]>;
}
