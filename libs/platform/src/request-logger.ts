import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { pinoHttp } from 'pino-http';
import { AppLogger } from './logger';
import { acceptRequestId, correlationIdOf, setRequestId } from './request-id';

/** Probes and scrapes, every few seconds from each orchestrator: counted in metrics, not logged. */
const UNLOGGED_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/** The path without its query: `?access_token=` (the live stream's) must never reach a log. */
function pathOf(req: IncomingMessage): string {
  const url = (req as Request).originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/**
 * Express middleware, first in line (pino-http): gives every request its id (a sane `X-Request-Id` is
 * kept, echoed in the response), binds `requestId` and `correlationId` to every line logged while it
 * runs, and writes one JSON line when it ends (method, path, status, duration).
 */
export function httpRequestLogger(logger: AppLogger) {
  return pinoHttp({
    logger: logger.pino,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = acceptRequestId(req.headers['x-request-id'] as string | undefined);
      setRequestId(req as Request, id);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customProps: (req: IncomingMessage) => ({
      requestId: req.id,
      correlationId: correlationIdOf(req as Request),
    }),
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req) }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
    customAttributeKeys: { responseTime: 'durationMs' },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res, ms) => `${req.method} ${pathOf(req)} ${res.statusCode} ${ms}ms`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode} failed`,
    autoLogging: { ignore: (req) => UNLOGGED_PATHS.has(pathOf(req)) },
  });
}
