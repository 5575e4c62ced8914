import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** What an incoming X-Request-Id may look like to be kept: a trace id, a UUID, a ULID; never free text. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The caller's id from `header` when it is sane, else `otherwise()`. */
function saneIdOr(req: Request, header: string, otherwise: () => string): string {
  const incoming = req.header(header);
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : otherwise();
}

type WithRequestId = Request & { requestId?: string };

/**
 * Gives the request its id, the one place it is decided: the caller's sane X-Request-Id, else a new one;
 * remembered for `requestIdOf` and echoed in the response.
 */
export function giveRequestId(req: Request, res: Response): string {
  const id = saneIdOr(req, 'x-request-id', randomUUID);
  (req as WithRequestId).requestId = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Express middleware, first in line, when requests are not logged (REQUEST_LOG=false): the id alone. */
export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  giveRequestId(req, res);
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
  return saneIdOr(req, 'x-correlation-id', () => requestIdOf(req));
}
