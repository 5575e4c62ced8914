import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  LoggerService,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorKind } from '@erp/domain';
import { FieldError } from '@erp/contracts';
import { requestIdOf } from './request-id';

/** A request the edge refused before any use case ran (shape, auth, size): same body as a domain error. */
export class RequestRejected extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/** Details a client acts on: where a refused move stands and what was open (current, allowed, openTasks). */
function shownDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  if (typeof details?.current === 'string') shown.current = details.current;
  if (Array.isArray(details?.allowed)) shown.allowed = details.allowed;
  if (Array.isArray(details?.openTasks)) shown.openTasks = details.openTasks;
  return shown;
}

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  stale: HttpStatus.PRECONDITION_FAILED, // RFC 9110 §13.1.1: a failed If-Match
  forbidden: HttpStatus.FORBIDDEN,
  unauthenticated: HttpStatus.UNAUTHORIZED,
};

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  message?: string;
}

/**
 * Every error leaves as `{error: {code, message, fields?}}`. Domain error codes are stable; HTTP status
 * is chosen here, at the edge, from the kind of failure. Every 5xx is logged with its request id and
 * cause, and its body carries the request id, so a duty officer's report leads to the log line.
 */
@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  constructor(private readonly logger: LoggerService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(exception, http.getRequest<Request>(), http.getResponse<Response>());
  }

  /** Also used by the express error middleware, which sees body-parser errors before Nest does. */
  send(exception: unknown, req: Request, res: Response): void {
    const [status, body] = ErrorResponseFilter.describe(exception);
    if (status >= 500) {
      const requestId = requestIdOf(req);
      body.requestId = requestId;
      this.logger.error(
        {
          message: '请求失败 request failed',
          requestId,
          method: req.method,
          path: req.path,
          status,
          code: body.code,
          cause: exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
        },
        'HTTP',
      );
    }
    if (res.headersSent) return;
    res.status(status).json({ error: body });
  }

  private static describe(e: unknown): [number, Record<string, unknown>] {
    if (e instanceof RequestRejected) {
      return [
        e.status,
        { code: e.code, message: e.message, ...(e.fields.length ? { fields: e.fields } : {}) },
      ];
    }
    if (e instanceof DomainError) {
      // A refused document (unit, plan) lists EVERY error; a refused move says which moves were open.
      const errors = Array.isArray(e.details?.errors) ? (e.details.errors as FieldError[]) : null;
      const pointer = typeof e.details?.pointer === 'string' ? e.details.pointer : undefined;
      return [
        STATUS_BY_KIND[e.kind],
        {
          code: e.code,
          message: e.message,
          ...(errors ? { fields: errors } : pointer ? { fields: [{ pointer, message: e.message }] } : {}),
          ...shownDetails(e.details),
        },
      ];
    }
    const parserError = e as BodyParserError;
    if (parserError?.type === 'entity.too.large') {
      return [
        413,
        { code: 'REQUEST.TOO_LARGE', message: `body exceeds the limit of ${parserError.limit} bytes` },
      ];
    }
    if (parserError?.type === 'entity.parse.failed') {
      return [
        400,
        { code: 'REQUEST.MALFORMED_JSON', message: `body is not valid JSON: ${parserError.message}` },
      ];
    }
    if (parserError?.type && parserError.status && parserError.status < 500) {
      return [parserError.status, { code: 'REQUEST.UNREADABLE', message: parserError.message }];
    }
    if (e instanceof HttpException) {
      return [e.getStatus(), { code: `HTTP.${e.getStatus()}`, message: e.message }];
    }
    return [500, { code: 'INTERNAL', message: '内部错误 internal error' }];
  }
}
