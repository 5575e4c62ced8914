import { sessions } from '../session/session-store';
import type { ErrorBody, FieldError, Move } from './types';

/** A refused or failed request, with the API's stable error code when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly allowed: Move[] = [],
    readonly fields: FieldError[] = [],
    /** From Retry-After on a 429: how long until the next try is let in. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  /** A 401 that refuses what was sent (a wrong current password), not the token: the session stays. */
  keepSessionOn401?: boolean;
}

/**
 * One JSON request to the product's own API (same origin, so nothing leaves the machine it runs on).
 * A 401 on a signed-in request ends the session as expired: the login screen then says so.
 */
export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const session = sessions.current();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session) headers.authorization = `Bearer ${session.token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  const text = await res.text();
  const parsed: unknown = text ? safeJson(text) : null;
  if (res.ok) return parsed as T;
  const error = (parsed as ErrorBody | null)?.error;
  if (res.status === 401 && session && !options.keepSessionOn401) sessions.end('expired');
  const retryAfter = Number(res.headers.get('retry-after'));
  throw new ApiError(
    res.status,
    error?.code ?? `HTTP.${res.status}`,
    error?.message ?? res.statusText,
    error?.allowed,
    error?.fields,
    retryAfter > 0 ? retryAfter : undefined,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
