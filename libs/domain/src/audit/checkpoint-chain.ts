import { hash as digest } from 'node:crypto';
import { canonicalJson, GENESIS_HASH } from './hash-chain';

/** Where an incident's timeline ended when it was sealed: its last entry's number and hash. */
export interface IncidentHead {
  incidentId: string;
  lastSeq: number;
  headHash: string;
}

/**
 * One link of the district-wide chain of incident heads (区级检查点链). Each seal appends one per incident
 * whose timeline grew since the seal before; each covers the previous link, so a head cannot be changed,
 * removed or reordered without breaking every later link.
 */
export interface CheckpointFields extends IncidentHead {
  seq: number;
  sealedAt: string;
  /** The last event-log position this seal covers. */
  throughLogId: number;
}

export type Checkpoint = CheckpointFields & { prevHash: string; hash: string };

export function checkpointHash(prevHash: string, fields: CheckpointFields): string {
  const { seq, sealedAt, throughLogId, incidentId, lastSeq, headHash } = fields;
  return digest(
    'sha256',
    prevHash + canonicalJson({ seq, sealedAt, throughLogId, incidentId, lastSeq, headHash }),
    'hex',
  );
}

/**
 * The links one seal appends after `previous` (null: the first seal), one per head, in incident-id order
 * so that the same heads always seal the same way.
 */
export function sealCheckpoints(
  previous: { seq: number; hash: string } | null,
  heads: readonly IncidentHead[],
  sealedAt: Date,
  throughLogId: number,
): Checkpoint[] {
  let seq = previous?.seq ?? 0;
  let prevHash = previous?.hash ?? GENESIS_HASH;
  return [...heads]
    .sort((a, b) => (a.incidentId < b.incidentId ? -1 : a.incidentId > b.incidentId ? 1 : 0))
    .map((head) => {
      const fields: CheckpointFields = {
        seq: ++seq,
        sealedAt: sealedAt.toISOString(),
        throughLogId,
        incidentId: head.incidentId,
        lastSeq: head.lastSeq,
        headHash: head.headHash,
      };
      const hash = checkpointHash(prevHash, fields);
      const link = { ...fields, prevHash, hash };
      prevHash = hash;
      return link;
    });
}

/** Whether one link holds in place: its own hash, the link before it, and the link after it. */
export function checkpointHolds(
  link: Checkpoint,
  before: Checkpoint | null,
  after: Checkpoint | null,
): boolean {
  if (checkpointHash(link.prevHash, link) !== link.hash) return false;
  if (link.seq === 1 ? link.prevHash !== GENESIS_HASH : before?.hash !== link.prevHash) return false;
  if (before && before.seq !== link.seq - 1) return false;
  return !after || (after.seq === link.seq + 1 && after.prevHash === link.hash);
}

/**
 * Index of the first link that does not follow, in a run of links that continues `after` (the chain's
 * start by default: a run read a page at a time passes the last link of the page before); -1 when all hold.
 */
export function firstBrokenCheckpoint(
  links: readonly Checkpoint[],
  after: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): number {
  let prev = after.hash;
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    if (link.seq !== after.seq + i + 1 || link.prevHash !== prev || checkpointHash(prev, link) !== link.hash)
      return i;
    prev = link.hash;
  }
  return -1;
}
