import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * How an entry is hashed: 1 covered the event alone; 2 also covers the summary, the line people read.
 * Entries written before version 2 keep their version; a chain never goes back to a lower one.
 */
export const CHAIN_VERSION = 2;

export interface ChainedFields {
  incidentId: string;
  seq: number;
  eventId: string;
  eventType: string;
  occurredAt: string;
  recordedAt: string;
  actor: unknown;
  payload: unknown;
  /** Covered from chain version 2 on; absent from the hash of a version 1 entry. */
  summary?: string;
}

/** A timeline entry as stored: its fields, the version it was hashed with, and its two hashes. */
export type ChainedEntry = ChainedFields & { chainVersion?: number; prevHash: string; hash: string };

/**
 * JSON with sorted keys, so the same entry always hashes the same, whatever order it was built in.
 * Written by hand rather than with sort-then-map: a 1,000-entry timeline is re-hashed on every read.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** Each entry's hash covers the previous hash and the entry: altering or removing one breaks every later one. */
export function chainHash(prevHash: string, entry: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

/** The hash an entry should carry after `prevHash`, by the version it was written with. */
export function entryHash(prevHash: string, entry: ChainedEntry): string {
  const { chainVersion = 1, prevHash: _prev, hash: _hash, summary, ...fields } = entry;
  return chainHash(prevHash, chainVersion >= 2 ? { ...fields, summary } : fields);
}

/** Index of the first entry whose hash does not follow, or -1 when the whole chain holds. */
export function firstBrokenLink(entries: readonly ChainedEntry[]): number {
  let prev = GENESIS_HASH;
  let version = 1;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const entryVersion = entry.chainVersion ?? 1;
    if (
      entry.prevHash !== prev ||
      entry.seq !== i + 1 ||
      entryVersion < version ||
      entryHash(prev, entry) !== entry.hash
    )
      return i;
    version = entryVersion;
    prev = entry.hash;
  }
  return -1;
}
