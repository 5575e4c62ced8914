import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { bodyErrors } from '../command-structure/document-errors';
import { DomainError } from '../shared/domain-error';
import { hasControlCharacter } from '../shared/visible-text';
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

const SECRET_LENGTH = `密钥长度须为 ${MIN_SECRET}–${MAX_SECRET} 个字符 a secret of ${MIN_SECRET} to ${MAX_SECRET} characters`;
const knownEvents = () => notifiableEvents().join(', ');

/**
 * A registration as the commander sends it: an absolute http(s) URL without credentials or fragment, known
 * event names once each, a secret of 16 to 256 characters (it signs every delivery). Every check is
 * continuable, so one answer lists every error; the API documents this very schema.
 */
export const WebhookRegistrationSchema = z.strictObject(
  {
    url: z
      .string({ error: '必填 required: a URL' })
      .superRefine((url, ctx) => {
        const problems = url ? urlProblems(url) : [{ message: '必填 required: a URL' }];
        for (const { message } of problems) ctx.addIssue({ code: 'custom', message });
      })
      .meta({ description: 'absolute http(s), no credentials, no #fragment', maxLength: MAX_URL }),
    events: z
      .array(
        z.enum(notifiableEvents() as [string, ...string[]], {
          error: (issue) => `未知事件 unknown event ${JSON.stringify(issue.input)}; known: ${knownEvents()}`,
        }),
        { error: () => `至少一个事件 at least one of ${knownEvents()}` },
      )
      .min(1, { error: () => `至少一个事件 at least one of ${knownEvents()}` })
      .superRefine(
        (events, ctx) => {
          // Runs even when some are unknown, so duplicates are reported in the same answer.
          const seen = new Set<unknown>();
          events.forEach((event, i) => {
            if (!isNotifiable(String(event))) return;
            if (seen.has(event)) ctx.addIssue({ code: 'custom', path: [i], message: '重复 listed twice' });
            else seen.add(event);
          });
        },
        { when: (payload) => Array.isArray(payload.value) },
      )
      .meta({ description: 'each event once', uniqueItems: true }),
    secret: z
      .string({ error: SECRET_LENGTH })
      .min(MIN_SECRET, SECRET_LENGTH)
      .max(MAX_SECRET, SECRET_LENGTH)
      .refine((secret) => !hasControlCharacter(secret), '不能含控制字符 no control characters')
      .meta({ description: 'signs every delivery (`X-Signature-256`); never shown again' }),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? '未知字段 unknown field'
        : '需要 JSON 对象 expected an object {url, events, secret}',
  },
);

/** Checks a registration and answers it whole, or throws WEBHOOK.INVALID listing every error (JSON pointers). */
export function validateWebhookRegistration(body: unknown): WebhookRegistration {
  const parsed = WebhookRegistrationSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw invalid(bodyErrors(parsed.error));
}

function urlProblems(raw: string): { pointer: string; message: string }[] {
  const problem = (message: string) => [{ pointer: '/url', message }];
  if (raw.length > MAX_URL) return problem(`URL 过长 longer than ${MAX_URL} characters`);
  // The parser would quietly drop or encode these; what is stored and shown must be what was meant.
  if (hasControlCharacter(raw) || /\s/.test(raw))
    return problem('URL 不得含空白或控制字符 no spaces or control characters');
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
