import { hash as digest } from 'node:crypto';

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

/**
 * A timeline entry as stored: its fields, the version it was hashed with, its two hashes, and from
 * version 2 on the actor's and payload's JSON texts exactly as written (canonical when written, stored
 * verbatim): what was hashed is then hashed again as it stands, without being re-serialised.
 */
export type ChainedEntry = Omit<ChainedFields, 'actor' | 'payload'> & {
  /** Parsed; a reader that has the stored texts need not parse them to verify a version-2 entry. */
  actor?: unknown;
  payload?: unknown;
  chainVersion?: number;
  prevHash: string;
  hash: string;
  actorJson?: string;
  payloadJson?: string;
};

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
  return digest('sha256', prevHash + canonicalJson(entry), 'hex');
}

/**
 * The hash an entry should carry after `prevHash`, by the version it was written with: what chainHash
 * gives for its fields (the summary from version 2 on), with the canonical JSON of the fixed top level
 * written out in key order rather than sorted per entry (a 1,000-entry timeline is verified on every read).
 */
export function entryHash(prevHash: string, e: ChainedEntry): string {
  const v2 = (e.chainVersion ?? 1) >= 2;
  const summary = v2 ? `,"summary":${canonicalJson(e.summary)}` : '';
  const actor = v2 && e.actorJson !== undefined ? e.actorJson : canonicalJson(parsed(e.actor, e.actorJson));
  const payload =
    v2 && e.payloadJson !== undefined ? e.payloadJson : canonicalJson(parsed(e.payload, e.payloadJson));
  const json =
    `{"actor":${actor},"eventId":${JSON.stringify(e.eventId)}` +
    `,"eventType":${JSON.stringify(e.eventType)},"incidentId":${JSON.stringify(e.incidentId)}` +
    `,"occurredAt":${JSON.stringify(e.occurredAt)},"payload":${payload}` +
    `,"recordedAt":${JSON.stringify(e.recordedAt)},"seq":${JSON.stringify(e.seq)}${summary}}`;
  return digest('sha256', prevHash + json, 'hex');
}

function parsed(value: unknown, text: string | undefined): unknown {
  return value === undefined && text !== undefined ? JSON.parse(text) : value;
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
