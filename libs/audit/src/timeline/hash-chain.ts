import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  incidentId: string;
  seq: number;
  eventId: string;
  eventType: string;
  occurredAt: string;
  recordedAt: string;
  actor: unknown;
  payload: unknown;
}

/** JSON with sorted keys, so the same entry always hashes the same, whatever order it was built in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Each entry's hash covers the previous hash and the entry: altering or removing one breaks every later one. */
export function chainHash(prevHash: string, entry: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

/** Index of the first entry whose hash does not follow, or -1 when the whole chain holds. */
export function firstBrokenLink(
  entries: readonly (ChainedFields & { prevHash: string; hash: string })[],
): number {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const { prevHash, hash, ...fields } = entries[i];
    if (prevHash !== prev || chainHash(prev, fields) !== hash || fields.seq !== i + 1) return i;
    prev = hash;
  }
  return -1;
}
