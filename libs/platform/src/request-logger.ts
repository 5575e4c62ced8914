import type { NextFunction, Request, Response } from 'express';
import type { Logger as Pino } from 'pino';
import { AppLogger } from './logger';
import { correlationIdOf, giveRequestId } from './request-id';

/** Probes and scrapes, every few seconds from each orchestrator: counted in metrics, not logged. */
const UNLOGGED_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/** The path without its query: `?access_token=` (the live stream's) must never reach a log. */
function pathOf(req: Request): string {
  const url = req.originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

type LoggedRequest = Request & { log?: Pino };

/**
 * Express middleware, first in line: gives every request its id (a sane `X-Request-Id` is kept, echoed in
 * the response), a child of the one logger carrying `requestId` and `correlationId` as `req.log`, which
 * nestjs-pino hands to every line logged while the request runs, and writes one JSON line when it ends
 * (method, path, status, duration). pino-http did the same at 30 µs a request against 8 µs here, on the
 * intake's hot path (bench/observability-overhead.bench.ts, docs in README "Observability").
 */
export function httpRequestLogger(logger: AppLogger) {
  const root = logger.pino;
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = giveRequestId(req, res);
    const log = root.child({ requestId, correlationId: correlationIdOf(req) });
    (req as LoggedRequest).log = log;
    const path = pathOf(req);
    if (UNLOGGED_PATHS.has(path)) return next();
    const started = process.hrtime.bigint();
    let ended = false;
    // 'finish': the answer went out; 'close' alone: the client left first (logged as such).
    const end = () => {
      if (ended) return;
      ended = true;
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
      const status = res.statusCode;
      const line = { req: { method: req.method, path }, res: { status }, durationMs };
      if (!res.writableFinished) log.warn(line, `${req.method} ${path} aborted by the client`);
      else if (status >= 500) log.error(line, `${req.method} ${path} ${status} ${durationMs}ms`);
      else log.info(line, `${req.method} ${path} ${status} ${durationMs}ms`);
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  };
}
