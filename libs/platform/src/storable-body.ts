import type { NextFunction, Request, Response } from 'express';
import { findUnstorableText } from '@erp/contracts';
import { RequestRejected } from './domain-error.filter';

const CODES = { nul: 'REQUEST.NUL_CHARACTER', lone_surrogate: 'REQUEST.LONE_SURROGATE' } as const;

/**
 * Express middleware after the JSON body parser: a body holding text PostgreSQL cannot store (U+0000, a
 * lone surrogate) is refused whole, naming the field, before any use case runs or half-writes it.
 */
export function refuseUnstorableText(req: Request, _res: Response, next: NextFunction): void {
  const found =
    req.body !== undefined && !Buffer.isBuffer(req.body) ? findUnstorableText(req.body) : undefined;
  if (!found) return next();
  next(
    new RequestRejected(400, CODES[found.problem], `${found.message}: ${found.pointer}`, [
      { pointer: found.pointer, message: found.message },
    ]),
  );
}
