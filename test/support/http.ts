import { eventually } from './services';

/** A small JSON client over Node's fetch, for the e2e tests. */
export interface Reply<T = any> {
  status: number;
  body: T;
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    token?: string;
    apiKey?: string;
  } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined || options.rawBody !== undefined)
    headers['content-type'] ??= 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  const res = await fetch(base + path, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: body as T };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const r = await call(base, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.accessToken;
}

export function alarmBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source: 'demo-source',
    externalId: `ext-${Math.random().toString(36).slice(2)}`,
    type: 'fire',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    townshipCode: '511902001',
    description: '民房起火，有人员被困',
    ...overrides,
  };
}

/** Waits until intake reports the alarm joined an incident, and returns the incident id. */
export async function incidentOfAlarm(
  base: string,
  alarmId: string,
  apiKey: string,
  timeoutMs = 30_000,
): Promise<string> {
  return eventually(async () => {
    const r = await call(base, 'GET', `/api/v1/alarms/${alarmId}`, { apiKey });
    if (typeof r.body?.incidentId !== 'string')
      throw new Error(`alarm ${alarmId} has no incident yet: ${JSON.stringify(r.body)}`);
    return r.body.incidentId as string;
  }, timeoutMs);
}
