import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** What an incoming X-Request-Id may look like to be kept: a trace id, a UUID, a ULID; never free text. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The caller's request id when it is sane, else a new one. */
export function acceptRequestId(incoming: string | undefined): string {
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

type WithRequestId = Request & { requestId?: string };

/** Remembers the id the request logger gave this request (see `httpRequestLogger`). */
export function setRequestId(req: Request, id: string): void {
  (req as WithRequestId).requestId = id;
}

/** Express middleware, first in line, when requests are not logged (REQUEST_LOG=false): the id alone. */
export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  const id = acceptRequestId(req.header('x-request-id'));
  setRequestId(req, id);
  res.setHeader('X-Request-Id', id);
  next();
}

/** The id this request was given (a fresh one if the request logger never ran, as in a bare test app). */
export function requestIdOf(req: Request): string {
  const r = req as WithRequestId;
  r.requestId ??= randomUUID();
  return r.requestId;
}

/** A sane X-Correlation-Id from the caller ties the request to their own flow; else it is the request id. */
export function correlationIdOf(req: Request): string {
  const incoming = req.header('x-correlation-id');
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : requestIdOf(req);
}
