import type { Checkpoint } from './checkpoint-chain';
import type { ChainedEntry } from './hash-chain';
import type { IncidentCheckpoints } from './timeline-verification';

/** A timeline entry as stored, every column people read included (actor and payload as their stored JSON). */
export type StoredTimelineEntry = ChainedEntry & {
  summary: string;
  chainVersion: number;
  actorJson: string;
  payloadJson: string;
};

/** What is stored of one incident's audit trail: its entries in order and the checkpoints that sealed it. */
export interface StoredTimeline {
  incidentId: string;
  entries: StoredTimelineEntry[];
  sealed: IncidentCheckpoints;
}

/** A sealed head that the timeline no longer holds as sealed. */
export interface UnmatchedHead {
  incidentId: string;
  lastSeq: number;
  headHash: string;
  storedEntries: number;
}

/** Reads of the audit trail (the timeline and its checkpoints), for the queries that show and verify it. */
export interface TimelineReadModel {
  storedTimeline(incidentId: string): Promise<StoredTimeline>;
  /** Up to `limit` links of the district chain after `afterSeq`, in order. */
  checkpointLinks(afterSeq: number, limit: number): Promise<Checkpoint[]>;
  /** Incidents whose latest sealed head is missing from, or different in, the timeline. */
  unmatchedHeads(limit: number): Promise<UnmatchedHead[]>;
  /** How long the oldest logged incident event no checkpoint covers has waited (null: none waits). */
  unsealedSeconds(): Promise<number | null>;
}

export const TIMELINE_READ_MODEL = Symbol('TimelineReadModel');
