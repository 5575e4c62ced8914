import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../shared/domain-error';
import { isNotifiable, Notification, notifiableEvents } from './notification';

/** An outbound webhook (an SMS or voice gateway) as the commander registers it. */
export interface WebhookRegistration {
  url: string;
  events: string[];
  secret: string;
}

const MAX_URL = 2048;
export const MIN_SECRET = 16;
const MAX_SECRET = 256;

/**
 * Checks a registration and answers it whole, or throws WEBHOOK.INVALID listing every error (JSON
 * pointers): an absolute http(s) URL without credentials or fragment, known event names once each, a
 * secret of 16 to 256 characters (it signs every delivery).
 */
export function validateWebhookRegistration(body: unknown): WebhookRegistration {
  const errors: { pointer: string; message: string }[] = [];
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid([{ pointer: '/', message: '需要 JSON 对象 expected an object {url, events, secret}' }]);
  }
  for (const key of Object.keys(b)) {
    if (!['url', 'events', 'secret'].includes(key))
      errors.push({ pointer: `/${key}`, message: `未知字段 unknown field` });
  }
  const url = b.url;
  if (typeof url !== 'string' || !url) errors.push({ pointer: '/url', message: '必填 required: a URL' });
  else errors.push(...urlProblems(url));
  const events = b.events;
  if (!Array.isArray(events) || events.length === 0) {
    errors.push({
      pointer: '/events',
      message: `至少一个事件 at least one of ${notifiableEvents().join(', ')}`,
    });
  } else {
    const seen = new Set<string>();
    events.forEach((e, i) => {
      if (typeof e !== 'string' || !isNotifiable(e)) {
        errors.push({
          pointer: `/events/${i}`,
          message: `未知事件 unknown event ${JSON.stringify(e)}; known: ${notifiableEvents().join(', ')}`,
        });
      } else if (seen.has(e)) errors.push({ pointer: `/events/${i}`, message: `重复 listed twice` });
      else seen.add(e);
    });
  }
  const secret = b.secret;
  if (typeof secret !== 'string' || secret.length < MIN_SECRET || secret.length > MAX_SECRET) {
    errors.push({
      pointer: '/secret',
      message: `密钥长度须为 ${MIN_SECRET}–${MAX_SECRET} 个字符 a secret of ${MIN_SECRET} to ${MAX_SECRET} characters`,
    });
  }
  if (errors.length) throw invalid(errors);
  return { url: url as string, events: events as string[], secret: secret as string };
}

function urlProblems(raw: string): { pointer: string; message: string }[] {
  const problem = (message: string) => [{ pointer: '/url', message }];
  if (raw.length > MAX_URL) return problem(`URL 过长 longer than ${MAX_URL} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return problem('不是有效的绝对 URL not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return problem('只接受 http 或 https only http(s)');
  if (url.username || url.password)
    return problem('URL 中不得含账号密码 no credentials in the URL: the secret signs deliveries');
  if (url.hash) return problem('URL 不得含片段 no #fragment');
  if (!url.hostname) return problem('缺少主机 no host');
  return [];
}

function invalid(errors: { pointer: string; message: string }[]): DomainError {
  return new DomainError('WEBHOOK.INVALID', 'invalid', 'Webhook 注册无效 invalid webhook registration', {
    errors,
  });
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`: what `X-Signature-256` carries. */
export function webhookSignature(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** A receiver's check, in constant time (what a gateway does with our deliveries). */
export function verifyWebhookSignature(rawBody: string | Buffer, secret: string, header: string): boolean {
  const expected = Buffer.from(webhookSignature(rawBody, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The body a gateway receives: the notification, and the event id it can de-duplicate by. */
export function webhookBody(notification: Notification, deliveryId: string): string {
  return JSON.stringify({
    eventId: notification.id,
    deliveryId,
    event: notification.event,
    incidentId: notification.incidentId,
    occurredAt: notification.occurredAt,
    text: notification.text,
    recipients: notification.recipients,
    facts: notification.facts,
  });
}

/** Wait before attempt `attempt + 1` after `attempt` failed: doubling from `baseMs`, at most an hour. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(3_600_000, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
}

/** The origin of a URL, for records people read (a path may carry a gateway's token). */
export function urlOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid';
  }
}
