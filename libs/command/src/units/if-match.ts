import { RequestRejected } from '@erp/platform';

/**
 * The revision an edit was made against, from `If-Match` (optimistic concurrency). The unit's ETag is its
 * revision in quotes; a bare number is taken too, since consoles often send the body's `revision` as is.
 * Required: without it (or with `*`, which matches any revision) two officers' concurrent edits would
 * silently overwrite each other, so the answer is 428 Precondition Required (RFC 6585).
 */
export function expectedRevision(
  ifMatch: string | undefined,
  required = {
    code: 'UNIT.PRECONDITION_REQUIRED',
    message:
      '修改单位须带 If-Match send If-Match: "<revision>" with the ETag of the unit you edited (GET /api/v1/units/{id})',
  },
): number {
  if (ifMatch === undefined || ifMatch.trim() === '' || ifMatch.trim() === '*') {
    throw new RequestRejected(428, required.code, required.message);
  }
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
