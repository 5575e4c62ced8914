import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** What an incoming X-Request-Id may look like to be kept: a trace id, a UUID, a ULID; never free text. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The caller's request id when it is sane, else a new one. */
export function acceptRequestId(incoming: string | undefined): string {
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

type WithRequestId = Request & { requestId?: string };

/** Express middleware, first in line: every request gets its id, echoed in the response's X-Request-Id. */
export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  const id = acceptRequestId(req.header('x-request-id'));
  (req as WithRequestId).requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
}

/** The id `assignRequestId` gave this request (a fresh one if it never ran, as in a bare test app). */
export function requestIdOf(req: Request): string {
  const r = req as WithRequestId;
  r.requestId ??= randomUUID();
  return r.requestId;
}
