import { Checkpoint, checkpointHash, checkpointHolds } from './checkpoint-chain';
import { ChainedEntry, entryHash, GENESIS_HASH } from './hash-chain';

/** The checkpoint links that cover one incident, oldest first, and the district links around the latest. */
export interface IncidentCheckpoints {
  links: readonly Checkpoint[];
  /** The district chain's links just before and after the latest of `links` (null at either end). */
  before: Checkpoint | null;
  after: Checkpoint | null;
}

export type TimelineProblem =
  /** An entry's content no longer matches its hash. */
  | 'ENTRY_ALTERED'
  /** An entry is missing from the middle (its number is skipped). */
  | 'ENTRY_MISSING'
  /** An entry does not link to the one before it (reordered, or relabelled to an older chain version). */
  | 'CHAIN_BROKEN'
  /** Fewer entries than a checkpoint sealed: the tail was cut, or all of them removed. */
  | 'TAIL_MISSING'
  /** The chain holds but is not the one sealed: it was rewritten and re-hashed. */
  | 'HEAD_REPLACED'
  /** A checkpoint link itself does not hold. */
  | 'CHECKPOINT_ALTERED';

const PROBLEM_TEXT: Record<TimelineProblem, string> = {
  ENTRY_ALTERED: '记录内容与哈希不符（被修改） an entry was altered',
  ENTRY_MISSING: '中间记录缺失（被删除） an entry is missing',
  CHAIN_BROKEN: '记录未链接到前一条 an entry does not link to the one before',
  TAIL_MISSING:
    '记录少于检查点封存的条数（尾部被截断或整体被删除） entries sealed by a checkpoint are missing',
  HEAD_REPLACED: '哈希链与检查点封存的不一致（被改写） the chain is not the one sealed',
  CHECKPOINT_ALTERED: '检查点链被篡改 a checkpoint link does not hold',
};

export interface TimelineVerification {
  intact: boolean;
  /** Entries stored. */
  entries: number;
  /** The last stored entry's hash (the genesis hash when there is none). */
  headHash: string;
  /** The number (seq) of the first entry that cannot be trusted; absent when intact. */
  firstBrokenAt?: number;
  problem?: { code: TimelineProblem; message: string };
  /** The latest checkpoint covering the incident; entries after its `lastSeq` rest on the chain alone. */
  checkpoint: { seq: number; sealedAt: string; lastSeq: number; headHash: string; hash: string } | null;
}

/**
 * Checks an incident's timeline: every entry's hash and link, then against every checkpoint that sealed
 * it, which is what finds a cut tail, a removed incident, or a chain rewritten and re-hashed.
 */
export function verifyTimeline(
  entries: readonly ChainedEntry[],
  sealed: IncidentCheckpoints,
): TimelineVerification {
  const found: { at: number; code: TimelineProblem }[] = [];
  const chainBreak = firstChainProblem(entries);
  if (chainBreak) found.push(chainBreak);

  const { links } = sealed;
  const latest = links[links.length - 1] ?? null;
  const linksHold =
    links.every(
      (link, i) =>
        checkpointHash(link.prevHash, link) === link.hash &&
        (i === 0 || link.lastSeq >= links[i - 1].lastSeq),
    ) &&
    (!latest || checkpointHolds(latest, sealed.before, sealed.after));
  if (!linksHold) {
    // Heads from a link that does not hold prove nothing either way.
    found.push({ at: Infinity, code: 'CHECKPOINT_ALTERED' });
  } else {
    const bySeq = new Map(entries.map((e) => [e.seq, e]));
    const highest = entries.reduce((max, e) => Math.max(max, e.seq), 0);
    let matchedThrough = 0;
    for (const link of links) {
      const sealedHead = bySeq.get(link.lastSeq);
      if (!sealedHead) {
        found.push(
          highest < link.lastSeq
            ? { at: highest + 1, code: 'TAIL_MISSING' }
            : { at: link.lastSeq, code: 'ENTRY_MISSING' },
        );
        break;
      }
      if (sealedHead.hash !== link.headHash) {
        found.push({ at: matchedThrough + 1, code: 'HEAD_REPLACED' });
        break;
      }
      matchedThrough = link.lastSeq;
    }
  }

  const first = found.sort((a, b) => a.at - b.at)[0];
  return {
    intact: !first,
    entries: entries.length,
    headHash: entries[entries.length - 1]?.hash ?? GENESIS_HASH,
    ...(first
      ? {
          ...(Number.isFinite(first.at) ? { firstBrokenAt: first.at } : {}),
          problem: { code: first.code, message: PROBLEM_TEXT[first.code] },
        }
      : {}),
    checkpoint: latest && {
      seq: latest.seq,
      sealedAt: latest.sealedAt,
      lastSeq: latest.lastSeq,
      headHash: latest.headHash,
      hash: latest.hash,
    },
  };
}

/** The first entry whose number, link or hash does not follow, as the seq it should have. */
function firstChainProblem(entries: readonly ChainedEntry[]): { at: number; code: TimelineProblem } | null {
  let prev = GENESIS_HASH;
  let version = 1;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.seq !== i + 1) return { at: i + 1, code: 'ENTRY_MISSING' };
    const entryVersion = entry.chainVersion ?? 1;
    if (entry.prevHash !== prev || entryVersion < version) return { at: i + 1, code: 'CHAIN_BROKEN' };
    if (entryHash(prev, entry) !== entry.hash) return { at: i + 1, code: 'ENTRY_ALTERED' };
    version = entryVersion;
    prev = entry.hash;
  }
  return null;
}
