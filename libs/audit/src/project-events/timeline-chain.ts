import { canonicalJson, CHAIN_VERSION, entryHash, GENESIS_HASH } from '@erp/domain';
import { summarize } from '../timeline/timeline-summary';
import { TimelineFact } from './timeline-facts';

/** An entry ready to store: the fact, its number and summary, chained to the incident's head. */
export interface ChainedRow {
  incidentId: string;
  seq: number;
  eventId: string;
  eventType: string;
  occurredAt: string;
  recordedAt: string;
  actor: Record<string, unknown>;
  summary: string;
  payload: Record<string, unknown>;
  /** The canonical JSON of actor and payload: hashed, and stored as written. */
  actorJson: string;
  payloadJson: string;
  chainVersion: number;
  prevHash: string;
  hash: string;
}

export type Heads = Map<string, { seq: number; hash: string }>;

/**
 * Numbers and chains facts onto their incidents' heads, in the order given, moving each head on (`heads`
 * is updated). The summary, read with the unit names the event was logged with, is inside the hash.
 */
export function chainFacts(
  facts: readonly { fact: TimelineFact; unitNames: Readonly<Record<string, string>> | null }[],
  heads: Heads,
): ChainedRow[] {
  return facts.map(({ fact, unitNames }) => {
    const head = heads.get(fact.incidentId) ?? { seq: 0, hash: GENESIS_HASH };
    const summary = summarize(fact.eventType, fact.payload, fact.actor, (id) => unitNames?.[id]);
    const row = {
      incidentId: fact.incidentId,
      seq: head.seq + 1,
      eventId: fact.eventId,
      eventType: fact.eventType,
      occurredAt: fact.occurredAt,
      recordedAt: fact.recordedAt,
      actor: fact.actor,
      payload: fact.payload,
      summary,
      actorJson: canonicalJson(fact.actor),
      payloadJson: canonicalJson(fact.payload),
      chainVersion: CHAIN_VERSION,
      prevHash: head.hash,
      hash: '',
    };
    row.hash = entryHash(head.hash, row);
    heads.set(fact.incidentId, { seq: row.seq, hash: row.hash });
    return row;
  });
}
