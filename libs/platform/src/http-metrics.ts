import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';

/**
 * Express middleware: counts and times every answer by its route template (`/api/v1/tasks/:id/…`, never
 * the ids themselves, so the series stay few); a request no route took counts as `unmatched`.
 */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = req.route ? `${req.baseUrl}${req.route.path as string}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
