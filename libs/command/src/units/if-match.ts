import { RequestRejected } from '@erp/platform';

/**
 * The revision an edit was made against, from `If-Match` (optimistic concurrency). The unit's ETag is its
 * revision in quotes; a bare number is taken too, since consoles often send the body's `revision` as is.
 * Absent or `*`: no expectation.
 */
export function expectedRevision(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '' || ifMatch.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
  if (!match) {
    throw new RequestRejected(
      400,
      'REQUEST.INVALID_IF_MATCH',
      `If-Match 无效 If-Match must name one revision, e.g. "3", not ${JSON.stringify(ifMatch)}`,
    );
  }
  return Number(match[1]);
}

export function etagOf(revision: number): string {
  return `"${revision}"`;
}
